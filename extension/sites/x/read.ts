import { closestMatch, findFirst, matchesAny, selectAll, selectFirst } from '../dom.js';
import { readName, readText, toIsoTime } from '../text.js';
import type { PostData } from '../types.js';
import { xSelectors as sel, xTexts } from './selectors.js';

export const xOrigin = 'https://x.com';

const handleInPath = /^\/([A-Za-z0-9_]{1,50})\/?$/;
const statusInPath = /^\/(?:([A-Za-z0-9_]{1,50})|i\/web)\/status\/(\d{1,25})(?:[/?#]|$)/;
const ownerSelectors = [...sel.post, ...sel.quotedTweet];

/**
 * A test for "belongs to `post` itself, not to a tweet quoted or nested inside it": no tweet or
 * quote card between the element and the post. It looks up from the element (a dozen ancestors)
 * instead of listing every card in the post: a `:has` run across a whole tweet costs more than
 * all the reading.
 */
export function ownership(post: Element): (element: Element) => boolean {
  return (element) => {
    for (let node: Element | null = element; node && node !== post; node = node.parentElement) {
      if (matchesAny(node, ownerSelectors)) return false;
    }
    return true;
  };
}

/** Every tweet alternative names an article: articles are found by tag, then each is matched. */
const postsAreArticles = sel.post.every((selector) => /^article\b/.test(selector));

function postsUnder(root: ParentNode): Element[] {
  if (!postsAreArticles) return selectAll(root, sel.post);
  // getElementsByTagName is an index lookup; `matches` runs the `:has` alternative only on articles the first misses.
  const articles = 'getElementsByTagName' in root ? (root as Element | Document).getElementsByTagName('article') : root.querySelectorAll('article');
  return Array.from(articles).filter((article) => matchesAny(article, sel.post));
}

// A root-relative path without dots, escapes or whitespace: its pathname is itself, no URL parsing needed.
const plainPath = /^(\/(?!\/)[A-Za-z0-9_~/-]*)(?:[?#]|$)/;

function pathOf(href: string | null): string | undefined {
  if (!href) return undefined;
  const plain = plainPath.exec(href);
  if (plain) return plain[1];
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

const adMarkers: readonly string[] = xTexts.adLabel;

/** Whether a tweet carries an "Ad"/"Promoted" label of its own. */
export function isPromoted(post: Element, own = ownership(post)): boolean {
  // A label's text is part of the post's: without a marker in the whole text, no query is needed.
  const text = post.textContent ?? '';
  if (!adMarkers.some((marker) => text.includes(marker))) return false;
  return selectAll(post, sel.adLabel).some(
    (label) => adMarkers.includes((label.textContent ?? '').trim()) && own(label) && !closestMatch(label, sel.adLabelLookalikes),
  );
}

/** The tweets under `root` (and `root` itself) that get a bar. */
export function findTweets(root: ParentNode): Element[] {
  const rootElement = 'nodeType' in root && root.nodeType === 1 ? (root as Element) : undefined;
  // Inside a tweet, everything belongs to that tweet.
  if (rootElement?.parentElement && closestMatch(rootElement.parentElement, sel.post)) return [];
  const found = postsUnder(root);
  if (rootElement && matchesAny(rootElement, sel.post)) found.unshift(rootElement);
  let container: Element | undefined;
  return found.filter((post) => {
    if (container?.contains(post)) return false; // a tweet inside another tweet is part of it
    container = post;
    const dialog = closestMatch(post, sel.dialog);
    if (dialog && matchesAny(dialog, sel.replyDialog)) return false; // the copy shown above a reply box
    return !isPromoted(post);
  });
}

// Name, handle and profile link all sit inside the tweet's own User-Name block: query only there.
function handleOf(userName: Element | undefined, permalinkHandle: string | undefined): string | undefined {
  const link = userName && selectFirst(userName, sel.profileLink);
  const fromLink = handleInPath.exec(pathOf(link?.getAttribute('href') ?? null) ?? '')?.[1];
  if (fromLink) return fromLink;
  const at = userName
    ? selectFirst(userName, sel.handleText, (span) => /^@[A-Za-z0-9_]{1,50}$/.test((span.textContent ?? '').trim()))
    : undefined;
  return at ? (at.textContent ?? '').trim().slice(1) : permalinkHandle;
}

/** The permalink time of the tweet: the `<time>` wrapped in a status link (quoted tweets' are not). */
function permalinkTime(post: Element, own: (element: Element) => boolean): { time: Element; handle?: string; id: string } | undefined {
  let status: { handle?: string; id: string } | undefined;
  const time = findFirst(post, sel.timestamp, (candidate) => {
    if (!own(candidate)) return false;
    const link = closestMatch(candidate, sel.statusLink);
    status = link ? parseStatusHref(link.getAttribute('href')) : undefined;
    return status !== undefined;
  });
  return time && status ? { time, ...status } : undefined;
}

export function tweetTextElement(post: Element, own = ownership(post)): Element | undefined {
  return selectFirst(post, sel.tweetText, own);
}

export function readTweet(post: Element): PostData | undefined {
  const own = ownership(post);
  const permalink = permalinkTime(post, own);
  if (!permalink) return undefined;
  const userName = selectFirst(post, sel.userName, own);
  const handle = handleOf(userName, permalink.handle);
  if (!handle) return undefined;
  const nameElement = userName && selectFirst(userName, sel.displayName);
  const displayName = (nameElement && readName(nameElement)) || handle;
  const textElement = tweetTextElement(post, own);
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
