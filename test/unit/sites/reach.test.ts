// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { readFacebookReach } from '../../../extension/sites/facebook/reach.js';
import { readCount } from '../../../extension/sites/text.js';
import { xAdapter } from '../../../extension/sites/x/adapter.js';
import { loadPage } from './load.js';

describe('readCount', () => {
  it.each<[string, number | undefined]>([
    ['9,876 Followers', 9876],
    ['48.2K Followers', 48_200],
    ['1.2M', 1_200_000],
    ['3B', 3_000_000_000],
    ['12 K followers', 12_000],
    ['812', 812],
    ['1.234 Follower', 1234], // grouped with dots
    ['1\u202f234 abonnés', 1234], // grouped with narrow spaces
    ['4,5 k Follower', 4500], // a decimal comma before a unit
    ['0 Followers', 0],
    ['Followers', undefined],
    ['Verified Followers', undefined],
    ['', undefined],
  ])('%j → %j', (text, count) => {
    expect(readCount(text)).toBe(count);
  });

  it('reads the first count only, not a later number', () => {
    expect(readCount('48.2K Followers · 2 new')).toBe(48_200);
  });
});

describe('X: follower counts on screen', () => {
  it('reads the profile header, and no tab or "Followed by" link', () => {
    expect(xAdapter.readReach(loadPage('xProfile').document)).toEqual([{ handle: 'marisol_vega', followers: 48_200 }]);
  });

  it('finds none in timelines and tweets, which never show an author\'s reach', () => {
    for (const page of ['xStatus', 'xTimeline', 'xRealStatus', 'xRealQuote', 'xRealQuoteVideo'] as const) {
      expect(xAdapter.readReach(loadPage(page).document)).toEqual([]);
    }
  });

  it('reads the hover card X opens on a name, and forgets nothing when it closes', () => {
    const page = loadPage('xTimeline', { scripts: true });
    const show = (page.window as unknown as { __showHoverCard(handle: string, name: string, followers: string): void }).__showHoverCard;
    show('amara_okoye', 'Amara Okoye', '1.1M');
    const layers = page.document.getElementById('layers')!;
    expect(xAdapter.readReach(layers)).toEqual([{ handle: 'amara_okoye', followers: 1_100_000 }]);
    show('ben_tran', 'Ben Tran', '9,876');
    expect(xAdapter.readReach(page.document)).toEqual([{ handle: 'ben_tran', followers: 9876 }]);
    expect(page.errors).toEqual([]);
  });
});

describe('Facebook: follower counts on screen', () => {
  function header(html: string): Document {
    return new DOMParser().parseFromString(`<div role="main">${html}</div>`, 'text/html');
  }

  it('reads a page\'s and a profile\'s header count, by vanity name or numeric id', () => {
    const page = header(`
      <h1>Acme Care</h1>
      <a href="https://www.facebook.com/AcmeCare/followers/" role="link">12K followers</a> •
      <a href="https://www.facebook.com/AcmeCare/following/" role="link">310 following</a>
      <a href="https://www.facebook.com/profile.php?id=100064001234567&amp;sk=followers" role="link">1,204 followers</a>`);
    expect(readFacebookReach(page)).toEqual([
      { handle: 'AcmeCare', followers: 12_000 },
      { handle: '100064001234567', followers: 1204 },
    ]);
  });

  it('skips links that are not a profile\'s followers or carry no count', () => {
    const page = header(`
      <a href="https://www.facebook.com/groups/runners/followers/">40K followers</a>
      <a href="https://www.facebook.com/AcmeCare/followers/">See all followers</a>
      <a href="https://evil.example/AcmeCare/followers/">99M followers</a>
      <a href="https://www.facebook.com/AcmeCare/posts/followers-day">5 followers</a>`);
    expect(readFacebookReach(page)).toEqual([]);
  });
});
