// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { PostInput } from '../../../api/contract.js';
import { facebookAdapter } from '../../../extension/sites/facebook/adapter.js';
import { commentIdOf, parseFacebookUrl, postIdOf, postUrlOf, profileOf } from '../../../extension/sites/facebook/urls.js';
import type { PostData } from '../../../extension/sites/types.js';
import { loadPage, must } from './load.js';

const postId = 'pfbid02kLm8ZqS7vYtR3nWcX9aHdJ4uE6oPfB1gQ5sT2yVzN8xKmC7rDjA3hLl';
const postUrl = `https://www.facebook.com/AcmeCare/posts/${postId}`;
const acme = { handle: 'AcmeCare', displayName: 'Acme Care', profileUrl: 'https://www.facebook.com/AcmeCare' };
const jane = { handle: 'jane.roe.77', displayName: 'Jane Roe', profileUrl: 'https://www.facebook.com/jane.roe.77' };

function comment(ids: string, externalId: string, author: PostData['author'], text: string): PostData {
  return { platform: 'facebook', externalId, url: `${postUrl}?${ids}`, author, text };
}

const expected: PostData[] = [
  {
    platform: 'facebook',
    externalId: postId,
    url: postUrl,
    author: acme,
    text:
      "Some orders placed between 24 and 26 October shipped late. We're sorry! Refunds for the shipping fee are automatic — no need to contact us.\n" +
      'Still waiting? Reply with your order number 📦',
  },
  comment('comment_id=845512345678901', '845512345678901', jane,
    'My order #48213 never arrived and the tracking link is dead.\nThird time I ask here!'),
  comment('comment_id=845512345678901&reply_comment_id=1290012345678902', '1290012345678902', acme,
    "Hi Jane, we're so sorry! Please send us a private message with your order number and we'll sort it out today."),
  comment('comment_id=845512345678901&reply_comment_id=1290012345678903', '1290012345678903', jane, 'Sent! Thanks ❤️'),
  comment('comment_id=845512345678904', '845512345678904',
    { handle: '100012345678901', displayName: 'Omar Haddad', profileUrl: 'https://www.facebook.com/profile.php?id=100012345678901' },
    'Is this a scam? I got a message asking for my card number from <Acme Care Support>'),
  comment('comment_id=845512345678905', '845512345678905',
    { handle: 'priya.natarajan.3', displayName: 'Priya Natarajan', profileUrl: 'https://www.facebook.com/priya.natarajan.3' },
    'Same problem here 😤\nOrder #48377, paid for express shipping.'),
];

const decoys = /[\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u2069\uFEFF]/;

describe('Facebook adapter on a page post', () => {
  it('reads the post, its comments and the replies, in page order', () => {
    const { document } = loadPage('facebookPost');
    expect(facebookAdapter.findPosts(document).map((element) => facebookAdapter.readPost(element))).toEqual(expected);
  });

  it('strips the decoy characters the page holds in names and text', () => {
    const { document } = loadPage('facebookPost');
    const raw = must(document.querySelector('[aria-label^="Comment by"]')).textContent ?? '';
    expect(decoys.test(raw)).toBe(true); // the fixture really carries them
    for (const element of facebookAdapter.findPosts(document)) {
      const data = must(facebookAdapter.readPost(element));
      expect(decoys.test(data.text + data.author.displayName)).toBe(false);
    }
  });

  it('gives each post its own text element and anchors comments after themselves', () => {
    const { document } = loadPage('facebookPost');
    const [post, firstComment] = facebookAdapter.findPosts(document);
    expect(must(facebookAdapter.textElement(must(post))).getAttribute('data-ad-rendering-role')).toBe('story_message');
    expect(facebookAdapter.barAnchor(must(post))).toBe(facebookAdapter.textElement(must(post)));
    expect(must(facebookAdapter.textElement(must(firstComment))).getAttribute('lang')).toBe('en-GB');
    expect(facebookAdapter.barAnchor(must(firstComment))).toBe(firstComment);
  });

  it('finds a comment when given the comment or its thread', () => {
    const { document } = loadPage('facebookPost');
    const first = must(document.querySelector('[aria-label^="Comment by"]'));
    expect(facebookAdapter.findPosts(first)).toEqual([first]);
    expect(facebookAdapter.findPosts(must(first.closest('li')))).toHaveLength(3); // the comment and its 2 replies
  });

  it('reads the post id from the page address when the timestamp link has no address yet', () => {
    const { document } = loadPage('facebookPost');
    for (const link of Array.from(document.querySelectorAll('a[href*="/posts/"]'))) link.setAttribute('href', '#');
    expect(facebookAdapter.readPost(must(facebookAdapter.findPosts(document)[0]))?.externalId).toBe(postId);
  });

  it('reads nothing from elements that are not posts', () => {
    const { document } = loadPage('facebookPost');
    expect(facebookAdapter.readPost(must(document.querySelector('[role="banner"]')))).toBeUndefined();
  });

  it('reads what the API accepts', () => {
    const { document } = loadPage('facebookPost');
    for (const element of facebookAdapter.findPosts(document)) {
      expect(PostInput.safeParse(facebookAdapter.readPost(element)).success).toBe(true);
    }
  });
});

describe('Facebook addresses', () => {
  const url = (href: string) => must(parseFacebookUrl(href));

  it('reads post ids from every permalink form', () => {
    expect(postIdOf(url('https://www.facebook.com/AcmeCare/posts/1234567890?__cft__[0]=x'))).toBe('1234567890');
    expect(postIdOf(url('https://www.facebook.com/permalink.php?story_fbid=pfbid0abc&id=100064'))).toBe('pfbid0abc');
    expect(postIdOf(url('https://www.facebook.com/groups/acmefans/permalink/987654321/'))).toBe('987654321');
    expect(postIdOf(url('https://www.facebook.com/AcmeCare/photos/a.1/2/'))).toBeUndefined();
    expect(postUrlOf(url('https://web.facebook.com/permalink.php?story_fbid=77&id=100064&__tn__=R'))).toBe(
      'https://www.facebook.com/permalink.php?story_fbid=77&id=100064',
    );
  });

  it('prefers the reply id over the comment id', () => {
    expect(commentIdOf(url('/AcmeCare/posts/1?comment_id=11&reply_comment_id=22'))).toBe('22');
    expect(commentIdOf(url('/AcmeCare/posts/1?comment_id=11'))).toBe('11');
    expect(commentIdOf(url('/AcmeCare/posts/1?comment_id=<script>'))).toBeUndefined();
  });

  it('reads handles from vanity names and numeric ids, not from site sections', () => {
    expect(profileOf(url('https://www.facebook.com/jane.roe.77?comment_id=1'))).toEqual({ handle: jane.handle, profileUrl: jane.profileUrl });
    expect(profileOf(url('https://www.facebook.com/profile.php?id=1000123'))?.handle).toBe('1000123');
    expect(profileOf(url('https://www.facebook.com/people/Jane-Roe/1000456/'))?.handle).toBe('1000456');
    expect(profileOf(url('https://www.facebook.com/groups/acmefans/user/1000789/'))?.handle).toBe('1000789');
    expect(profileOf(url('https://www.facebook.com/groups/acmefans'))).toBeUndefined();
    expect(profileOf(url('https://www.facebook.com/watch/?v=1'))).toBeUndefined();
    expect(parseFacebookUrl('https://evil.example/AcmeCare')).toBeUndefined();
    expect(parseFacebookUrl('http://www.facebook.com/AcmeCare')).toBeUndefined();
  });
});
