// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { adapterFor, adapters, facebookAdapter, xAdapter } from '../../../extension/sites/index.js';

describe('adapterFor', () => {
  const cases: [string, string | undefined][] = [
    ['https://x.com/home', 'x'],
    ['https://x.com/dana_rivers/status/1851234567890123456', 'x'],
    ['https://twitter.com/search?q=parley', 'x'],
    ['https://mobile.x.com/notifications', 'x'],
    ['https://www.facebook.com/AcmeCare/posts/pfbid0abc', 'facebook'],
    ['https://facebook.com/permalink.php?story_fbid=1&id=2', 'facebook'],
    ['https://web.facebook.com/groups/acmefans', 'facebook'],
    ['https://m.facebook.com/AcmeCare', undefined], // a different, mobile page
    ['http://x.com/home', undefined],
    ['https://x.com.evil.example/home', undefined],
    ['https://notfacebook.com/AcmeCare', undefined],
    ['https://example.com/', undefined],
  ];
  for (const [url, platform] of cases) {
    it(`${url} → ${platform ?? 'no adapter'}`, () => {
      expect(adapterFor(new URL(url))?.platform).toBe(platform);
    });
  }

  it('lists one adapter per platform', () => {
    expect(adapters).toEqual([xAdapter, facebookAdapter]);
  });
});

describe('listening pages: where agents look for posts that are not cases yet', () => {
  it.each([
    ['https://x.com/search?q=%40ParleyBrand&f=live', true],
    ['https://x.com/notifications', true],
    ['https://x.com/notifications/mentions', true],
    ['https://x.com/home', false],
    ['https://x.com/searchlight/status/1', false],
    ['https://x.com/dana_rivers/status/1851234567890123456', false],
  ])('X: %s → %s', (url, listening) => {
    expect(xAdapter.isListening(new URL(url))).toBe(listening);
  });

  it.each([
    ['https://www.facebook.com/search/posts/?q=acme%20refund', true],
    ['https://www.facebook.com/search/top?q=acme', true],
    ['https://www.facebook.com/AcmeCare/posts/pfbid0abc', false],
    ['https://www.facebook.com/searchfor.me', false],
  ])('Facebook: %s → %s', (url, listening) => {
    expect(facebookAdapter.isListening(new URL(url))).toBe(listening);
  });
});

describe('thread pages: one post with its replies below it', () => {
  it.each([
    ['https://x.com/dana_rivers/status/1851234567890123456', true],
    ['https://x.com/dana_rivers/status/1851234567890123456/', true],
    ['https://x.com/dana_rivers/status/1851234567890123456/photo/1', false],
    ['https://x.com/home', false],
    ['https://x.com/search?q=acme', false],
    ['https://x.com/dana_rivers', false],
  ])('X: %s → %s', (url, thread) => {
    expect(xAdapter.isThread(new URL(url))).toBe(thread);
  });

  it.each([
    ['https://www.facebook.com/AcmeCare/posts/pfbid02kLm8ZqS7vYtR3nWcX9aHdJ4uE6oPfB1gQ5sT2yVzN8xKmC7rDjA3hLl', true],
    ['https://www.facebook.com/groups/acmefans/posts/123456789', true],
    ['https://www.facebook.com/permalink.php?story_fbid=1&id=2', true],
    ['https://www.facebook.com/', false],
    ['https://www.facebook.com/AcmeCare', false],
    ['https://www.facebook.com/search/posts/?q=acme', false],
  ])('Facebook: %s → %s', (url, thread) => {
    expect(facebookAdapter.isThread(new URL(url))).toBe(thread);
  });
});
