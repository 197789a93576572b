import type { Page } from '@playwright/test';
import { fixturePages } from '../fixtures/pages.js';
import { caseOf, withDesk, xPost, type Desk } from './desk.js';
import { expect, fixture, serve, test } from './fixtures.js';

const timeline = fixturePages.xTimeline;
// The tweets the fixture adds as results arrive: Ben's reads neutral, Chloe's is upset (charged twice).
const ben = '1853000000000000001';
const chloe = '1853000000000000002';
// Ivan's (charged twice) comes ninth; the team has never seen him.
const ivan = '1853000000000000008';

/** X search results for the brand with `count` tweets arrived; answers the bar of a tweet by id. */
async function searchResults(page: Page, count: number) {
  await serve(page, 'https://x.com/**', { '/search': fixture(timeline.file) });
  await page.goto('https://x.com/search?q=%40ParleyBrand&f=live');
  await page.evaluate((n) => {
    document.querySelector('[data-fixture="timeline"]')?.removeAttribute('data-infinite');
    (window as unknown as { __appendTweets(n: number): void }).__appendTweets(n);
  }, count);
  return (id: string) => page.locator(`[data-parley-post="x:${id}"] + parley-bar`).getByTestId('parley-post-bar');
}

test('on X search results, posts not yet in a case show how they read; an upset far-reaching author stands out and is one click from a case', async () => {
  test.setTimeout(90_000);
  // The team knows Chloe from before: a quarter of a million followers.
  const before = async (api: Desk['api']) => {
    const earlier = xPost('1853000000000009999', 'chloe_okoye', 'Chloe Okoye', 'Where is my order?');
    expect((await api.call('POST', '/cases', { post: { ...earlier, author: { ...earlier.author, followers: 250_000 } } })).status).toBe(201);
    const kase = await caseOf(api, '1853000000000009999');
    expect((await api.call('PATCH', `/cases/${kase.id}`, { status: 'resolved', version: kase.version })).status).toBe(200);
  };
  await withDesk({ before }, async ({ api, pages: [page] }) => {
    const bar = await searchResults(page, 3);
    for (const id of [ben, chloe]) await page.locator(`[data-parley-post="x:${id}"]`).scrollIntoViewIfNeeded();

    await expect(bar(chloe).getByTestId('parley-tone-chip')).toHaveAttribute('data-tone', 'negative');
    await expect(bar(chloe)).toHaveAttribute('data-alert', 'true');
    await expect(bar(ben).getByTestId('parley-tone-chip')).toHaveAttribute('data-tone', 'neutral');
    await expect(bar(ben)).not.toHaveAttribute('data-alert');

    await bar(chloe).getByTestId('parley-open-case').click();
    await expect(bar(chloe).getByTestId('parley-case-number')).toHaveText('#2');
    await expect(bar(chloe).getByTestId('parley-tone-chip')).toHaveCount(0);
    // Upset, a refund at stake, waiting since morning, and a quarter of a million followers.
    expect(await caseOf(api, chloe)).toMatchObject({ number: 2, priority: 'urgent' });
  });
});

test('an author the team has never seen stands out once the page shows their followers, and their case keeps that reach', async () => {
  test.setTimeout(90_000);
  await withDesk({}, async ({ api, pages: [page] }) => {
    const bar = await searchResults(page, 9);
    await page.locator(`[data-parley-post="x:${ivan}"]`).scrollIntoViewIfNeeded();
    await expect(bar(ivan).getByTestId('parley-tone-chip')).toHaveAttribute('data-tone', 'negative');
    await expect(bar(ivan)).not.toHaveAttribute('data-alert');

    // The agent rests the pointer on Ivan's name: X's card says 48.2K followers.
    await page.evaluate(() => (window as unknown as { __showHoverCard(h: string, n: string, f: string): void }).__showHoverCard('ivan_okoye', 'Ivan Okoye', '48.2K'));
    await expect(bar(ivan)).toHaveAttribute('data-alert', 'true');
    await expect(bar(ivan).getByTestId('parley-tone-chip')).toHaveAttribute('title', '48,200 followers');
    await page.evaluate(() => (window as unknown as { __hideHoverCard(): void }).__hideHoverCard());

    await bar(ivan).getByTestId('parley-open-case').click();
    await expect(bar(ivan).getByTestId('parley-case-number')).toHaveText('#1');
    // Without the reach it would be high: upset, a refund at stake, waiting since morning.
    const kase = await caseOf(api, ivan);
    expect(kase).toMatchObject({ number: 1, priority: 'urgent' });
    const customer = (await api.call('GET', `/customers/${kase.customerId}`)).body;
    expect(customer.identities).toEqual([expect.objectContaining({ handle: 'ivan_okoye', followers: 48_200 })]);
  });
});

test('while the page has never shown an author\'s followers, the marks and the case form say "reach unknown"; a hover card puts the count in both at once', async () => {
  test.setTimeout(90_000);
  await withDesk({}, async ({ pages: [page] }) => {
    const bar = await searchResults(page, 9);
    await page.locator(`[data-parley-post="x:${ivan}"]`).scrollIntoViewIfNeeded();
    const mark = bar(ivan).getByTestId('parley-reach');
    await expect(bar(ivan).getByTestId('parley-tone-chip')).toHaveAttribute('data-tone', 'negative');
    await expect(mark).toHaveText('reach unknown');
    await expect(mark).toHaveAttribute('data-known', 'false');
    // Upset, but no one knows how far the post goes: no alert.
    await expect(bar(ivan)).not.toHaveAttribute('data-alert');

    await bar(ivan).getByTestId('parley-create-case').click();
    const reach = bar(ivan).getByTestId('parley-case-reach');
    await expect(reach).toHaveText('Ivan Okoye · reach unknown');
    await expect(bar(ivan).getByTestId('parley-priority-reasons')).toContainText('reach unknown');

    // With the form open, the agent rests the pointer on Ivan's name: X's card says 48.2K followers.
    await page.evaluate(() => (window as unknown as { __showHoverCard(h: string, n: string, f: string): void }).__showHoverCard('ivan_okoye', 'Ivan Okoye', '48.2K'));
    await expect(reach).toHaveText('Ivan Okoye · 48.2K followers');
    await expect(reach).toHaveAttribute('data-known', 'true');
    await expect(mark).toHaveText('48.2K followers');
    await expect(bar(ivan)).toHaveAttribute('data-alert', 'true');
    const reasons = bar(ivan).getByTestId('parley-priority-reasons');
    await expect(reasons).toContainText('48.2K followers');
    await expect(reasons).not.toContainText('reach unknown');
  });
});
