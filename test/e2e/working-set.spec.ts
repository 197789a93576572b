import { fixturePages } from '../fixtures/pages.js';
import { withDesk, xPost, type Desk } from './desk.js';
import { expect, fixture, serve, test } from './fixtures.js';

const timeline = fixturePages.xTimeline;
const cara = '1852100000000000005';

// Its own API process: this test kills it.
test('a fresh install loads the team\'s working set in one go: with the server gone, posts never seen show their cases and replies', async () => {
  test.setTimeout(90_000);
  let number = 0;
  const before = async (api: Desk['api']) => {
    expect((await api.call('POST', '/templates', { title: 'Refund on its way', body: 'Hi {{customer.handle}}, your refund is on its way.' })).status).toBe(201);
    const made = await api.call('POST', '/cases', { post: xPost(cara, 'cara_mendes', 'Cara Mendes', 'Where is my refund?') });
    expect(made.status).toBe(201);
    number = made.body.case.number;
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
    }))).toBe(1);

    await api.kill('SIGKILL');
    await serve(page, 'https://x.com/**', { [new URL(timeline.url).pathname]: fixture(timeline.file) });
    await page.goto(timeline.url);
    const bar = page.locator(`[data-parley-post="x:${cara}"] + parley-bar`).getByTestId('parley-post-bar');
    await page.locator(`[data-parley-post="x:${cara}"]`).scrollIntoViewIfNeeded();
    await expect(bar.getByTestId('parley-case-number')).toHaveText(`#${number}`);
    await expect(bar.getByTestId('parley-customer')).toContainText('Cara Mendes · 1 case');
    await bar.getByTestId('parley-suggest').click();
    await expect(bar.getByTestId('parley-suggestion')).toContainText('Hi @cara_mendes, your refund is on its way.');
  });
});
