/**
 * Desktop notifications, on the agent's real browser: a case a colleague assigns to them, and one
 * of theirs coming due. Each kind can be switched off in the options; with the session ended, nothing shows.
 */
import type { Page } from '@playwright/test';
import { openDatabase } from '../../api/db/client.js';
import { startApi, type ApiServer } from './api-server.js';
import { MAYA, openSidePanel, xPost } from './desk.js';
import { expect, launchWithExtension, signIn, test, watchPageErrors } from './fixtures.js';

/** The ids of the notifications the extension shows now, read from one of its pages. */
const shown = (page: Page) => page.evaluate(async () => {
  const { notifications } = (globalThis as unknown as { chrome: Chrome }).chrome;
  return Object.keys(await notifications.getAll()).sort();
});

type Chrome = {
  notifications: { getAll(): Promise<Record<string, boolean>>; clear(id: string): Promise<boolean> };
};

async function clearShown(page: Page): Promise<void> {
  await page.evaluate(async () => {
    const { notifications } = (globalThis as unknown as { chrome: Chrome }).chrome;
    for (const id of Object.keys(await notifications.getAll())) await notifications.clear(id);
  });
}

/** Forgets, in the extension's IndexedDB, which cases coming due were already told. */
const forgetWhatWasTold = (page: Page) => page.evaluate(() => new Promise<void>((done, fail) => {
  const opening = indexedDB.open('parley');
  opening.onerror = () => fail(opening.error);
  opening.onsuccess = () => {
    const tx = opening.result.transaction('meta', 'readwrite');
    tx.objectStore('meta').delete('notified:due');
    tx.oncomplete = () => { opening.result.close(); done(); };
    tx.onerror = () => fail(tx.error);
  };
}));

const mine = (panel: Page) => panel.locator('[data-testid="parley-queue-tab"][data-queue="mine"]');

/**
 * The server's clock for a case turns "due soon" now, as if most of its budget had gone by, and the
 * team hears of the case through a change (a tag), as it would of any other.
 */
async function dueSoonNow(api: ApiServer, kase: { id: string; version: number }): Promise<void> {
  const db = await openDatabase({ url: api.databaseUrl });
  await db.tx((tx) => tx.$client.execute({ sql: 'UPDATE cases SET sla_due_soon_at = ? WHERE id = ?', args: [Date.now() - 1000, kase.id] }));
  await db.close();
  expect((await api.call('PATCH', `/cases/${kase.id}`, { tags: ['coming-due'], version: kase.version })).status).toBe(200);
}

let made = 0;
/** A case a colleague (the admin) opens, assigned to Maya from the start or not. */
async function open(api: ApiServer, body: Record<string, unknown>): Promise<{ id: string; version: number }> {
  made += 1;
  const answer = await api.call('POST', '/cases', { post: xPost(`18520000000000${String(made).padStart(5, '0')}`, `customer_${made}`, `Customer ${made}`, `order ${made} never came`), ...body });
  expect(answer.status, JSON.stringify(answer.body)).toBe(201);
  return answer.body.case;
}

test('a case assigned to me, and one of mine coming due, notify me; each kind can be switched off; when the session has ended, nothing does', async () => {
  test.setTimeout(90_000);
  const api = await startApi();
  const browser = await launchWithExtension();
  try {
    const maya = (await api.call('POST', '/agents', { ...MAYA, role: 'agent' })).body.agent.id as string;
    const options = await browser.context.newPage();
    const errors = watchPageErrors(options);
    await signIn(options, browser.extensionId, api, MAYA);
    await expect(options.getByTestId('parley-notify-assigned')).toBeChecked();
    await expect(options.getByTestId('parley-notify-due-soon')).toBeChecked();
    const panel = await openSidePanel(browser);
    await expect(mine(panel)).toHaveAttribute('data-count', '0');

    // A colleague assigns an unassigned case to Maya; another opens one already hers, urgent.
    const first = await open(api, { priority: 'normal' });
    await expect(panel.locator('[data-testid="parley-queue-tab"][data-queue="unassigned"]')).toHaveAttribute('data-count', '1');
    expect((await api.call('PATCH', `/cases/${first.id}`, { assigneeId: maya, version: first.version })).status).toBe(200);
    await expect.poll(() => shown(options)).toEqual([`parley:assigned:${first.id}`]);
    const urgent = await open(api, { priority: 'urgent', assigneeId: maya });
    await dueSoonNow(api, urgent);
    await expect.poll(() => shown(options)).toEqual([`parley:assigned:${first.id}`, `parley:assigned:${urgent.id}`, `parley:due:${urgent.id}`].sort());
    // What Maya does herself tells her nothing: she takes a case.
    const taken = await open(api, { priority: 'low' });
    await expect(mine(panel)).toHaveAttribute('data-count', '2');
    await panel.locator(`[data-testid="parley-queue-item"][data-case-id="${taken.id}"]`).click();
    await panel.keyboard.press('a');
    await expect(mine(panel)).toHaveAttribute('data-count', '3');
    await expect.poll(async () => (await api.call('GET', `/cases/${taken.id}`)).body.case.assigneeId).toBe(maya);

    // Switched off, one kind at a time: the case arrives, in her queue, without a word.
    await options.getByTestId('parley-notify-assigned').click();
    await expect(options.getByTestId('parley-notify-assigned')).not.toBeChecked();
    const quiet = await open(api, { priority: 'normal', assigneeId: maya });
    await expect(mine(panel)).toHaveAttribute('data-count', '4');
    await options.getByTestId('parley-notify-due-soon').click();
    await expect(options.getByTestId('parley-notify-due-soon')).not.toBeChecked();
    const quietUrgent = await open(api, { priority: 'urgent', assigneeId: maya });
    await dueSoonNow(api, quietUrgent);
    await expect(mine(panel)).toHaveAttribute('data-count', '5');
    // The choice is kept: the options page reads it back.
    await options.reload();
    await expect(options.getByTestId('parley-notify-assigned')).not.toBeChecked();
    await expect(options.getByTestId('parley-notify-due-soon')).not.toBeChecked();
    const now = await shown(options);
    for (const id of [taken.id, quiet.id, quietUrgent.id]) expect(now.join(' ')).not.toContain(id);
    expect(now).toHaveLength(3);

    // Both on again. The check for cases coming due (each minute, and whenever the queue is read)
    // tells again of what it was made to forget.
    await options.getByTestId('parley-notify-assigned').click();
    await options.getByTestId('parley-notify-due-soon').click();
    await expect(options.getByTestId('parley-notify-due-soon')).toBeChecked();
    await clearShown(options);
    await forgetWhatWasTold(options);
    await panel.reload();
    await expect.poll(() => shown(options)).toEqual([`parley:due:${urgent.id}`, `parley:due:${quietUrgent.id}`].sort());

    // Her session ends (an admin disables her): what was shown goes, and the same check, with her
    // cases still cached, tells of nothing.
    expect((await api.call('PATCH', `/agents/${maya}`, { disabled: true })).status).toBe(200);
    await mine(panel).click();
    await panel.locator(`[data-testid="parley-queue-item"][data-case-id="${quietUrgent.id}"]`).click();
    await expect(panel.getByTestId('parley-queue-signed-out')).toBeVisible();
    await expect.poll(() => shown(options)).toEqual([]);
    await forgetWhatWasTold(options);
    await panel.reload();
    await expect(panel.getByTestId('parley-queue-signed-out')).toBeVisible();
    await options.waitForTimeout(1000);
    expect(await shown(options)).toEqual([]);
    expect(errors).toEqual([]);
  } finally {
    await browser.close();
    await api.stop();
  }
});
