import { v7 as uuidv7 } from 'uuid';
import { openDatabase } from '../../api/db/client.js';
import { updateCase } from '../../api/ops/cases.js';
import { ADMIN } from './api-server.js';
import { caseOf, withDesk, xPost, type Desk } from './desk.js';
import { choose, expect, leaveInOutbox, signIn, test } from './fixtures.js';
import { statusBar, statusIds } from './x-status.js';

const { dana, sam } = statusIds;
const bar = statusBar;

// Each test has its own API process: it kills it.
test('with the server killed, cases wait in the outbox; when it is back they are created once and reach the other agent', async () => {
  test.setTimeout(90_000);
  await withDesk({ agents: 2 }, async ({ api, pages: [pageA, pageB] }) => {
    await expect(bar(pageB, dana).getByTestId('parley-create-case')).toBeVisible();

    await api.kill('SIGKILL');
    for (const [id, waiting] of [[dana, 1], [sam, 2]] as const) {
      await bar(pageA, id).getByTestId('parley-create-case').click();
      await bar(pageA, id).getByTestId('parley-case-submit').click();
      await expect(bar(pageA, id).getByTestId('parley-notice')).toContainText('out of reach');
      await expect(bar(pageA, id).getByTestId('parley-offline')).toHaveText(`offline — ${waiting} change${waiting === 1 ? '' : 's'} waiting`);
      // The case shows at once, without a number until the server gives it one.
      await expect(bar(pageA, id).getByTestId('parley-case-badge')).toHaveAttribute('data-provisional', 'true');
      await expect(bar(pageA, id).getByTestId('parley-create-case')).toHaveCount(0);
    }

    // A reply sent with the site's own box on a case still waiting: it is recorded on that case once it exists.
    await pageA.locator('[data-fixture="inline-composer"] [data-testid="tweetTextarea_0"]').click();
    await pageA.keyboard.type('So sorry Dana, a new screen is on its way');
    await pageA.locator('[data-testid="tweetButtonInline"]').click();
    await expect(bar(pageA, dana).getByTestId('parley-notice')).toContainText('the reply will be recorded when it is back');
    await expect(bar(pageA, dana).getByTestId('parley-offline')).toHaveText('offline — 3 changes waiting');
    await expect(bar(pageA, dana).getByTestId('parley-case-status')).toHaveValue('open');

    await api.revive();
    for (const page of [pageA, pageB]) {
      for (const id of [dana, sam]) await expect(bar(page, id).getByTestId('parley-case-number')).toHaveText(/^#[12]$/, { timeout: 45_000 });
    }
    await expect(bar(pageA, dana).getByTestId('parley-offline')).toHaveCount(0);
    const cases = (await api.call('GET', '/cases?limit=50')).body.cases as { id: string; number: number }[];
    expect(cases.map((kase) => kase.number).sort()).toEqual([1, 2]);
    const danaCase = await caseOf(api, dana);
    const detail = (await api.call('GET', `/cases/${danaCase.id}`)).body;
    expect(detail.case).toMatchObject({ status: 'open', firstResponseAt: expect.any(String) });
    expect(detail.timeline.filter((event: { type: string }) => event.type === 'reply').map((event: { data: { text: string } }) => event.data.text))
      .toEqual(['So sorry Dana, a new screen is on its way']);
  });
});

test('a change made on a case someone else changed first is refused, shown, and the bar comes back to the case as it is', async () => {
  test.setTimeout(90_000);
  let caseId = '';
  const before = async (api: Desk['api']) => {
    const made = await api.call('POST', '/cases', { post: xPost(dana, 'dana_rivers', 'Dana Rivers', 'cracked screen') });
    expect(made.status).toBe(201);
    caseId = made.body.case.id;
  };
  await withDesk({ before }, async ({ api, pages: [page] }) => {
    const status = bar(page, dana).getByTestId('parley-case-status');
    await expect(status).toHaveValue('new');

    // The agent works offline on version 1 while a colleague moves the case to pending.
    await api.kill('SIGKILL');
    await choose(status, 'open');
    await expect(status).toHaveValue('open');
    await expect(bar(page, dana).getByTestId('parley-offline')).toHaveText('offline — 1 change waiting');
    const db = await openDatabase({ url: api.databaseUrl });
    const me = (await db.client.first({ sql: 'SELECT id, org_id FROM agents WHERE email = ?', args: [ADMIN.email] }))!;
    await db.tx((tx) => updateCase(tx, { agentId: String(me[0]), orgId: String(me[1]) }, caseId, { status: 'pending', version: 1 }, new Date()));
    db.close();

    await api.revive();
    await expect(bar(page, dana).getByTestId('parley-notice')).toContainText('refused', { timeout: 45_000 });
    await expect(status).toHaveValue('pending', { timeout: 10_000 });
    const now = (await api.call('GET', `/cases/${caseId}`)).body;
    expect([now.case.status, now.case.version]).toEqual(['pending', 2]);
    expect(now.timeline.filter((event: { type: string }) => event.type === 'status')).toHaveLength(1);
  });
});

test('a service worker stopped with a case in its outbox sends it when it starts again', async () => {
  test.setTimeout(90_000);
  await withDesk({}, async ({ api, pages: [page] }) => {
    await api.kill('SIGKILL');
    await bar(page, sam).getByTestId('parley-create-case').click();
    await bar(page, sam).getByTestId('parley-case-submit').click();
    await expect(bar(page, sam).getByTestId('parley-offline')).toHaveText('offline — 1 change waiting');

    // Chromium stops the background as it does an idle one; nothing of it survives but IndexedDB.
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('ServiceWorker.enable');
    const versions: string[] = [];
    cdp.on('ServiceWorker.workerVersionUpdated', ({ versions: list }) => {
      for (const version of list) versions.push(version.runningStatus);
    });
    await cdp.send('ServiceWorker.stopAllWorkers');
    await expect.poll(() => versions.includes('stopped')).toBe(true);
    await api.revive();
    await expect(bar(page, sam).getByTestId('parley-case-number')).toHaveText('#1', { timeout: 45_000 });
    const cases = (await api.call('GET', '/cases?limit=50')).body.cases as unknown[];
    expect(cases).toHaveLength(1);
    // It did stop, and came back.
    expect(versions.lastIndexOf('running')).toBeGreaterThan(versions.indexOf('stopped'));
  });
});

test('signing out with changes still waiting is refused until they are sent, unless the agent discards them', async () => {
  test.setTimeout(90_000);
  await withDesk({}, async ({ api, pages: [page], browsers: [browser] }) => {
    await api.kill('SIGKILL');
    await bar(page, sam).getByTestId('parley-create-case').click();
    await bar(page, sam).getByTestId('parley-case-submit').click();
    await expect(bar(page, sam).getByTestId('parley-offline')).toHaveText('offline — 1 change waiting');

    const options = await page.context().newPage();
    await options.goto(`chrome-extension://${browser.extensionId}/options.html`);
    await options.getByTestId('parley-sign-out').click();
    await expect(options.getByTestId('parley-sign-out-waiting')).toContainText('1 change has not reached Parley\'s server yet');
    await expect(options.getByTestId('parley-signed-in')).toBeVisible();

    // Back online, signing out sends it first.
    await api.revive();
    await options.getByTestId('parley-sign-out').click();
    await expect(options.getByTestId('parley-email')).toBeVisible({ timeout: 30_000 });
    expect((await caseOf(api, sam))?.number).toBe(1);

    // Offline again, the agent chooses to sign out anyway: what waited is gone, and never sent.
    await signIn(options, browser.extensionId, api);
    await expect(bar(page, dana).getByTestId('parley-create-case')).toBeVisible();
    await api.kill('SIGKILL');
    await bar(page, dana).getByTestId('parley-create-case').click();
    await bar(page, dana).getByTestId('parley-case-submit').click();
    await expect(bar(page, dana).getByTestId('parley-offline')).toHaveText('offline — 1 change waiting');
    await options.getByTestId('parley-sign-out').click();
    await options.getByTestId('parley-sign-out-discard').click();
    await expect(options.getByTestId('parley-email')).toBeVisible();
    await api.revive();
    await signIn(options, browser.extensionId, api);
    await expect(bar(page, dana).getByTestId('parley-create-case')).toBeVisible({ timeout: 10_000 });
    expect(await caseOf(api, dana)).toBeUndefined();
  });
});

test('an action the server refuses whole does not hold the others back: it is dropped, said on its bar, and the rest go', async () => {
  test.setTimeout(90_000);
  await withDesk({}, async ({ api, pages: [page], browsers: [browser] }) => {
    const options = await page.context().newPage();
    await options.goto(`chrome-extension://${browser.extensionId}/options.html`);
    const now = Date.now();
    // As an older version of the extension might have queued it: a note on a case id that is not one.
    const poison = { id: uuidv7(), name: 'addNote', args: { caseId: 'case-7', body: 'left from before' }, postKey: `x:${dana}`, queuedAt: now };
    const good = { id: uuidv7(), name: 'createCase', args: { post: xPost(sam, 'sam_okafor', 'Sam Okafor', 'Same here') }, postKey: `x:${sam}`, queuedAt: now };
    await leaveInOutbox(options, [poison, good]);

    await expect(bar(page, sam).getByTestId('parley-case-number')).toHaveText('#1', { timeout: 15_000 });
    await expect(bar(page, dana).getByTestId('parley-notice')).toContainText('The server refused a change made offline');
    expect((await caseOf(api, sam))?.number).toBe(1);
  });
});

test('a reply sent from a suggestion teaches the offline ranking at once: with the server gone, a post like the one it answered gets that template first', async () => {
  test.setTimeout(90_000);
  let replacement = '';
  const before = async (api: Desk['api']) => {
    const made = await api.call('POST', '/templates', { title: 'Replacement on its way', body: 'So sorry, {{customer.name}}: a replacement ships today.', tags: [] });
    expect(made.status).toBe(201);
    replacement = made.body.template.id;
    expect((await api.call('POST', '/templates', { title: 'This month\'s offer', body: 'Our offer this month: 10% off everything.', tags: [] })).status).toBe(201);
    expect((await api.call('POST', '/cases', { post: xPost(dana, 'dana_rivers', 'Dana Rivers', 'my order #48213 arrived with a cracked screen') })).status).toBe(201);
  };
  await withDesk({ before }, async ({ api, pages: [page] }) => {
    const first = (id: string) => bar(page, id).getByTestId('parley-suggestion').first();
    // Before any answer, Sam's post shares a word with the offer only.
    await bar(page, sam).getByTestId('parley-suggest').click();
    await expect(first(sam)).toContainText('Our offer this month');
    await bar(page, sam).getByTestId('parley-suggest').click();

    await bar(page, dana).getByTestId('parley-suggest').click();
    const suggestion = bar(page, dana).getByTestId('parley-suggestion').filter({ hasText: 'a replacement ships today' });
    await suggestion.getByTestId('parley-insert').click();
    await expect(page.locator('[data-fixture="inline-composer"] [data-testid="tweetTextarea_0"]')).toContainText('a replacement ships today');
    await page.locator('[data-testid="tweetButtonInline"]').click();
    const danaCase = await caseOf(api, dana);
    await expect.poll(async () => (await api.call('GET', `/cases/${danaCase.id}`)).body.timeline
      .filter((event: { type: string; data: { templateId?: string } }) => event.type === 'reply' && event.data.templateId === replacement).length, { timeout: 15_000 }).toBe(1);

    await api.kill('SIGKILL');
    await bar(page, sam).getByTestId('parley-suggest').click();
    await expect(first(sam)).toContainText('a replacement ships today.');
    await expect(first(sam)).toContainText('posts the team answered with it match “screen”');
  });
});
