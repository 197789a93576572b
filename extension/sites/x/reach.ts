/**
 * Follower counts x.com shows while the agent looks: a profile's header and the card that opens
 * on hovering a name. A tweet itself never shows its author's reach.
 */
import { selectAll } from '../dom.js';
import { readCount } from '../text.js';
import type { ReachReading } from '../types.js';
import { xSelectors as sel } from './selectors.js';

const followersPath = /^\/([A-Za-z0-9_]{1,50})\/(?:verified_)?followers$/;

export function readXReach(root: ParentNode): ReachReading[] {
  const readings: ReachReading[] = [];
  for (const link of selectAll(root, sel.followersLink)) {
    const handle = followersPath.exec(link.getAttribute('href') ?? '')?.[1];
    const followers = readCount(link.textContent ?? '');
    if (handle && followers !== undefined) readings.push({ handle, followers });
  }
  return readings;
}
