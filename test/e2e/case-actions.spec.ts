import type { Page } from '@playwright/test';
import { caseOf, openSidePanel, withDesk, xPost, type Desk } from './desk.js';
import { choose, expect, test } from './fixtures.js';
import { statusBar, statusIds } from './x-status.js';

const { dana, sam } = statusIds;
const bar = statusBar;

async function openCasePanel(page: Page, id: string) {
  await bar(page, id).getByTestId('parley-case-number').click();
  await expect(bar(page, id).getByTestId('parley-case-panel')).toBeVisible();
}

// Each test has its own API process: they count what the server holds.
test('an agent changes a case and its customer from the bar: each change shows at once, lands once, and reaches a colleague', async () => {
  test.setTimeout(90_000);
  const facebookPost = { platform: 'facebook', externalId: '9001', url: 'https://www.facebook.com/sam.okafor.5/posts/9001', author: { handle: 'sam.okafor.5', displayName: 'Sam O.' }, text: 'Screen again' };
  // Dana wrote before, in a post not on this page; Sam has a Facebook profile the team knows.
  const before = async (api: Desk['api']) => {
    expect((await api.call('POST', '/cases', { post: xPost('1851000000000000001', 'dana_rivers', 'Dana Rivers', 'my order is late') })).status).toBe(201);
    expect((await api.call('POST', '/cases', { post: facebookPost })).status).toBe(201);
  };
  await withDesk({ agents: 2, before }, async ({ api, pages: [page, pageB], browsers: [browser, browserB] }) => {
    // Sam: a case, then its priority, assignee and tags from the case panel, and a note in the side panel it links to.
    await bar(page, sam).getByTestId('parley-create-case').click();
    await bar(page, sam).getByTestId('parley-case-submit').click();
    await expect(bar(page, sam).getByTestId('parley-case-number')).toHaveText('#3');
    await openCasePanel(page, sam);
    const panel = bar(page, sam).getByTestId('parley-case-panel');
    await choose(panel.getByTestId('parley-case-set-priority'), 'urgent');
    await expect(bar(page, sam).getByTestId('parley-notice')).toHaveText('Case #3 is updated');
    await choose(panel.getByTestId('parley-case-set-assignee'), { label: 'Maya' });
    await expect(bar(pageB, sam).getByTestId('parley-case-badge')).toContainText('Maya', { timeout: 3000 });
    await panel.getByTestId('parley-case-tags').fill('screen, repeat, screen');
    await panel.getByTestId('parley-case-save-tags').click();
    await expect(panel.getByTestId('parley-case-tags')).toHaveValue('screen, repeat');
    const side = await openSidePanel(browser);
    await panel.getByTestId('parley-open-in-panel').click();
    const inFull = side.getByTestId('parley-case-detail');
    await expect(inFull).toHaveAttribute('data-case-id', (await caseOf(api, sam)).id);
    await inFull.getByTestId('parley-detail-note-body').fill('Second screen this month: offer a replacement');
    await inFull.getByTestId('parley-detail-note-add').click();
    await expect(inFull.getByTestId('parley-detail-note')).toHaveText(/^Second screen this month: offer a replacement — Admin/);
    await expect(inFull.getByTestId('parley-detail-note')).not.toHaveAttribute('data-pending');
    await expect(bar(page, sam)).not.toContainText('offer a replacement');

    const samCase = await caseOf(api, sam);
    expect(samCase).toMatchObject({ number: 3, priority: 'urgent', tags: ['screen', 'repeat'], version: 4 });
    const detail = (await api.call('GET', `/cases/${samCase.id}`)).body;
    expect(detail.timeline.filter((event: { type: string }) => event.type === 'note')).toHaveLength(1);
    const agents = (await api.call('GET', '/agents')).body.agents as { id: string; name: string }[];
    expect(samCase.assigneeId).toBe(agents.find((agent) => agent.name === 'Maya')!.id);
    // The colleague opens the same case and finds the note.
    const sideB = await openSidePanel(browserB);
    await openCasePanel(pageB, sam);
    await bar(pageB, sam).getByTestId('parley-open-in-panel').click();
    await expect(sideB.getByTestId('parley-detail-note')).toContainText('offer a replacement');

    // Sam's customer: a new name and VIP, then their Facebook profile merged in.
    await bar(page, sam).getByTestId('parley-customer').click();
    await bar(page, sam).getByTestId('parley-customer-edit').click();
    await bar(page, sam).getByTestId('parley-customer-name').fill('Sam Okafor-Reyes');
    await bar(page, sam).getByTestId('parley-customer-vip').check();
    await bar(page, sam).getByTestId('parley-customer-save').click();
    await expect(bar(page, sam).getByTestId('parley-customer')).toContainText('Sam Okafor-Reyes · VIP');
    await bar(page, sam).getByTestId('parley-customer-edit').click();
    await bar(page, sam).getByTestId('parley-merge-handle').fill('nobody.here');
    await bar(page, sam).getByTestId('parley-merge').click();
    await expect(bar(page, sam).getByTestId('parley-merge-error')).toHaveText('No customer has the handle nobody.here');
    await bar(page, sam).getByTestId('parley-merge-handle').fill('sam.okafor.5');
    await bar(page, sam).getByTestId('parley-merge').click();
    await expect(bar(page, sam).getByTestId('parley-notice')).toHaveText('Sam O. is merged into Sam Okafor-Reyes');
    const merged = (await api.call('GET', '/customers/lookup?platform=facebook&handle=sam.okafor.5')).body;
    expect(merged.customer).toMatchObject({ id: samCase.customerId, name: 'Sam Okafor-Reyes', vip: true });
    expect(merged.cases).toHaveLength(2);
    await expect(bar(pageB, sam).getByTestId('parley-customer')).toContainText('Sam Okafor-Reyes · VIP · 2 cases', { timeout: 3000 });

    // Dana's post on the page goes into Dana's open case #1, for both agents.
    await bar(page, dana).getByTestId('parley-customer').click();
    await bar(page, dana).getByTestId('parley-link-post').click();
    await expect(bar(page, dana).getByTestId('parley-case-number')).toHaveText('#1');
    await expect(bar(pageB, dana).getByTestId('parley-case-number')).toHaveText('#1', { timeout: 3000 });
    expect((await caseOf(api, dana)).number).toBe(1);
  });
});

test('changes made with the server killed show at once, wait, and land once, in order, when it is back', async () => {
  test.setTimeout(90_000);
  const before = async (api: Desk['api']) => {
    expect((await api.call('POST', '/cases', { post: xPost(sam, 'sam_okafor', 'Sam Okafor', 'Same here, second broken screen this month') })).status).toBe(201);
  };
  await withDesk({ before }, async ({ api, pages: [page], browsers: [browser] }) => {
    await openCasePanel(page, sam);
    const panel = bar(page, sam).getByTestId('parley-case-panel');
    const side = await openSidePanel(browser);
    await panel.getByTestId('parley-open-in-panel').click();
    const inFull = side.getByTestId('parley-case-detail');
    await expect(inFull.getByTestId('parley-detail-status')).toBeVisible();

    await api.kill('SIGKILL');
    await choose(panel.getByTestId('parley-case-set-priority'), 'high');
    await expect(bar(page, sam).getByTestId('parley-case-badge')).toHaveAttribute('data-pending', 'true');
    await expect(bar(page, sam).getByTestId('parley-offline')).toHaveText('offline — 1 change waiting');
    // A second change on top of the first: it must not pass for a colleague's conflict.
    await choose(panel.getByTestId('parley-case-set-priority'), 'low');
    await expect(panel.getByTestId('parley-case-set-priority')).toHaveValue('low');
    await inFull.getByTestId('parley-detail-note-body').fill('Tried to call: no answer');
    await inFull.getByTestId('parley-detail-note-add').click();
    await expect(inFull.getByTestId('parley-detail-note')).toHaveAttribute('data-pending', 'true');
    await expect(inFull.getByTestId('parley-detail-note')).toContainText('(not yet sent)');
    await bar(page, sam).getByTestId('parley-customer').click();
    await bar(page, sam).getByTestId('parley-customer-edit').click();
    await bar(page, sam).getByTestId('parley-customer-tags').fill('fragile');
    await bar(page, sam).getByTestId('parley-customer-save').click();
    await expect(bar(page, sam).getByTestId('parley-customer-pending')).toBeVisible();
    await expect(bar(page, sam).getByTestId('parley-offline')).toHaveText('offline — 4 changes waiting');

    await api.revive();
    await expect(bar(page, sam).getByTestId('parley-offline')).toHaveCount(0, { timeout: 45_000 });
    await expect(bar(page, sam).getByTestId('parley-case-badge')).not.toHaveAttribute('data-pending', { timeout: 5000 });
    await expect(bar(page, sam).getByTestId('parley-customer-pending')).toHaveCount(0);
    await expect(inFull.getByTestId('parley-detail-note')).not.toHaveAttribute('data-pending');
    const kase = await caseOf(api, sam);
    expect(kase).toMatchObject({ priority: 'low', version: 3 });
    const detail = (await api.call('GET', `/cases/${kase.id}`)).body;
    const types = detail.timeline.map((event: { type: string }) => event.type);
    expect(types.filter((type: string) => type === 'priority')).toHaveLength(2);
    expect(types.filter((type: string) => type === 'note')).toHaveLength(1);
    expect(detail.customer.tags).toEqual(['fragile']);
  });
});

test('two agents change the same case at once: one change wins, the other agent is told, and both screens end the same', async () => {
  test.setTimeout(90_000);
  const before = async (api: Desk['api']) => {
    expect((await api.call('POST', '/cases', { post: xPost(dana, 'dana_rivers', 'Dana Rivers', 'cracked screen') })).status).toBe(201);
  };
  await withDesk({ agents: 2, before }, async ({ api, pages: [pageA, pageB] }) => {
    for (const each of [pageA, pageB]) await expect(bar(each, dana).getByTestId('parley-case-number')).toHaveText('#1');

    // Both choose while the server is paused, so that neither hears of the other's change first:
    // their requests wait in its queue and reach it together.
    api.pause();
    try {
      await Promise.all([
        choose(bar(pageA, dana).getByTestId('parley-case-status'), 'pending'),
        choose(bar(pageB, dana).getByTestId('parley-case-status'), 'resolved'),
      ]);
      for (const each of [pageA, pageB]) await expect(bar(each, dana).getByTestId('parley-case-badge')).toHaveAttribute('data-pending', 'true');
      await pageA.waitForTimeout(500);
    } finally {
      api.resume();
    }
    await expect.poll(async () => (await caseOf(api, dana)).version).toBe(2);
    const winner = (await caseOf(api, dana)).status as string;
    expect(['pending', 'resolved']).toContain(winner);
    const loser = winner === 'pending' ? pageB : pageA;
    await expect(bar(loser, dana).getByTestId('parley-notice')).toHaveText('Someone changed this case first: here it is as it is now');
    for (const each of [pageA, pageB]) await expect(bar(each, dana).getByTestId('parley-case-status')).toHaveValue(winner, { timeout: 3000 });
    const kase = await caseOf(api, dana);
    expect(kase.version).toBe(2);
    const detail = (await api.call('GET', `/cases/${kase.id}`)).body;
    expect(detail.timeline.filter((event: { type: string }) => event.type === 'status')).toHaveLength(1);
  });
});

test('the case form suggests a priority from the post, the customer card shows how their posts read, and the team\'s earlier replies are offered', async () => {
  test.setTimeout(90_000);
  const before = async (api: Desk['api']) => {
    for (const [id, text] of [['1851000000000000011', 'Worst service ever, I am furious 😡'], ['1851000000000000012', 'Thanks, all sorted now, you are brilliant 🙏']] as const) {
      expect((await api.call('POST', '/cases', { post: { ...xPost(id, 'sam_okafor', 'Sam Okafor', text), postedAt: new Date().toISOString() } })).status).toBe(201);
      const kase = await caseOf(api, id);
      expect((await api.call('PATCH', `/cases/${kase.id}`, { status: 'resolved', version: kase.version })).status).toBe(200);
    }
    // The team answered a broken screen before: that reply is offered for a post like it.
    expect((await api.call('POST', '/cases', { post: xPost('1851000000000000013', 'lee_harmon', 'Lee Harmon', 'My phone screen is broken after a week') })).status).toBe(201);
    const screen = await caseOf(api, '1851000000000000013');
    expect((await api.call('POST', `/cases/${screen.id}/replies`, { text: 'So sorry about the broken screen! DM us your order number and we will replace it.' })).status).toBe(201);
  };
  await withDesk({ before }, async ({ pages: [page] }) => {
    await bar(page, sam).getByTestId('parley-customer').click();
    const marks = bar(page, sam).getByTestId('parley-tone').locator('[data-tone]');
    await expect(marks).toHaveCount(2);
    expect(await marks.evaluateAll((spans) => spans.map((span) => span.getAttribute('data-tone')))).toEqual(['negative', 'positive']);

    await bar(page, sam).getByTestId('parley-create-case').click();
    const reasons = bar(page, sam).getByTestId('parley-priority-reasons');
    await expect(reasons).toContainText(/^Suggested (low|normal|high|urgent): /);
    const suggested = (await reasons.textContent())!.split(' ')[1]!.replace(':', '');
    await expect(bar(page, sam).getByTestId('parley-case-priority')).toHaveValue(suggested);

    await bar(page, sam).getByTestId('parley-suggest').click();
    const earlier = bar(page, sam).getByTestId('parley-suggestion').filter({ hasText: 'Your team\'s earlier reply' });
    await expect(earlier).toContainText('DM us your order number and we will replace it.');
  });
});
