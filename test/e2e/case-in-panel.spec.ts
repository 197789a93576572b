/**
 * A bar keeps a case's status and actions; the case in full, with the team's notes and the
 * customer's other profiles, is in the side panel, which the bar opens on that case.
 */
import type { Page } from '@playwright/test';
import { startApi, type ApiServer } from './api-server.js';
import { caseOf, openSidePanel, xPost } from './desk.js';
import { expect, launchWithExtension, signInBrowser, test, watchPageErrors } from './fixtures.js';
import { openStatus, statusBar, statusIds } from './x-status.js';

const { dana, sam } = statusIds;

const NOTES = {
  customer: 'Prefers a call after 5pm',
  internal: 'Courier lost the first parcel',
  otherSite: 'dana.rivers.fb',
};

/** Dana: an open case on X and one on Facebook, merged, with notes; Sam: a case already resolved. */
async function seed(api: ApiServer) {
  const made = await api.call('POST', '/cases', { post: xPost(dana, 'dana_rivers', 'Dana Rivers', 'my order is late') });
  expect(made.status).toBe(201);
  const facebook = await api.call('POST', '/cases', {
    post: { platform: 'facebook', externalId: '7001', url: `https://www.facebook.com/${NOTES.otherSite}/posts/7001`, author: { handle: NOTES.otherSite, displayName: 'Dana R.' }, text: 'Still waiting' },
  });
  const customerId = made.body.case.customerId as string;
  expect((await api.call('POST', `/customers/${customerId}/merge`, { otherCustomerId: facebook.body.case.customerId })).status).toBe(200);
  expect((await api.call('PATCH', `/customers/${customerId}`, { notes: NOTES.customer })).status).toBe(200);
  expect((await api.call('POST', `/cases/${made.body.case.id}/notes`, { body: NOTES.internal })).status).toBe(201);
  const samCase = (await api.call('POST', '/cases', { post: xPost(sam, 'sam_okafor', 'Sam Okafor', 'second broken screen') })).body.case;
  expect((await api.call('PATCH', `/cases/${samCase.id}`, { status: 'resolved', version: samCase.version })).status).toBe(200);
  return { danaCase: made.body.case.id as string, customerId, samCase: samCase.id as string };
}

/**
 * What Chrome's own side panel shows, read from another page of the extension: Playwright does not
 * reach the side panel, but the extension's pages reach each other's documents.
 */
function sidePanelShows(extensionPage: Page): Promise<{ caseId: string | null; text: string } | null> {
  return extensionPage.evaluate(() => {
    const { extension } = (globalThis as unknown as { chrome: { extension: { getViews(): Window[] } } }).chrome;
    const panel = extension.getViews().find((view) => view.location.pathname === '/sidepanel.html');
    const detail = panel?.document.querySelector('[data-testid="parley-case-detail"]');
    return panel ? { caseId: detail?.getAttribute('data-case-id') ?? null, text: detail?.textContent ?? '' } : null;
  });
}

test('a bar opens its case in full in the side panel, with the notes and profiles the bar never holds', async () => {
  test.setTimeout(90_000);
  const api = await startApi();
  const browser = await launchWithExtension();
  try {
    const seeded = await seed(api);
    await signInBrowser(browser, api);
    const page = await browser.context.newPage();
    const errors = watchPageErrors(page);
    await openStatus(page);
    const bar = statusBar(page, dana);

    // On the site's page: the case's controls and who the customer is, none of the team's notes.
    await bar.getByTestId('parley-case-number').click();
    await expect(bar.getByTestId('parley-case-panel')).toBeVisible();
    await bar.getByTestId('parley-customer').click();
    await expect(bar.getByTestId('parley-customer-card')).toContainText('Still waiting');
    await expect(bar.getByTestId('parley-identity')).toHaveText(['X: @dana_rivers']);
    await bar.getByTestId('parley-customer-edit').click();
    await expect(bar.getByTestId('parley-customer-form')).toBeVisible();
    await expect(bar.getByTestId('parley-customer-notes')).toHaveCount(0);
    // Nor are they anywhere in the tab's memory of the bar: the background never hands them over.
    for (const text of Object.values(NOTES)) expect(await bar.evaluate((element) => element.getRootNode().textContent ?? '')).not.toContain(text);

    // No panel open yet: the bar's button opens the browser's side panel on the case, with what only it shows.
    const options = await browser.context.newPage();
    await options.goto(`chrome-extension://${browser.extensionId}/options.html`);
    expect(await sidePanelShows(options)).toBeNull();
    await bar.getByTestId('parley-case-number').click();
    await bar.getByTestId('parley-open-in-panel').click();
    await expect.poll(async () => (await sidePanelShows(options))?.caseId).toBe(seeded.danaCase);
    await expect.poll(async () => (await sidePanelShows(options))?.text).toContain(NOTES.internal);
    for (const text of [NOTES.customer, NOTES.otherSite]) expect((await sidePanelShows(options))!.text).toContain(text);
    await options.close();

    // The panel opened as its page, where the test can work in it: the bar's button shows the case there too.
    const panel = await openSidePanel(browser);
    const panelErrors = watchPageErrors(panel);
    await bar.getByTestId('parley-open-in-panel').click();
    const detail = panel.getByTestId('parley-case-detail');
    await expect(detail).toHaveAttribute('data-case-id', seeded.danaCase);
    await expect(detail.getByTestId('parley-detail-customer-notes')).toHaveText(NOTES.customer);
    await expect(detail.getByTestId('parley-detail-identity')).toHaveText(['X: @dana_rivers', `Facebook: ${NOTES.otherSite}`]);
    await expect(detail.getByTestId('parley-detail-note')).toHaveText(new RegExp(`^${NOTES.internal} — Admin`));

    // The customer's notes are edited there, through the outbox, and still never reach the bar.
    await detail.getByTestId('parley-detail-customer-notes-edit').click();
    await detail.getByTestId('parley-detail-customer-notes-input').fill('Prefers a call after 6pm');
    await detail.getByTestId('parley-detail-customer-notes-save').click();
    await expect(detail.getByTestId('parley-detail-customer-notes')).toHaveText('Prefers a call after 6pm');
    await expect.poll(async () => (await api.call('GET', `/customers/${seeded.customerId}`)).body.customer.notes).toBe('Prefers a call after 6pm');
    expect(await bar.evaluate((element) => element.getRootNode().textContent ?? '')).not.toContain('after 6pm');

    // With the panel open, another bar's button shows its case there, closed ones too.
    const pages = browser.context.pages().length;
    await statusBar(page, sam).getByTestId('parley-case-number').click();
    await statusBar(page, sam).getByTestId('parley-open-in-panel').click();
    await expect(detail).toHaveAttribute('data-case-id', seeded.samCase);
    await expect(detail.getByTestId('parley-detail-status')).toHaveValue('resolved');
    await expect(detail).toContainText('Sam Okafor');
    expect(browser.context.pages()).toHaveLength(pages);
    expect((await caseOf(api, sam)).status).toBe('resolved');
    expect([...errors, ...panelErrors]).toEqual([]);
  } finally {
    await browser.close();
    await api.stop();
  }
});

test('the panel\'s page opened at a case\'s address shows that case in full, below the queue', async () => {
  const api = await startApi();
  const browser = await launchWithExtension();
  try {
    const seeded = await seed(api);
    await signInBrowser(browser, api);
    const panel = await browser.context.newPage();
    await panel.goto(`chrome-extension://${browser.extensionId}/sidepanel.html#case=${seeded.danaCase}`);
    await expect(panel.getByTestId('parley-case-detail')).toHaveAttribute('data-case-id', seeded.danaCase);
    await expect(panel.getByTestId('parley-detail-note')).toContainText(NOTES.internal);
    // The queue's own page is as it was: the case is open below it.
    await expect(panel.locator('[data-testid="parley-queue-tab"][data-queue="open"]')).toHaveAttribute('data-count', '2');
  } finally {
    await browser.close();
    await api.stop();
  }
});
