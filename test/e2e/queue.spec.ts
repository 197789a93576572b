/** The team's queue in the side panel, opened as its page, on cases the server holds. */
import type { Page } from '@playwright/test';
import { startApi, type ApiServer } from './api-server.js';
import { MAYA, xPost } from './desk.js';
import { tone } from '../../api/domain/tone.js';
import { fixturePages } from '../fixtures/pages.js';
import { expect, fixture, launchWithExtension, serve, signInBrowser, test, watchPageErrors } from './fixtures.js';
import { statusBar, statusIds } from './x-status.js';

const tab = (panel: Page, queue: string) => panel.locator(`[data-testid="parley-queue-tab"][data-queue="${queue}"]`);
/** Every tab's count, as the panel shows it. */
const counts = (panel: Page) => panel.getByTestId('parley-queue-tab').evaluateAll((tabs) => Object.fromEntries(tabs.map((tab) => [tab.getAttribute('data-queue'), Number(tab.getAttribute('data-count'))])));
const numbers = (panel: Page) => panel.getByTestId('parley-queue-item').evaluateAll((rows) => rows.map((row) => Number(row.getAttribute('data-case-number'))));

type Seeded = { id: string; number: number; version: number };
type Names = 'dana' | 'sam' | 'lee' | 'priya' | 'jun';
type Launched = Awaited<ReturnType<typeof launchWithExtension>>;

async function seed(api: ApiServer): Promise<{ mayaId: string; adminId: string; cases: Record<Names, Seeded> }> {
  const maya = await api.call('POST', '/agents', { ...MAYA, role: 'agent' });
  expect(maya.status).toBe(201);
  const agents = (await api.call('GET', '/agents')).body.agents as { id: string; name: string }[];
  const adminId = agents.find((agent) => agent.name === 'Admin')!.id;
  const mayaId = maya.body.agent.id as string;
  const open = async (name: string, body: Record<string, unknown>) => {
    const made = await api.call('POST', '/cases', body);
    expect(made.status, JSON.stringify(made.body)).toBe(201);
    return [name, made.body.case as Seeded] as const;
  };
  const cases: Record<Names, Seeded> = Object.fromEntries([
    await open('dana', { post: xPost('1851000000000000101', 'dana_rivers', 'Dana Rivers', 'my order is late'), priority: 'urgent' }),
    await open('sam', { post: xPost('1851000000000000102', 'sam_okafor', 'Sam Okafor', 'second broken screen'), assigneeId: adminId }),
    await open('lee', {
      post: { platform: 'facebook', externalId: '9101', url: 'https://www.facebook.com/lee.park/posts/9101', author: { handle: 'lee.park', displayName: 'Lee Park' }, text: 'charged twice for one order' },
      priority: 'high',
    }),
    await open('priya', { post: xPost('1851000000000000104', 'priya_n', 'Priya N.', 'status page says all good'), priority: 'low' }),
    await open('jun', { post: xPost('1851000000000000105', 'jun_t', 'Jun Tran', 'refund for order 4417?'), assigneeId: mayaId, tags: ['billing'] }),
  ]) as Record<Names, Seeded>;
  const pending = await api.call('PATCH', `/cases/${cases.priya.id}`, { status: 'pending', version: cases.priya.version });
  expect(pending.status).toBe(200);
  return { mayaId, adminId, cases };
}

/** Signs a browser's extension in as `who` and opens the side panel as its page; answers it and the errors it throws. */
async function openPanel(browser: Launched, api: ApiServer, who?: typeof MAYA): Promise<{ panel: Page; errors: string[] }> {
  await signInBrowser(browser, api, who);
  const panel = await browser.context.newPage();
  const errors = watchPageErrors(panel);
  await panel.goto(`chrome-extension://${browser.extensionId}/sidepanel.html`);
  return { panel, errors };
}

/**
 * A fresh API that `before` seeds, a browser signed in as the admin, and the side panel opened as
 * its page; runs `body`, checks the panel saw no error, and closes everything.
 */
async function withPanel<T>(before: (api: ApiServer) => Promise<T>, body: (desk: { api: ApiServer; panel: Page; seeded: T }) => Promise<void>): Promise<void> {
  const api = await startApi();
  const browser = await launchWithExtension();
  try {
    const seeded = await before(api);
    const { panel, errors } = await openPanel(browser, api);
    await body({ api, panel, seeded });
    expect(errors).toEqual([]);
  } finally {
    await browser.close();
    await api.stop();
  }
}

test('the queue: counts, order, filters, search, and a colleague taking a case, live', async () => {
  test.setTimeout(90_000);
  await withPanel(seed, async ({ api, panel, seeded: { mayaId, cases } }) => {
    await expect(tab(panel, 'unassigned')).toHaveAttribute('data-count', '2', { timeout: 15_000 });
    for (const [queue, count] of [['mine', 1], ['open', 4], ['breaching', 0], ['pending', 1]] as const) {
      await expect(tab(panel, queue)).toHaveAttribute('data-count', String(count));
    }
    // Urgent first, then high, then the normal ones by when they are due.
    await tab(panel, 'open').click();
    expect(await numbers(panel)).toEqual([cases.dana.number, cases.lee.number, cases.sam.number, cases.jun.number]);
    const dana = panel.locator(`[data-testid="parley-queue-item"][data-case-id="${cases.dana.id}"]`);
    await expect(dana).toContainText('Dana Rivers · X');
    await expect(dana).toContainText('my order is late');
    await expect(dana.getByTestId('parley-queue-tone')).toHaveAttribute('data-tone', tone('my order is late').label);
    const lee = panel.locator(`[data-testid="parley-queue-item"][data-case-id="${cases.lee.id}"]`);
    await expect(lee.getByTestId('parley-queue-tone')).toHaveAttribute('data-tone', tone('charged twice for one order').label);
    await expect(dana).toContainText('urgent');
    await expect(dana).toContainText('Unassigned');
    await expect(dana).toHaveAttribute('data-sla', 'on_time');
    await expect(panel.locator(`[data-testid="parley-queue-item"][data-case-id="${cases.jun.id}"]`)).toContainText('Maya');

    // Filters and search.
    await panel.getByTestId('parley-queue-platform').selectOption('facebook');
    expect(await numbers(panel)).toEqual([cases.lee.number]);
    await panel.getByTestId('parley-queue-platform').selectOption('');
    await panel.getByTestId('parley-queue-tag').selectOption('billing');
    expect(await numbers(panel)).toEqual([cases.jun.number]);
    await panel.getByTestId('parley-queue-tag').selectOption('');
    await panel.getByTestId('parley-queue-assignee').selectOption(mayaId);
    expect(await numbers(panel)).toEqual([cases.jun.number]);
    await panel.getByTestId('parley-queue-assignee').selectOption('none');
    expect(await numbers(panel)).toEqual([cases.dana.number, cases.lee.number]);
    await panel.getByTestId('parley-queue-assignee').selectOption('');
    await panel.getByTestId('parley-queue-search').fill(`#${cases.sam.number}`);
    expect(await numbers(panel)).toEqual([cases.sam.number]);
    await panel.getByTestId('parley-queue-search').fill('charged TWICE');
    expect(await numbers(panel)).toEqual([cases.lee.number]);
    await panel.getByTestId('parley-queue-search').fill('');

    // Maya takes Dana's case, and resolves Lee's: they leave Unassigned and Open without a reload.
    const maya = await api.call('POST', '/auth/login', { email: MAYA.email, password: MAYA.password });
    const token = maya.body.token as string;
    expect((await api.call('PATCH', `/cases/${cases.dana.id}`, { assigneeId: mayaId, version: cases.dana.version }, token)).status).toBe(200);
    await expect(tab(panel, 'unassigned')).toHaveAttribute('data-count', '1', { timeout: 5000 });
    await expect(dana).toContainText('Maya');
    expect((await api.call('PATCH', `/cases/${cases.lee.id}`, { status: 'resolved', version: cases.lee.version }, token)).status).toBe(200);
    await expect(tab(panel, 'open')).toHaveAttribute('data-count', '3', { timeout: 5000 });
    expect(await numbers(panel)).toEqual([cases.dana.number, cases.sam.number, cases.jun.number]);
  });
});

test('from the keyboard: j and k move, x selects, a assigns to me, e resolves; a bulk resolve changes every selected case once', async () => {
  test.setTimeout(90_000);
  await withPanel(seed, async ({ api, panel, seeded: { adminId, cases } }) => {
    await expect(tab(panel, 'open')).toHaveAttribute('data-count', '4', { timeout: 15_000 });
    const focused = panel.locator('[data-testid="parley-queue-item"][data-focused="true"]');
    const serverCase = async (id: string) => (await api.call('GET', `/cases/${id}`)).body.case;

    // Unassigned: Dana (urgent) then Lee (high). j to Lee, a: Lee is mine.
    await expect(focused).toHaveAttribute('data-case-id', cases.dana.id);
    await panel.keyboard.press('j');
    await expect(focused).toHaveAttribute('data-case-id', cases.lee.id);
    await panel.keyboard.press('k');
    await expect(focused).toHaveAttribute('data-case-id', cases.dana.id);
    await panel.keyboard.press('j');
    await panel.keyboard.press('a');
    await expect(panel.getByTestId('parley-queue-notice')).toHaveText('Assigned to you: 1 of 1');
    await expect(tab(panel, 'mine')).toHaveAttribute('data-count', '2');
    await expect(tab(panel, 'unassigned')).toHaveAttribute('data-count', '1');
    expect((await serverCase(cases.lee.id)).assigneeId).toBe(adminId);

    // Open: Dana, Lee, Sam, Jun; the keyboard stays on Lee. k, then e: Dana's case is resolved.
    await tab(panel, 'open').click();
    await expect(focused).toHaveAttribute('data-case-id', cases.lee.id);
    await panel.keyboard.press('k');
    await panel.keyboard.press('e');
    await expect(tab(panel, 'open')).toHaveAttribute('data-count', '3');
    await expect(panel.getByTestId('parley-queue-notice')).toHaveText('Resolved: 1 of 1');
    expect((await serverCase(cases.dana.id)).status).toBe('resolved');

    // x on Lee and on Jun, then the bulk resolve: both, once each.
    await expect(focused).toHaveAttribute('data-case-id', cases.lee.id);
    await panel.keyboard.press('x');
    await panel.keyboard.press('j');
    await panel.keyboard.press('j');
    await expect(focused).toHaveAttribute('data-case-id', cases.jun.id);
    await panel.keyboard.press('x');
    await expect(panel.getByTestId('parley-bulk')).toContainText('2 selected');
    await panel.getByTestId('parley-bulk-tag').fill('refund');
    await panel.getByTestId('parley-bulk-tag-add').click();
    await expect(panel.getByTestId('parley-queue-notice')).toHaveText('Tagged refund: 2 of 2');
    await panel.getByTestId('parley-bulk-resolve').click();
    await expect(panel.getByTestId('parley-queue-notice')).toHaveText('Resolved: 2 of 2');
    await expect(tab(panel, 'open')).toHaveAttribute('data-count', '1');
    expect(await numbers(panel)).toEqual([cases.sam.number]);
    for (const id of [cases.lee.id, cases.jun.id]) {
      const detail = (await api.call('GET', `/cases/${id}`)).body;
      expect(detail.case).toMatchObject({ status: 'resolved', tags: expect.arrayContaining(['refund']) });
      expect(detail.timeline.filter((event: { type: string; data: { to?: string } }) => event.type === 'status' && event.data.to === 'resolved')).toHaveLength(1);
    }
  });
});

test('opening a case\'s post: the tab showing it comes to the front, else a new tab opens at its address; its bar says it came from the queue', async () => {
  test.setTimeout(90_000);
  const api = await startApi();
  const browser = await launchWithExtension();
  try {
    const made = async (id: string, handle: string, name: string) => (await api.call('POST', '/cases', { post: xPost(id, handle, name, 'cracked screen') })).body.case as Seeded;
    const dana = await made(statusIds.dana, 'dana_rivers', 'Dana Rivers');
    const sam = await made(statusIds.sam, 'sam_okafor', 'Sam Okafor');
    await signInBrowser(browser, api);
    // Every x.com address serves the status page, which shows both posts.
    await serve(browser.context, 'https://x.com/**', {}, fixture(fixturePages.xStatus.file));
    const site = await browser.context.newPage();
    const siteErrors = watchPageErrors(site);
    await site.goto(fixturePages.xStatus.url);
    await expect(site.locator(`[data-parley-post="x:${statusIds.dana}"]`)).toHaveCount(1);
    const panel = await browser.context.newPage();
    await panel.goto(`chrome-extension://${browser.extensionId}/sidepanel.html`);
    await panel.bringToFront();
    await expect(tab(panel, 'open')).toHaveAttribute('data-count', '2', { timeout: 15_000 });
    await tab(panel, 'open').click();
    // Which tab is in front, as the browser has it (every page of a headless run says it is visible).
    const front = () => panel.evaluate(async () => {
      const { chrome } = globalThis as unknown as { chrome: { tabs: { query(q: object): Promise<{ index: number }[]>; getCurrent(): Promise<{ index: number }> } } };
      const [active] = await chrome.tabs.query({ active: true, currentWindow: true });
      return active!.index - (await chrome.tabs.getCurrent()).index;
    });
    expect(await front()).toBe(0);

    await panel.locator(`[data-testid="parley-queue-item"][data-case-id="${dana.id}"]`).getByTestId('parley-open-post').click();
    // The site's tab, opened just before the panel's.
    await expect.poll(front).toBe(-1);
    await expect(statusBar(site, statusIds.dana).getByTestId('parley-notice')).toHaveText('Opened from the queue');

    // With no tab showing Sam's post, o on his row opens one at the post's address.
    await site.close();
    await panel.bringToFront();
    await panel.locator(`[data-testid="parley-queue-item"][data-case-id="${sam.id}"]`).click();
    const opened = browser.context.waitForEvent('page');
    await panel.keyboard.press('o');
    const page = await opened;
    await page.waitForURL(`https://x.com/sam_okafor/status/${statusIds.sam}`);
    await expect(statusBar(page, statusIds.sam).getByTestId('parley-notice')).toHaveText('Opened from the queue', { timeout: 15_000 });
    expect(siteErrors).toEqual([]);
  } finally {
    await browser.close();
    await api.stop();
  }
});

test('the case in full: posts, timeline, customer and a note added; with the server gone, the queue and the case still show', async () => {
  test.setTimeout(90_000);
  await withPanel(async (api) => {
    const seeded = await seed(api);
    const danaCase = (await api.call('GET', `/cases/${seeded.cases.dana.id}`)).body.case;
    expect((await api.call('PATCH', `/customers/${danaCase.customerId}`, { notes: 'Prefers DMs', vip: true })).status).toBe(200);
    return seeded;
  }, async ({ api, panel, seeded: { cases } }) => {
    await expect(tab(panel, 'unassigned')).toHaveAttribute('data-count', '2', { timeout: 15_000 });

    // Enter opens the case the keyboard is on.
    await panel.keyboard.press('Enter');
    const detail = panel.getByTestId('parley-case-detail');
    await expect(detail).toHaveAttribute('data-case-id', cases.dana.id);
    await expect(detail.getByTestId('parley-detail-post')).toHaveCount(1);
    await expect(detail.getByTestId('parley-detail-post').getByRole('link')).toHaveAttribute('href', 'https://x.com/dana_rivers/status/1851000000000000101');
    await expect(detail.getByTestId('parley-detail-customer')).toContainText('Dana Rivers · VIP');
    await expect(detail.getByTestId('parley-detail-customer-notes')).toHaveText('Prefers DMs');
    await expect(detail.getByTestId('parley-detail-identity')).toHaveText(['X: @dana_rivers']);
    await expect(detail.getByTestId('parley-timeline-item').first()).toHaveAttribute('data-type', 'created');
    // The controls of the bar's case panel, here too.
    await detail.getByTestId('parley-detail-priority').selectOption('high');
    await expect.poll(async () => (await api.call('GET', `/cases/${cases.dana.id}`)).body.case.priority).toBe('high');
    await detail.getByTestId('parley-detail-assignee').selectOption({ label: 'Maya' });
    await expect(tab(panel, 'unassigned')).toHaveAttribute('data-count', '1');
    await detail.getByTestId('parley-detail-tags').fill('late, depot');
    await detail.getByTestId('parley-detail-save-tags').click();
    await detail.getByTestId('parley-detail-status').selectOption('open');
    await expect.poll(async () => (await api.call('GET', `/cases/${cases.dana.id}`)).body.case).toMatchObject({ status: 'open', tags: ['late', 'depot'], priority: 'high' });
    await expect(detail.locator('[data-testid="parley-timeline-item"][data-type="assigned"]')).toContainText('Assigned to Maya — Admin');
    await detail.getByTestId('parley-detail-note-body').fill('Called her: parcel is at the depot');
    await detail.getByTestId('parley-detail-note-add').click();
    await expect(detail.locator('[data-testid="parley-timeline-item"][data-type="note"]')).toContainText('Note: Called her: parcel is at the depot — Admin');
    const notes = (await api.call('GET', `/cases/${cases.dana.id}`)).body.timeline.filter((event: { type: string }) => event.type === 'note');
    expect(notes).toHaveLength(1);

    // A click on another row opens that one.
    await panel.locator(`[data-testid="parley-queue-item"][data-case-id="${cases.lee.id}"]`).click();
    await expect(detail).toHaveAttribute('data-case-id', cases.lee.id);
    await expect(detail.getByTestId('parley-detail-identity')).toHaveText(['Facebook: lee.park']);

    // The server goes: the queue and the case still show, from this browser's working set.
    await api.kill('SIGKILL');
    await panel.reload();
    await expect(tab(panel, 'open')).toHaveAttribute('data-count', '4', { timeout: 15_000 });
    await tab(panel, 'open').click();
    await panel.locator(`[data-testid="parley-queue-item"][data-case-id="${cases.dana.id}"]`).click();
    await expect(detail).toHaveAttribute('data-case-id', cases.dana.id);
    await expect(detail.getByTestId('parley-detail-offline')).toBeVisible();
    await expect(detail.getByTestId('parley-detail-customer')).toContainText('Dana Rivers · VIP');
    await api.revive();
  });
});

test('signed out, the panel says how to sign in', async () => {
  const browser = await launchWithExtension();
  try {
    const panel = await browser.context.newPage();
    await panel.goto(`chrome-extension://${browser.extensionId}/sidepanel.html`);
    await expect(panel.getByTestId('parley-queue-signed-out')).toHaveText('Sign in to Parley to see the team\'s queue.');
    await expect(panel.getByTestId('parley-queue-tab')).toHaveCount(0);
  } finally {
    await browser.close();
  }
});

test('two agents, each with the side panel open: a case one takes, then one they resolve, leaves the other\'s queue, live', async () => {
  test.setTimeout(90_000);
  const api = await startApi();
  const a = await launchWithExtension();
  const b = await launchWithExtension();
  try {
    const { adminId, cases } = await seed(api);
    const { panel: panelA, errors: errorsA } = await openPanel(a, api);
    const { panel: panelB, errors: errorsB } = await openPanel(b, api, MAYA);
    // Maya has Jun's case; Dana's and Lee's are nobody's; Priya's waits on the customer.
    const before = { mine: 1, unassigned: 2, open: 4, breaching: 0, pending: 1 };
    await expect.poll(() => counts(panelA), { timeout: 15_000 }).toEqual(before);
    await expect.poll(() => counts(panelB), { timeout: 15_000 }).toEqual(before);
    expect(await numbers(panelB)).toEqual([cases.dana.number, cases.lee.number]);
    // Whatever B's panel shows next must come to it live: this mark goes with a reload.
    await panelB.evaluate(() => { (window as unknown as { parleyNoReload: boolean }).parleyNoReload = true; });
    const row = (panel: Page, id: string) => panel.locator(`[data-testid="parley-queue-item"][data-case-id="${id}"]`);

    // A, on Unassigned with the keyboard on Dana's case (urgent, so first), presses a.
    await expect(panelA.locator('[data-testid="parley-queue-item"][data-focused="true"]')).toHaveAttribute('data-case-id', cases.dana.id);
    await panelA.keyboard.press('a');
    await expect(panelA.getByTestId('parley-queue-notice')).toHaveText('Assigned to you: 1 of 1');
    await expect.poll(() => counts(panelA)).toEqual({ ...before, mine: 2, unassigned: 1 });
    // B's Unassigned tab drops to 1 and Dana's row leaves it; B's own queue is as it was.
    await expect.poll(() => counts(panelB), { timeout: 5000 }).toEqual({ ...before, unassigned: 1 });
    expect(await numbers(panelB)).toEqual([cases.lee.number]);
    await expect(row(panelB, cases.dana.id)).toHaveCount(0);
    const dana = (await api.call('GET', `/cases/${cases.dana.id}`)).body;
    expect(dana.case.assigneeId).toBe(adminId);
    expect(dana.timeline.filter((event: { type: string }) => event.type === 'assigned')).toEqual([expect.objectContaining({ data: { from: null, to: adminId } })]);
    // In B's Open list, Dana's case now says whose it is.
    await tab(panelB, 'open').click();
    await expect(row(panelB, cases.dana.id)).toContainText('Admin');

    // A, on Open, moves to Lee's case and presses e: it leaves B's Open list (and Unassigned).
    await tab(panelA, 'open').click();
    await expect(panelA.locator('[data-testid="parley-queue-item"][data-focused="true"]')).toHaveAttribute('data-case-id', cases.dana.id);
    await panelA.keyboard.press('j');
    await expect(panelA.locator('[data-testid="parley-queue-item"][data-focused="true"]')).toHaveAttribute('data-case-id', cases.lee.id);
    await panelA.keyboard.press('e');
    await expect(panelA.getByTestId('parley-queue-notice')).toHaveText('Resolved: 1 of 1');
    await expect.poll(() => counts(panelB), { timeout: 5000 }).toEqual({ ...before, unassigned: 0, open: 3 });
    expect(await numbers(panelB)).toEqual([cases.dana.number, cases.sam.number, cases.jun.number]);
    await expect(row(panelB, cases.lee.id)).toHaveCount(0);
    const lee = (await api.call('GET', `/cases/${cases.lee.id}`)).body;
    expect(lee.case).toMatchObject({ status: 'resolved', assigneeId: null });
    expect(lee.timeline.filter((event: { type: string; data: { to?: string } }) => event.type === 'status' && event.data.to === 'resolved')).toHaveLength(1);

    expect(await panelB.evaluate(() => (window as unknown as { parleyNoReload?: boolean }).parleyNoReload)).toBe(true);
    expect([...errorsA, ...errorsB]).toEqual([]);
  } finally {
    await a.close();
    await b.close();
    await api.stop();
  }
});
