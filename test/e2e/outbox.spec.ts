/**
 * The outbox keeps each agent's changes for that agent, across sign-ins on the same browser, and
 * sets aside, for the agent's decision, what the server can no longer apply safely: a change
 * older than the server remembers changes, or one it keeps failing on.
 */
import { v7 as uuidv7 } from 'uuid';
import { openDatabase } from '../../api/db/client.js';
import { ADMIN, type ApiServer } from './api-server.js';
import { caseOf, MAYA, openSidePanel, withDesk, xPost } from './desk.js';
import { expect, leaveInOutbox, signIn, test } from './fixtures.js';
import { statusBar, statusIds } from './x-status.js';

const { dana, sam } = statusIds;
const bar = statusBar;
const DAY = 24 * 60 * 60 * 1000;

/** A fresh token of `who`, for checking what the server holds. */
async function tokenOf(api: ApiServer, who: { email: string; password: string }): Promise<string> {
  const login = await api.call('POST', '/auth/login', { email: who.email, password: who.password }, '');
  expect(login.status).toBe(200);
  return login.body.token as string;
}

async function notesOn(api: ApiServer, token: string, caseId: string): Promise<string[]> {
  const detail = await api.call('GET', `/cases/${caseId}`, undefined, token);
  return detail.body.timeline.filter((event: { type: string }) => event.type === 'note').map((event: { data: { body: string } }) => event.data.body);
}

test('a change waits for the agent who made it: another agent signing in on the browser neither loses nor sends it', async () => {
  test.setTimeout(120_000);
  const before = async (api: ApiServer) => {
    expect((await api.call('POST', '/agents', { ...MAYA, role: 'agent' })).status).toBe(201);
  };
  await withDesk({ before }, async ({ api, pages: [page], browsers: [browser] }) => {
    await expect(bar(page, sam).getByTestId('parley-create-case')).toBeVisible();
    await api.kill('SIGKILL');
    await bar(page, sam).getByTestId('parley-create-case').click();
    await bar(page, sam).getByTestId('parley-case-submit').click();
    await expect(bar(page, sam).getByTestId('parley-offline')).toHaveText('offline — 1 change waiting');

    // While the server is down the admin's session is ended there (every token revoked).
    const db = await openDatabase({ url: api.databaseUrl });
    await db.tx((tx) => tx.$client.execute('DELETE FROM tokens'));
    await db.close();
    await api.revive();
    await page.reload();
    await expect(bar(page, dana).getByTestId('parley-sign-in-again')).toBeVisible({ timeout: 15_000 });

    // Maya signs in on the same browser: the admin's change is kept, said to be the admin's, and not sent as hers.
    const options = await page.context().newPage();
    await signIn(options, browser.extensionId, api, MAYA);
    const owner = options.getByTestId('parley-outbox-owner');
    await expect(owner).toHaveCount(1);
    await expect(owner).toHaveAttribute('data-email', ADMIN.email);
    await expect(owner).toHaveText('1 change for Admin (admin@brand.test) in Brand Co: sent when they sign in on this browser again');
    await page.reload();
    await expect(bar(page, dana).getByTestId('parley-create-case')).toBeVisible();
    await bar(page, dana).getByTestId('parley-create-case').click();
    await bar(page, dana).getByTestId('parley-case-submit').click();
    await expect(bar(page, dana).getByTestId('parley-case-number')).toHaveText('#1');
    await expect(bar(page, sam).getByTestId('parley-create-case')).toBeVisible();
    await expect(bar(page, sam).getByTestId('parley-offline')).toHaveCount(0);
    const check = await tokenOf(api, MAYA);
    expect((await api.call('GET', `/posts/cases?platform=x&externalIds=${sam}`, undefined, check)).body.links).toEqual([]);
    const agents = (await api.call('GET', '/agents', undefined, check)).body.agents as { id: string; name: string }[];
    const danaCase = (await api.call('GET', `/posts/cases?platform=x&externalIds=${dana}`, undefined, check)).body.links[0].case;
    const opener = (await api.call('GET', `/cases/${danaCase.id}`, undefined, check)).body.timeline[0].actorId;
    expect(opener).toBe(agents.find((agent) => agent.name === 'Maya')!.id);

    // The admin signs in again: their change goes, once, as theirs.
    await options.getByTestId('parley-sign-out').click();
    await expect(options.getByTestId('parley-email')).toBeVisible();
    await signIn(options, browser.extensionId, api, ADMIN);
    await expect(bar(page, sam).getByTestId('parley-case-number')).toHaveText('#2', { timeout: 15_000 });
    await expect(options.getByTestId('parley-outbox-owner')).toHaveCount(0);
    const samCase = (await api.call('GET', `/posts/cases?platform=x&externalIds=${sam}`, undefined, check)).body.links[0].case;
    const samDetail = (await api.call('GET', `/cases/${samCase.id}`, undefined, check)).body;
    expect(samDetail.timeline[0].actorId).toBe(agents.find((agent) => agent.name === 'Admin')!.id);
    expect((await api.call('GET', '/cases?limit=100', undefined, check)).body.cases).toHaveLength(2);
  });
});

test('a change older than the server remembers, or one the server keeps failing on, waits for the agent\'s decision; the rest go', async () => {
  test.setTimeout(120_000);
  const before = async (api: ApiServer) => {
    expect((await api.call('POST', '/cases', { post: xPost(dana, 'dana_rivers', 'Dana Rivers', 'my order is late') })).status).toBe(201);
  };
  await withDesk({ before }, async ({ api, pages: [page], browsers: [browser] }) => {
    const caseId = (await caseOf(api, dana))!.id as string;
    const options = await page.context().newPage();
    await options.goto(`chrome-extension://${browser.extensionId}/options.html`);
    await expect(options.getByTestId('parley-signed-in')).toBeVisible();

    // Left from a laptop closed for eight days, and one from four days ago.
    const stale = (body: string, ago: number) => ({
      id: uuidv7({ msecs: Date.now() - ago }), name: 'addNote', args: { caseId, body }, postKey: `x:${dana}`, queuedAt: Date.now() - ago,
    });
    const lastWeek = stale('from last week', 8 * DAY);
    const forgotten = stale('nobody wants this one', 9 * DAY);
    await leaveInOutbox(options, [forgotten, lastWeek, stale('four days ago', 4 * DAY)]);
    await expect.poll(() => notesOn(api, api.adminToken, caseId)).toEqual(['four days ago']);
    await expect(bar(page, dana).getByTestId('parley-held')).toHaveText('2 changes need your decision');
    await expect(bar(page, dana).getByTestId('parley-notice')).toContainText('A change made earlier was not sent: This change was made');

    // The server fails on one note, whatever it does: it is tried a few times, then set aside; a later note goes.
    const db = await openDatabase({ url: api.databaseUrl });
    await db.tx((tx) => tx.$client.execute(
      "CREATE TRIGGER e2e_fault BEFORE INSERT ON events WHEN NEW.data LIKE '%disk on fire%' BEGIN SELECT RAISE(ABORT, 'injected fault'); END"));
    const side = await openSidePanel(browser);
    await bar(page, dana).getByTestId('parley-case-number').click();
    await bar(page, dana).getByTestId('parley-open-in-panel').click();
    const detail = side.getByTestId('parley-case-detail');
    for (const body of ['disk on fire', 'after the fault']) {
      await detail.getByTestId('parley-detail-note-body').fill(body);
      await detail.getByTestId('parley-detail-note-add').click();
    }
    await expect.poll(() => notesOn(api, api.adminToken, caseId)).toEqual(['four days ago', 'after the fault']);
    await expect(bar(page, dana).getByTestId('parley-held')).toHaveText('3 changes need your decision', { timeout: 20_000 });
    await db.tx((tx) => tx.$client.execute('DROP TRIGGER e2e_fault'));
    await db.close();

    // The options page lists them; the agent sends two again and discards one.
    const held = options.getByTestId('parley-held-change');
    await expect(held).toHaveCount(3);
    await expect(held.nth(0)).toHaveAttribute('data-code', 'mutation_expired');
    await expect(held.nth(0)).toContainText('9 days ago');
    await expect(held.nth(2)).toHaveAttribute('data-code', 'internal');
    await expect(options.getByTestId('parley-outbox-owner')).toHaveText('3 changes for Admin (admin@brand.test) in Brand Co, 3 of them waiting for a decision');
    await held.nth(0).getByTestId('parley-held-discard').click();
    await expect(held).toHaveCount(2);
    await held.nth(0).getByTestId('parley-held-resend').click();
    await expect(held).toHaveCount(1);
    await held.nth(0).getByTestId('parley-held-resend').click();
    await expect(held).toHaveCount(0);
    await expect.poll(() => notesOn(api, api.adminToken, caseId)).toEqual(['four days ago', 'after the fault', 'from last week', 'disk on fire']);
    await expect(bar(page, dana).getByTestId('parley-held')).toHaveCount(0);
    await expect(options.getByTestId('parley-outbox-owner')).toHaveCount(0);
  });
});
