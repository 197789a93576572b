import type { Page } from '@playwright/test';
import { fixturePages } from '../fixtures/pages.js';
import { expect, fixture, serve, test } from './fixtures.js';

const timeline = fixturePages.xTimeline;
const initial = ['1', '2', '3', '5', '6', '7', '8', '9', '10'].map((n) => String(1852100000000000000n + BigInt(n)));
const ids = {
  cara: '1852100000000000005',
  devon: '1852100000000000006', // quotes a tweet of Bo's
};
/** The id and name of the n-th tweet `__appendTweets` adds (0-based), as the fixture makes them. */
function lateTweet(n: number) {
  const first = ['Amara', 'Ben', 'Chloe', 'Diego', 'Elif', 'Farah', 'Gus', 'Hana', 'Ivan', 'Jun'][n % 10];
  const last = ['Okoye', 'Tran', 'Meyer', 'Silva', 'Kaya'][Math.floor(n / 10) % 5];
  return { id: String(1853000000000000000n + BigInt(n)), name: `${first} ${last}` };
}

type FixtureWindow = { __sent: { inReplyTo: string | null; text: string }[]; __appendTweets(n: number): number; __removeTweets(n: number): number };

async function openTimeline(page: Page, { infinite = true } = {}) {
  await serve(page, 'https://x.com/**', { [new URL(timeline.url).pathname]: fixture(timeline.file) });
  await page.goto(timeline.url);
  await expect(page.locator(`[data-parley-post="x:${initial[0]}"]`)).toHaveCount(1);
  // The tests that count posts add them themselves: the fixture's own loading on scroll stays off.
  if (!infinite) await page.evaluate(() => document.querySelector('[data-fixture="timeline"]')!.removeAttribute('data-infinite'));
}

const post = (page: Page, id: string) => page.locator(`[data-parley-post="x:${id}"]`);
const bar = (page: Page, id: string) => page.locator(`[data-parley-post="x:${id}"] + parley-bar`).getByTestId('parley-post-bar');

async function shown(page: Page, id: string) {
  await post(page, id).scrollIntoViewIfNeeded();
  await expect(bar(page, id)).toHaveCount(1);
  return bar(page, id);
}

/** Every bar host follows a marked tweet that is on the page. */
const barOwners = (page: Page) => page.locator('parley-bar').evaluateAll((hosts) => hosts.map((host) => {
  const article = host.previousElementSibling;
  return article?.isConnected ? article.getAttribute('data-parley-post') : null;
}));

test.describe('the overlay on the X home timeline', () => {
  test('every tweet on the page gets a bar; the ad and the quoted tweet get none', async ({ page, pageErrors }) => {
    await openTimeline(page, { infinite: false });
    const keys = await page.locator('[data-parley-post]').evaluateAll((elements) => elements.map((element) => element.getAttribute('data-parley-post')));
    expect(keys).toEqual(initial.map((id) => `x:${id}`));

    const names = ['Avery Lin 🌿', 'Bo Chen', 'Parley Fan Club', 'Cara Mendes', 'Devon K', 'Emi Sato', 'Fynn Weber', 'Gia Russo', 'Hiro Tanaka'];
    for (const [i, id] of initial.entries()) await expect(await shown(page, id)).toHaveAttribute('aria-label', `Parley: ${names[i]}`);
    await expect(page.getByTestId('parley-post-bar')).toHaveCount(initial.length);

    const ad = page.locator('[data-testid="cellInnerDiv"]:has(a[href="/CloudMartDeals"])');
    await expect(ad.locator('article')).toHaveCount(1);
    await expect(ad.locator('[data-parley-post], parley-bar')).toHaveCount(0);
    // The quote card inside Devon's tweet is part of it: one mark, one bar, after the outer tweet.
    const quoting = page.locator(`[data-testid="cellInnerDiv"]:has([data-parley-post="x:${ids.devon}"])`);
    await expect(quoting.locator('div[role="link"]:has([data-testid="User-Name"])')).toHaveCount(1);
    await expect(quoting.locator('[data-parley-post]')).toHaveCount(1);
    await expect(quoting.locator('parley-bar')).toHaveCount(1);
    await expect(quoting.locator('article parley-bar')).toHaveCount(0);
    // The home composer writes a new post: no bar there.
    await expect(page.locator('[data-fixture="home-composer"] parley-bar')).toHaveCount(0);
    expect(pageErrors).toEqual([]);
  });

  test('a promoted tweet gets no bar even when it links to a status; the same tweet without the label does', async ({ page, pageErrors }) => {
    await openTimeline(page, { infinite: false });
    // The fixture's ad has no permalink of its own; these copies get one, as promoted tweets can.
    await page.evaluate(() => {
      const ad = [...document.querySelectorAll('[data-testid="cellInnerDiv"]')].find((cell) => cell.querySelector('a[href="/CloudMartDeals"]'))!;
      const copy = (id: string, label: string) => {
        const cell = ad.cloneNode(true) as Element;
        const link = Object.assign(document.createElement('a'), { href: `/CloudMartDeals/status/${id}` });
        link.innerHTML = '<time datetime="2025-10-28T10:00:00.000Z">2h</time>';
        cell.querySelector('[data-testid="User-Name"]')!.append(link);
        [...cell.querySelectorAll('span')].find((span) => span.textContent === 'Promoted')!.textContent = label;
        return cell;
      };
      document.querySelector('[data-fixture="timeline"]')!.append(copy('1852199999999999001', 'Promoted'), copy('1852199999999999002', ''));
    });
    await expect(await shown(page, '1852199999999999002')).toHaveAttribute('aria-label', 'Parley: CloudMart');
    const promoted = page.locator('[data-testid="cellInnerDiv"]:has(a[href="/CloudMartDeals/status/1852199999999999001"])');
    await expect(promoted).toHaveCount(1);
    await expect(promoted.locator('[data-parley-post], parley-bar')).toHaveCount(0);
    expect(pageErrors).toEqual([]);
  });

  test('tweets that arrive late are marked at once and get their bar when scrolled near', async ({ page, pageErrors }) => {
    await openTimeline(page, { infinite: false });
    await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
    expect(await page.evaluate(() => (window as unknown as FixtureWindow).__appendTweets(30))).toBe(40);
    const late = Array.from({ length: 30 }, (_, n) => lateTweet(n));
    await expect(page.locator('[data-parley-post^="x:1853"]')).toHaveCount(30);
    const [first, last] = [late[0]!, late[29]!];
    expect(last.name).toBe('Jun Meyer');
    // Both were placed in the same scan: the one arriving in view has its bar, the one far below has none yet.
    await expect(bar(page, first.id)).toHaveAttribute('aria-label', `Parley: ${first.name}`);
    await expect(post(page, last.id)).toHaveAttribute('data-parley-post', `x:${last.id}`);
    await expect(bar(page, last.id)).toHaveCount(0);
    expect(await page.locator('[data-parley-post^="x:1853"] + parley-bar').count()).toBeLessThan(15);

    const found = await shown(page, last.id);
    await expect(found).toHaveAttribute('aria-label', 'Parley: Jun Meyer');
    await expect(found.getByTestId('parley-customer')).toHaveText('Jun Meyer');
    for (const tweet of late.slice(1, 4)) await expect(await shown(page, tweet.id)).toHaveAttribute('aria-label', `Parley: ${tweet.name}`);
    expect(await barOwners(page)).not.toContain(null);
    expect(pageErrors).toEqual([]);
  });

  test('tweets the site drops take their bars with them; the rest keep theirs', async ({ page, pageErrors }) => {
    await openTimeline(page, { infinite: false });
    await page.evaluate(() => (window as unknown as FixtureWindow).__appendTweets(5));
    const all = [...initial, ...Array.from({ length: 5 }, (_, n) => lateTweet(n).id)];
    for (const id of all) await shown(page, id);
    await expect(page.locator('parley-bar')).toHaveCount(14);

    // Keep hold of the bars of the first five tweets, then drop the first six cells (five tweets and the ad).
    await page.evaluate((dropped) => {
      (window as unknown as { __dropped: Element[] }).__dropped = dropped.map((id) => document.querySelector(`[data-parley-post="x:${id}"] + parley-bar`)!);
    }, initial.slice(0, 5));
    expect(await page.evaluate(() => (window as unknown as FixtureWindow).__removeTweets(6))).toBe(6);

    const remaining = all.slice(5);
    await expect(page.locator('[data-parley-post]')).toHaveCount(remaining.length);
    await expect(page.locator('parley-bar')).toHaveCount(remaining.length);
    expect(await barOwners(page)).toEqual(remaining.map((id) => `x:${id}`));
    // The dropped bars were unmounted, not just detached: nothing of them is left rendered.
    await expect.poll(() => page.evaluate(() => (window as unknown as { __dropped: Element[] }).__dropped.map((host) => ({
      connected: host.isConnected, rendered: host.shadowRoot?.querySelector('[data-testid="parley-post-bar"]') !== null,
    })))).toEqual(Array.from({ length: 5 }, () => ({ connected: false, rendered: false })));

    // The overlay carries on: new tweets still get bars, the remaining ones still work.
    await page.evaluate(() => (window as unknown as FixtureWindow).__appendTweets(1));
    await expect(await shown(page, lateTweet(5).id)).toHaveAttribute('aria-label', `Parley: ${lateTweet(5).name}`);
    const kept = await shown(page, remaining[0]!);
    await kept.getByTestId('parley-customer').click();
    await expect(kept.getByTestId('parley-customer-card')).toBeVisible();
    await expect(page.locator('parley-bar')).toHaveCount(remaining.length + 1);
    expect(pageErrors).toEqual([]);
  });

  test('inserting a suggestion on a timeline tweet opens the site\'s reply dialog and fills it; only the agent sends', async ({ page, api, pageErrors }) => {
    const template = await api.call('POST', '/templates', {
      title: 'Refund still pending', body: 'Hi {{customer.handle}}, sorry for the wait. {{agent.name}} here: your refund is on its way.', tags: ['refund'],
    });
    expect(template.status).toBe(201);
    const made = await api.call('POST', '/cases', {
      post: { platform: 'x', externalId: ids.cara, url: `https://x.com/cara_mendes/status/${ids.cara}`, author: { handle: 'cara_mendes', displayName: 'Cara Mendes' }, text: 'Where is my refund?' },
    });
    expect(made.status).toBe(201);
    const kase = made.body.case as { id: string; number: number };
    const expected = 'Hi @cara_mendes, sorry for the wait. Admin here: your refund is on its way.';

    await openTimeline(page, { infinite: false });
    const cara = await shown(page, ids.cara);
    await expect(cara.getByTestId('parley-case-badge')).toContainText(`#${kase.number}`);
    await expect(page.locator('[role="dialog"]')).toHaveCount(0);
    await cara.getByTestId('parley-suggest').click();
    const suggestion = cara.getByTestId('parley-suggestion').filter({ hasText: 'Refund still pending' });
    await expect(suggestion).toContainText(expected);
    await suggestion.getByTestId('parley-insert').click();

    const dialog = page.locator('[role="dialog"]');
    await expect(dialog).toHaveCount(1);
    await expect(page).toHaveURL('https://x.com/compose/post');
    await expect(dialog.locator('[data-fixture="replying-to"]')).toHaveText('@cara_mendes');
    const editor = dialog.locator('[data-testid="tweetTextarea_0"]');
    await expect(editor).toHaveText(expected);
    await expect(editor.locator('[data-text="true"]')).toHaveText(expected); // the editor's own render: its state took the text
    const send = dialog.locator('[data-testid="tweetButton"]');
    await expect(send).toBeEnabled();
    await expect(cara.getByTestId('parley-notice')).toContainText('Inserted');
    // The copy of the tweet above the box (the page clones the article, mark included) gets no bar of its own.
    await expect(dialog.locator('article')).toHaveCount(1);
    await expect(dialog.locator('parley-bar')).toHaveCount(0);
    await expect(page.locator('[data-testid="parley-post-bar"][aria-label="Parley: Cara Mendes"]')).toHaveCount(1);
    // The home composer is untouched.
    await expect(page.locator('[data-fixture="home-composer"] [data-testid="tweetButtonInline"]')).toBeDisabled();
    // Parley never sends by itself.
    await page.waitForTimeout(500);
    expect(await page.evaluate(() => (window as unknown as FixtureWindow).__sent)).toEqual([]);

    await send.click();
    expect(await page.evaluate(() => (window as unknown as FixtureWindow).__sent)).toEqual([{ inReplyTo: ids.cara, text: expected }]);
    await expect(dialog).toHaveCount(0);
    await expect.poll(async () => (await api.call('GET', `/cases/${kase.id}`)).body.timeline.filter((event: { type: string }) => event.type === 'reply').length).toBe(1);
    const detail = await api.call('GET', `/cases/${kase.id}`);
    expect(detail.body.case.firstResponseAt).not.toBeNull();
    expect(detail.body.timeline.find((event: { type: string }) => event.type === 'reply').data.text).toBe(expected);
    await expect(cara.getByTestId('parley-notice')).toHaveText(`Reply recorded on case #${kase.number}`);
    expect(pageErrors).toEqual([]);
  });
});
