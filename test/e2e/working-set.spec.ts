import { fixturePages } from '../fixtures/pages.js';
import { withDesk, xPost, type Desk } from './desk.js';
import { expect, fixture, serve, test } from './fixtures.js';
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
