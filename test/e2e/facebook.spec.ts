import type { Page } from '@playwright/test';
import { fixturePages } from '../fixtures/pages.js';
import type { ApiServer } from './api-server.js';
import { expect, fixture, serve, test } from './fixtures.js';

const postPage = fixturePages.facebookPost;
// The ids the fixture's permalinks carry: the post's pfbid, comment_id of comments, reply_comment_id of replies.
const ids = {
  post: 'pfbid02kLm8ZqS7vYtR3nWcX9aHdJ4uE6oPfB1gQ5sT2yVzN8xKmC7rDjA3hLl', // by Acme Care
  jane: '845512345678901', // "Ja\u200Bne Roe": decoys in the name and the text
  acmeReply: '1290012345678902', // Acme Care's reply to Jane
  janeReply: '1290012345678903', // Jane's reply to Acme Care
  omar: '845512345678904', // "Omar\u2060 Haddad", numeric profile id
  priya: '845512345678905',
};

async function openPost(page: Page) {
  await serve(page, 'https://www.facebook.com/**', { [new URL(postPage.url).pathname]: fixture(postPage.file) });
  await page.goto(postPage.url);
  await expect(page.locator(`[data-parley-post="facebook:${ids.post}"]`)).toHaveCount(1);
}

/** A comment's bar follows its article; the post's follows the post's text, inside the post's article. */
function bar(page: Page, id: string) {
  const key = `[data-parley-post="facebook:${id}"]`;
  return page.locator(`${key} + parley-bar, ${key} [data-ad-rendering-role="story_message"] + parley-bar`).getByTestId('parley-post-bar');
}

async function shown(page: Page, id: string) {
  await page.locator(`[data-parley-post="facebook:${id}"]`).scrollIntoViewIfNeeded();
  const found = bar(page, id);
  await expect(found).toHaveCount(1);
  return found;
}

const commentUrl = (id: string) => `${postPage.url}?comment_id=${id}`;

async function caseFor(api: ApiServer, id: string, handle: string, displayName: string, text: string) {
  const linked = (await api.call('GET', `/posts/cases?platform=facebook&externalIds=${id}`)).body.links[0]?.case;
  if (linked) return linked as { id: string; number: number };
  const made = await api.call('POST', '/cases', {
    post: { platform: 'facebook', externalId: id, url: commentUrl(id), author: { handle, displayName }, text }, priority: 'high',
  });
  expect(made.status).toBe(201);
  return made.body.case as { id: string; number: number };
}

const priyaText = 'Same problem here 😤\nOrder #48377, paid for express shipping.';

test.describe('the overlay on a Facebook post page', () => {
  test('the post, every comment and every reply are marked with their ids and get a bar', async ({ page, pageErrors }) => {
    await openPost(page);
    const keys = await page.locator('[data-parley-post]').evaluateAll((elements) => elements.map((element) => element.getAttribute('data-parley-post')));
    expect(keys).toEqual([ids.post, ids.jane, ids.acmeReply, ids.janeReply, ids.omar, ids.priya].map((id) => `facebook:${id}`));

    const names: [string, string][] = [
      [ids.post, 'Acme Care'], [ids.jane, 'Jane Roe'], [ids.acmeReply, 'Acme Care'],
      [ids.janeReply, 'Jane Roe'], [ids.omar, 'Omar Haddad'], [ids.priya, 'Priya Natarajan'],
    ];
    for (const [id, name] of names) await expect(await shown(page, id)).toHaveAttribute('aria-label', `Parley: ${name}`);
    await expect(page.getByTestId('parley-post-bar')).toHaveCount(6);
    // Each comment's bar sits right under that comment, not under the post or another comment.
    await expect(page.locator('[role="article"][aria-label] + parley-bar')).toHaveCount(5);
    // The comment box and the "Most relevant" menu are no posts.
    await expect(page.locator('[data-fixture="post-composer"] [data-parley-post], [data-fixture="post-composer-row"] parley-bar')).toHaveCount(0);
    expect(pageErrors).toEqual([]);
  });

  test('zero-width and bidi decoys are stripped from names and from the text a case is made of', async ({ page, api, pageErrors }) => {
    await openPost(page);
    const decoys = /[\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u2069\uFEFF]/;
    // The page itself still has them.
    expect(await page.locator(`[data-parley-post="facebook:${ids.jane}"] a[role="link"] span[dir="auto"]`).first().textContent()).toBe('Ja\u200Bne Roe');

    const jane = await shown(page, ids.jane);
    await expect(jane.getByTestId('parley-customer')).toHaveText('Jane Roe');
    const omar = await shown(page, ids.omar);
    await expect(omar.getByTestId('parley-customer')).toHaveText('Omar Haddad');
    const allNames = await page.getByTestId('parley-customer').allTextContents();
    expect(allNames.filter((name) => decoys.test(name))).toEqual([]);

    // A case made from the bar carries the clean name and text to the server.
    await omar.getByTestId('parley-create-case').click();
    await omar.getByTestId('parley-case-submit').click();
    await expect(omar.getByTestId('parley-case-number')).toHaveText(/^#\d+$/);
    const link = (await api.call('GET', `/posts/cases?platform=facebook&externalIds=${ids.omar}`)).body.links[0];
    const detail = await api.call('GET', `/cases/${link.case.id}`);
    expect(detail.body.posts[0].text).toBe('Is this a scam? I got a message asking for my card number from <Acme Care Support>');
    expect(detail.body.posts[0].author).toMatchObject({ handle: '100012345678901', displayName: 'Omar Haddad' });
    expect(detail.body.posts[0].url).toBe(commentUrl(ids.omar));
    expect(detail.body.customer.name).toBe('Omar Haddad');
    expect(pageErrors).toEqual([]);
  });

  test('a case made elsewhere for a comment shows its badge on that comment only', async ({ page, api, pageErrors }) => {
    const kase = await caseFor(api, ids.priya, 'priya.natarajan.3', 'Priya Natarajan', priyaText);
    await openPost(page);
    const priya = await shown(page, ids.priya);
    const badge = priya.getByTestId('parley-case-badge');
    await expect(badge).toContainText(`#${kase.number}`);
    await expect(badge.getByTestId('parley-case-status')).toHaveValue('new');
    await expect(badge).toHaveAttribute('data-status', 'new');
    await expect(badge).toHaveAttribute('data-sla', 'on_time');
    // An open case: no "Create case" on that comment.
    await expect(priya.getByTestId('parley-create-case')).toHaveCount(0);
    for (const other of [ids.post, ids.jane, ids.acmeReply, ids.janeReply]) {
      await expect((await shown(page, other)).getByTestId('parley-case-badge')).toHaveCount(0);
    }
    expect(pageErrors).toEqual([]);
  });

  test('a suggestion goes into the Lexical-like reply box; Enter (the site\'s own send) records the reply', async ({ page, api, pageErrors }) => {
    const template = await api.call('POST', '/templates', {
      title: 'Late express parcel', body: 'Hi {{customer.name}}, sorry about the late parcel. {{agent.name}} from Acme Care: the express fee is refunded.', tags: ['shipping'],
    });
    expect(template.status).toBe(201);
    const kase = await caseFor(api, ids.priya, 'priya.natarajan.3', 'Priya Natarajan', priyaText);
    const expected = 'Hi Priya Natarajan, sorry about the late parcel. Admin from Acme Care: the express fee is refunded.';

    await openPost(page);
    const priya = await shown(page, ids.priya);
    await priya.getByTestId('parley-suggest').click();
    const suggestion = priya.getByTestId('parley-suggestion').filter({ hasText: 'Late express parcel' });
    await expect(suggestion).toContainText(expected);
    await suggestion.getByTestId('parley-insert').click();

    // The reply box opened in Priya's thread (the site's Reply button), not the post's comment box.
    const thread = page.locator(`[data-fixture="comments"] > li:has([data-parley-post="facebook:${ids.priya}"])`);
    const editor = thread.locator('[data-fixture="reply-box"] [data-lexical-editor="true"]');
    await expect(editor).toHaveText(expected);
    await expect(editor.locator('[data-lexical-text="true"]')).toHaveText(expected); // the editor's own render: its state took the text
    await expect(thread.locator('[data-fixture="reply-box"] [role="button"][aria-label="Comment"]')).toHaveAttribute('aria-disabled', 'false');
    await expect(page.locator('[data-fixture="post-composer"] [data-lexical-editor="true"]')).toHaveText('');
    await expect(priya.getByTestId('parley-notice')).toContainText('Inserted');
    // Parley never sends by itself.
    expect(await page.evaluate(() => (window as unknown as { __sent: unknown[] }).__sent)).toEqual([]);

    await editor.press('Enter');
    expect(await page.evaluate(() => (window as unknown as { __sent: unknown[] }).__sent)).toEqual([{ inReplyTo: ids.priya, text: expected }]);
    await expect(editor).toHaveText('');

    await expect.poll(async () => (await api.call('GET', `/cases/${kase.id}`)).body.timeline.filter((event: { type: string }) => event.type === 'reply').length).toBe(1);
    const detail = await api.call('GET', `/cases/${kase.id}`);
    expect(detail.body.case.firstResponseAt).not.toBeNull();
    expect(detail.body.timeline.find((event: { type: string }) => event.type === 'reply').data.text).toBe(expected);
    await expect(priya.getByTestId('parley-notice')).toHaveText(`Reply recorded on case #${kase.number}`);
    // The page shows the sent reply as a new reply in the thread; it gets its own bar.
    await expect(await shown(page, '1800000000000001')).toHaveAttribute('aria-label', 'Parley: Acme Care');
    expect(pageErrors).toEqual([]);
  });
});

test('on Facebook search results, posts and comments not yet in a case show how they read, with a case one click away', async ({ page, pageErrors }) => {
  await serve(page, 'https://www.facebook.com/**', { '/search/posts/': fixture(postPage.file) });
  await page.goto('https://www.facebook.com/search/posts/?q=acme%20scam');
  const jane = await shown(page, ids.jane);
  await expect(jane.getByTestId('parley-tone-chip')).toHaveAttribute('data-tone', /^(negative|neutral|positive)$/);
  await expect(jane.getByTestId('parley-open-case')).toBeVisible();
  // The same post on its own page is not a search: no tone chips there.
  await openPost(page);
  await expect((await shown(page, ids.jane)).getByTestId('parley-tone-chip')).toHaveCount(0);
  expect(pageErrors).toEqual([]);
});
