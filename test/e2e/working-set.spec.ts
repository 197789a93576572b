import { v7 as uuidv7 } from 'uuid';
import { fixturePages } from '../fixtures/pages.js';
import { startApi } from './api-server.js';
import { withDesk, xPost, type Desk } from './desk.js';
import { expect, fixture, launchWithExtension, serve, signIn, signInBrowser, test } from './fixtures.js';
import { statusBar, statusIds } from './x-status.js';

const timeline = fixturePages.xTimeline;
const cara = '1852100000000000005';

// Its own API process: this test kills it.
test('a fresh install loads the team\'s working set in one go: with the server gone, posts never seen show their cases, and templates and past replies are offered', async () => {
  test.setTimeout(90_000);
  let number = 0;
  const before = async (api: Desk['api']) => {
    expect((await api.call('POST', '/templates', { title: 'Refund on its way', body: 'Hi {{customer.handle}}, your refund is on its way.' })).status).toBe(201);
    const made = await api.call('POST', '/cases', { post: xPost(cara, 'cara_mendes', 'Cara Mendes', 'Where is my refund?') });
    expect(made.status).toBe(201);
    number = made.body.case.number;
    // Someone else could not log in before, and the team answered.
    const outage = await api.call('POST', '/cases', { post: xPost('1852100000000009001', 'noor_a', 'Noor A', 'site down? I cannot log in') });
    expect((await api.call('POST', `/cases/${outage.body.case.id}/replies`, { text: 'Sorry, we had an outage: it is fixed, please log in again.' })).status).toBe(201);
  };
  // The status page opens the team's live link, which starts by loading the working set.
  await withDesk({ before }, async ({ api, pages: [page] }) => {
    const worker = page.context().serviceWorkers()[0]!;
    await expect.poll(() => worker.evaluate(() => new Promise<number>((done, fail) => {
      const open = indexedDB.open('parley');
      open.onerror = () => fail(open.error);
      open.onsuccess = () => {
        const count = open.result.transaction('cases').objectStore('cases').count();
        count.onsuccess = () => done(count.result);
      };
    }))).toBe(2);

    // Asking for replies once while online keeps the team's past replies for later.
    await statusBar(page, statusIds.dana).getByTestId('parley-suggest').click();
    await expect(statusBar(page, statusIds.dana).getByTestId('parley-suggestion').first()).toBeVisible();

    await api.kill('SIGKILL');
    await serve(page, 'https://x.com/**', { [new URL(timeline.url).pathname]: fixture(timeline.file) });
    await page.goto(timeline.url);
    const bar = page.locator(`[data-parley-post="x:${cara}"] + parley-bar`).getByTestId('parley-post-bar');
    await page.locator(`[data-parley-post="x:${cara}"]`).scrollIntoViewIfNeeded();
    await expect(bar.getByTestId('parley-case-number')).toHaveText(`#${number}`);
    await expect(bar.getByTestId('parley-customer')).toContainText('Cara Mendes · 1 case');
    await bar.getByTestId('parley-suggest').click();
    await expect(bar.getByTestId('parley-suggestion').filter({ hasText: 'Refund on its way' })).toContainText('Hi @cara_mendes, your refund is on its way.');
    await expect(bar.getByTestId('parley-suggestion').filter({ hasText: 'Your team\'s earlier reply' })).toContainText('it is fixed, please log in again.');
  });
});

test('with more open cases than a working set holds, the queue says its counts leave some out', async () => {
  test.setTimeout(120_000);
  const api = await startApi();
  const browser = await launchWithExtension();
  try {
    // 2,001 open cases, each its own customer: one more than a snapshot carries.
    for (let batch = 0; batch < 5; batch += 1) {
      const size = batch < 4 ? 500 : 1;
      const mutations = Array.from({ length: size }, (_, i) => {
        const n = batch * 500 + i;
        return { id: uuidv7(), name: 'createCase', args: { post: xPost(String(1853000000000000000n + BigInt(n)), `many_${n}`, `Many ${n}`, `order ${n}`) } };
      });
      const pushed = await api.call('POST', '/sync/push', { mutations });
      expect(pushed.status).toBe(200);
      expect(pushed.body.results.every((result: { ok: boolean }) => result.ok)).toBe(true);
    }
    await signInBrowser(browser, api);
    const panel = await browser.context.newPage();
    await panel.goto(`chrome-extension://${browser.extensionId}/sidepanel.html`);
    await expect(panel.locator('[data-testid="parley-queue-tab"][data-queue="open"]')).toHaveAttribute('data-count', '2000', { timeout: 30_000 });
    await expect(panel.getByTestId('parley-queue-partial')).toBeVisible();

    // Once one case is resolved, the working set holds them all; a fresh sign-in says nothing more.
    const last = (await api.call('GET', '/cases?limit=1')).body.cases[0];
    expect((await api.call('PATCH', `/cases/${last.id}`, { status: 'resolved', version: last.version })).status).toBe(200);
    const options = await browser.context.newPage();
    await options.goto(`chrome-extension://${browser.extensionId}/options.html`);
    await options.getByTestId('parley-sign-out').click();
    await signIn(options, browser.extensionId, api);
    await panel.reload();
    await expect(panel.locator('[data-testid="parley-queue-tab"][data-queue="open"]')).toHaveAttribute('data-count', '2000', { timeout: 30_000 });
    await expect(panel.getByTestId('parley-queue-partial')).toHaveCount(0);
  } finally {
    await browser.close();
    await api.stop();
  }
});
