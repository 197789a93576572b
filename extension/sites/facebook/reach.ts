/** Follower counts facebook.com shows in a profile's or page's header, while the agent looks at it. */
import { selectAll } from '../dom.js';
import { readCount } from '../text.js';
import type { ReachReading } from '../types.js';
import { facebookSelectors as sel } from './selectors.js';
import { parseFacebookUrl, profileOf } from './urls.js';

function isFollowersAddress(url: URL): boolean {
  return url.searchParams.get('sk') === 'followers' || /^\/[^/]+\/followers\/?$/.test(url.pathname);
}

export function readFacebookReach(root: ParentNode): ReachReading[] {
  const readings: ReachReading[] = [];
  for (const link of selectAll(root, sel.followersLink)) {
    const url = parseFacebookUrl(link.getAttribute('href'));
    if (!url || !isFollowersAddress(url)) continue;
    const profile = profileOf(url);
    const followers = readCount(link.textContent ?? '');
    if (profile && followers !== undefined) readings.push({ handle: profile.handle, followers });
  }
  return readings;
}
