import { closestMatch, matchesAny, selectAll, selectFirst } from '../dom.js';
import { readName, readText, toIsoTime } from '../text.js';
import type { PostData } from '../types.js';
import { xSelectors as sel, xTexts } from './selectors.js';

export const xOrigin = 'https://x.com';

const handleInPath = /^\/([A-Za-z0-9_]{1,50})\/?$/;
const statusInPath = /^\/(?:([A-Za-z0-9_]{1,50})|i\/web)\/status\/(\d{1,25})(?:[/?#]|$)/;
const ownerSelectors = [...sel.post, ...sel.quotedTweet];

/** Whether `element` belongs to `post` itself rather than to a tweet quoted or nested inside it. */
export function ownedBy(post: Element, element: Element): boolean {
  return closestMatch(element, ownerSelectors) === post;
}

function pathOf(href: string | null): string | undefined {
  if (!href) return undefined;
  try {
    return new URL(href, xOrigin).pathname;
  } catch {
    return undefined;
  }
}

/** `{handle, id}` of a status permalink (`/<handle>/status/<id>`), if `href` is one. */
export function parseStatusHref(href: string | null): { handle?: string; id: string } | undefined {
  const match = statusInPath.exec(pathOf(href) ?? '');
  if (!match?.[2]) return undefined;
  return match[1] ? { handle: match[1], id: match[2] } : { id: match[2] };
}

/** Whether a tweet carries an "Ad"/"Promoted" label of its own. */
export function isPromoted(post: Element): boolean {
  return selectAll(post, sel.adLabel).some((label) => {
    if (!ownedBy(post, label) || closestMatch(label, sel.adLabelLookalikes)) return false;
    const text = (label.textContent ?? '').trim();
    return xTexts.adLabel.some((marker) => marker === text);
  });
}

/** The tweets under `root` (and `root` itself) that get a bar. */
export function findTweets(root: ParentNode): Element[] {
  const found = selectAll(root, sel.post);
  if ('nodeType' in root && root.nodeType === 1 && matchesAny(root as Element, sel.post)) found.unshift(root as Element);
  return found.filter((post) => {
    const outer = post.parentElement ? closestMatch(post.parentElement, ownerSelectors) : undefined;
    if (outer) return false; // a tweet inside another tweet is part of it
    if (closestMatch(post, sel.replyDialog)) return false; // the copy shown above a reply box
    return !isPromoted(post);
  });
}

function handleOf(post: Element, userName: Element | undefined, permalinkHandle: string | undefined): string | undefined {
  const own = (element: Element) => ownedBy(post, element);
  const link = selectFirst(post, sel.profileLink, own);
  const fromLink = handleInPath.exec(pathOf(link?.getAttribute('href') ?? null) ?? '')?.[1];
  if (fromLink) return fromLink;
  const at = userName
    ? selectFirst(userName, sel.handleText, (span) => /^@[A-Za-z0-9_]{1,50}$/.test((span.textContent ?? '').trim()))
    : undefined;
  return at ? (at.textContent ?? '').trim().slice(1) : permalinkHandle;
}

/** The permalink time of the tweet: the `<time>` wrapped in a status link (quoted tweets' are not). */
function permalinkTime(post: Element): { time: Element; handle?: string; id: string } | undefined {
  for (const time of selectAll(post, sel.timestamp)) {
    if (!ownedBy(post, time)) continue;
    const link = closestMatch(time, sel.statusLink);
    const status = link ? parseStatusHref(link.getAttribute('href')) : undefined;
    if (status) return { time, ...status };
  }
  return undefined;
}

export function tweetTextElement(post: Element): Element | undefined {
  return selectFirst(post, sel.tweetText, (element) => ownedBy(post, element));
}

export function readTweet(post: Element): PostData | undefined {
  const permalink = permalinkTime(post);
  if (!permalink) return undefined;
  const own = (element: Element) => ownedBy(post, element);
  const userName = selectFirst(post, sel.userName, own);
  const handle = handleOf(post, userName, permalink.handle);
  if (!handle) return undefined;
  const nameElement = selectFirst(post, sel.displayName, own);
  const displayName = (nameElement && readName(nameElement)) || handle;
  const textElement = tweetTextElement(post);
  const postedAt = toIsoTime(permalink.time.getAttribute('datetime'));
  return {
    platform: 'x',
    externalId: permalink.id,
    url: `${xOrigin}/${handle}/status/${permalink.id}`,
    author: { handle, displayName, profileUrl: `${xOrigin}/${handle}` },
    text: textElement ? readText(textElement) : '',
    ...(postedAt ? { postedAt } : {}),
  };
}

/** The tweet id of a status page's address (`/<handle>/status/<id>`), if it is one. */
export function focusedStatusId(doc: Document): string | undefined {
  return parseStatusHref(doc.location?.pathname ?? null)?.id;
}
