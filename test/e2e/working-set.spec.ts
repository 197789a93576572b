import { fixturePages } from '../fixtures/pages.js';
import { startApi } from './api-server.js';
import { expect, fixture, launchWithExtension, serve, signInBrowser, test as base } from './fixtures.js';
import { openStatus } from './x-status.js';

const timeline = fixturePages.xTimeline;
const cara = '1852100000000000005';

// Its own API process: this test kills it.
base('a fresh install loads the team\'s working set in one go: with the server gone, posts never seen show their cases and replies', async () => {
  base.setTimeout(90_000);
  const api = await startApi();
  expect((await api.call('POST', '/templates', { title: 'Refund on its way', body: 'Hi {{customer.handle}}, your refund is on its way.' })).status).toBe(201);
  const made = await api.call('POST', '/cases', {
    post: { platform: 'x', externalId: cara, url: `https://x.com/cara_mendes/status/${cara}`, author: { handle: 'cara_mendes', displayName: 'Cara Mendes' }, text: 'Where is my refund?' },
  });
  expect(made.status).toBe(201);
  const a = await launchWithExtension();
  try {
    await signInBrowser(a, api);
    // Any social tab opens the team's live link, which starts by loading the working set.
    const page = await a.context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await openStatus(page);
    const worker = a.context.serviceWorkers()[0]!;
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
    await expect(bar.getByTestId('parley-case-number')).toHaveText(`#${made.body.case.number}`);
    await expect(bar.getByTestId('parley-customer')).toContainText('Cara Mendes · 1 case');
    await bar.getByTestId('parley-suggest').click();
    await expect(bar.getByTestId('parley-suggestion')).toContainText('Hi @cara_mendes, your refund is on its way.');
    expect(errors).toEqual([]);
  } finally {
    await a.close();
    await api.stop();
  }
});
