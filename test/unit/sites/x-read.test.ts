// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { PostInput } from '../../../api/contract.js';
import type { PostData } from '../../../extension/sites/types.js';
import { xAdapter } from '../../../extension/sites/x/adapter.js';
import { loadPage, must } from './load.js';

function tweet(id: string, handle: string, displayName: string, text: string, postedAt: string): PostData {
  return {
    platform: 'x',
    externalId: id,
    url: `https://x.com/${handle}/status/${id}`,
    author: { handle, displayName, profileUrl: `https://x.com/${handle}` },
    text,
    postedAt,
  };
}

const readAll = (document: Document) => xAdapter.findPosts(document).map((post) => xAdapter.readPost(post));

describe('X adapter on the real captures', () => {
  it('reads the focused tweet of a status page', () => {
    expect(readAll(loadPage('xRealStatus').document)).toEqual([
      tweet('1981398750557065646', 'TestUser123', 'Test User Account', "Democrat Shutdown Jeopardizes America's Skies", '2025-10-23T16:34:09.000Z'),
    ]);
  });

  it('reads a quote tweet as one post, without the quoted tweet', () => {
    expect(readAll(loadPage('xRealQuote').document)).toEqual([
      tweet('1983130065320780162', 'TestQuoter', 'Test Quoter', 'This is a quote tweet with additional commentary', '2025-10-28T11:13:47.000Z'),
    ]);
  });

  it('reads a quote of a video tweet as one post: the video tracking block is not an ad', () => {
    expect(readAll(loadPage('xRealQuoteVideo').document)).toEqual([
      tweet('1983128852952998358', 'QuotingUser', 'Quoting User', 'How to share Example.com links', '2025-10-28T11:08:57.000Z'),
    ]);
  });

  it('gives the outer tweet text as the selectable text', () => {
    const { document } = loadPage('xRealQuote');
    const [post] = xAdapter.findPosts(document);
    expect(must(xAdapter.textElement(must(post))).textContent).toBe('This is a quote tweet with additional commentary');
  });
});

describe('X adapter on the status page', () => {
  const expected = [
    tweet('1851234567890123456', 'dana_rivers', 'Dana Rivers',
      '@ParleyBrand my order #48213 arrived with a cracked screen 😡\nand chat support keeps closing my ticket. What now?', '2025-10-28T09:12:44.000Z'),
    tweet('1851240012345678901', 'sam_okafor', 'Sam Okafor 🚲', 'Same here, second broken screen this month 🙄', '2025-10-28T09:30:02.000Z'),
    tweet('1851241122334455667', 'm4llory', '<img src=x onerror=alert(1)>', 'Try this fix: <script>alert(1)</script> works every time', '2025-10-28T09:41:19.000Z'),
    tweet('1851245566778899001', 'lee_harmon', 'Lee Harmon', '@ParleyBrand you said this was fixed last week?', '2025-10-28T10:05:51.000Z'),
    tweet('1851250099887766554', 'priya_n', 'Priya N.', 'Status page says all good: status.parley.example', '2025-10-28T10:20:37.000Z'),
  ];

  it('reads the focused tweet and the replies, skipping the ad and the quoted tweet', () => {
    expect(readAll(loadPage('xStatus').document)).toEqual(expected);
  });

  it('keeps hostile names and texts as plain text (the page holds them as text, not markup)', () => {
    const { document } = loadPage('xStatus');
    expect(document.querySelectorAll('img[src="x"], script:not([id^="fixture-"])')).toHaveLength(0);
    const hostile = must(xAdapter.findPosts(document)[2]);
    expect(xAdapter.readPost(hostile)?.author.displayName).toBe('<img src=x onerror=alert(1)>');
  });

  it('skips the ad even though it looks like any other tweet', () => {
    const { document } = loadPage('xStatus');
    const ad = must(Array.from(document.querySelectorAll('article')).find((article) => article.textContent?.includes('Nimbus 12')));
    expect(xAdapter.findPosts(ad)).toEqual([]);
  });

  it('skips a tweet once an "Ad" label is added to it, and only then', () => {
    const { document } = loadPage('xStatus');
    const reply = must(xAdapter.findPosts(document)[1]);
    expect(xAdapter.findPosts(reply)).toEqual([reply]);
    const label = document.createElement('div');
    label.setAttribute('dir', 'ltr');
    label.append(document.createElement('span'));
    must(label.firstElementChild).textContent = 'Ad';
    must(reply.querySelector('[data-testid="caret"]')).before(label);
    expect(xAdapter.findPosts(reply)).toEqual([]);
  });

  it('does not take an account named "Ad" for an ad label', () => {
    const { document } = loadPage('xStatus');
    const reply = must(xAdapter.findPosts(document)[1]);
    must(reply.querySelector('[data-testid="User-Name"] span span')).textContent = 'Ad';
    expect(xAdapter.findPosts(reply)).toEqual([reply]);
    expect(xAdapter.readPost(reply)?.author.displayName).toBe('Ad');
  });

  it('never mixes the quoted tweet into the quote tweet', () => {
    const { document } = loadPage('xStatus');
    const quote = must(xAdapter.findPosts(document)[3]);
    const data = must(xAdapter.readPost(quote));
    expect(data.externalId).toBe('1851245566778899001');
    expect(data.text).not.toContain('cracked-screen returns');
    expect(must(xAdapter.textElement(quote)).textContent).toBe('@ParleyBrand you said this was fixed last week?');
  });

  it('reads a focused quote tweet, whose footer time comes after the quoted card, as the outer tweet', () => {
    const { document } = loadPage('xStatus');
    const [focused, , , quote] = xAdapter.findPosts(document);
    const card = must(must(quote).querySelector('[aria-labelledby="id__q1qq"]')).cloneNode(true) as Element;
    // Some layouts link the quoted tweet's time to its permalink.
    const quotedTime = must(card.querySelector('time'));
    const link = document.createElement('a');
    link.setAttribute('href', '/ParleyBrand/status/1849990011223344556');
    quotedTime.replaceWith(link);
    link.append(quotedTime);
    must(must(focused).querySelector('[data-testid="tweetText"]')).after(card);
    expect(xAdapter.readPost(must(focused))).toEqual(expected[0]);
    expect(xAdapter.findPosts(document)).toHaveLength(5);
  });

  it('finds a post when given the post itself or its cell', () => {
    const { document } = loadPage('xStatus');
    const focused = must(document.querySelector('article'));
    expect(xAdapter.findPosts(focused)).toEqual([focused]);
    expect(xAdapter.findPosts(must(focused.closest('[data-testid="cellInnerDiv"]')))).toEqual([focused]);
  });

  it('anchors the bar after the tweet', () => {
    const { document } = loadPage('xStatus');
    const focused = must(document.querySelector('article'));
    expect(xAdapter.barAnchor(focused)).toBe(focused);
  });

  it('reads nothing from elements that are not tweets', () => {
    const { document } = loadPage('xStatus');
    expect(xAdapter.readPost(document.body)).toBeUndefined();
    expect(xAdapter.readPost(must(document.querySelector('[data-testid="tweetText"]')))).toBeUndefined();
  });
});

describe('X adapter on the home timeline', () => {
  it('reads nine tweets: ten cells less the promoted one', () => {
    const posts = readAll(loadPage('xTimeline').document);
    expect(posts.map((post) => [post?.externalId, post?.author.handle])).toEqual([
      ['1852100000000000001', 'avery_lin'],
      ['1852100000000000002', 'bo_chen'],
      ['1852100000000000003', 'parley_fan'], // a repost: the original author, not the reposter
      ['1852100000000000005', 'cara_mendes'],
      ['1852100000000000006', 'devon_k'],
      ['1852100000000000007', 'emi_sato'],
      ['1852100000000000008', 'fynn_weber'],
      ['1852100000000000009', 'gia_russo'],
      ['1852100000000000010', 'hiro_tanaka'],
    ]);
    expect(posts[0]).toEqual(tweet('1852100000000000001', 'avery_lin', 'Avery Lin 🌿',
      '@ParleyBrand refund for order #51120 still pending after 10 days #ParleyHelp', '2025-10-28T11:58:00.000Z'));
    expect(posts[1]?.text).toBe('Parley support sorted my account in 5 minutes. Impressed 👏🏽');
    expect(posts[3]?.text).toBe('@ParleyBrand is your site down? 👩‍💻 cannot log in'); // the emoji's joiner stays
    expect(posts[4]?.text).toBe('@ParleyBrand this is the third time I ask. Order #50987.');
    expect(posts[6]?.text).toBe('Second package this week left in the rain. @ParleyBrand please fix your courier');
  });

  it('reads tweets that arrive later, and forgets none when cells are dropped', () => {
    const { window, document, errors } = loadPage('xTimeline', { scripts: true });
    const hooks = window as unknown as { __appendTweets(count: number): number; __removeTweets(count: number): number };
    expect(hooks.__appendTweets(60)).toBe(70);
    const posts = readAll(document);
    expect(posts).toHaveLength(69);
    const added = posts.slice(9);
    expect(added[0]).toEqual(tweet('1853000000000000000', 'amara_okoye', 'Amara Okoye',
      '@ParleyBrand my parcel still says label created after 6 days (#70000)', '2025-10-28T08:00:00.000Z'));
    expect(new Set(added.map((post) => post?.externalId)).size).toBe(60);
    expect(new Set(added.map((post) => post?.author.handle)).size).toBe(50);
    expect(hooks.__removeTweets(4)).toBe(4);
    expect(readAll(document)[0]?.externalId).toBe('1852100000000000005');
    expect(errors).toEqual([]);
  });
});

describe('what the X adapter reads is what the API accepts', () => {
  it('every post on every page parses as a PostInput', () => {
    for (const page of ['xStatus', 'xTimeline', 'xRealStatus', 'xRealQuote', 'xRealQuoteVideo'] as const) {
      for (const post of readAll(loadPage(page).document)) expect(PostInput.safeParse(post).success).toBe(true);
    }
  });
});
