import { closestMatch, matchesAny, selectAll, selectFirst } from '../dom.js';
import { readName, readText } from '../text.js';
import type { PostData } from '../types.js';
import { facebookSelectors as sel } from './selectors.js';
import { commentIdOf, commentUrlOf, parseFacebookUrl, postIdOf, postUrlOf, profileOf } from './urls.js';

const commentSelectors = [...sel.comment, ...sel.reply, ...sel.commentAnyLanguage];
const articleSelectors = [...sel.post, ...commentSelectors];

export const isComment = (element: Element) => matchesAny(element, commentSelectors);

/**
 * A test for "belongs to `article` itself, not to a comment or post inside it", built once per
 * article (asking each element for its nearest article would re-run `:has` up the whole page).
 */
export function ownership(article: Element): (element: Element) => boolean {
  const foreign = selectAll(article, articleSelectors);
  return foreign.length === 0 ? () => true : (element) => !foreign.some((inner) => inner.contains(element));
}

/** Posts, comments and replies under `root` (and `root` itself), in page order. */
export function findFacebookPosts(root: ParentNode): Element[] {
  const found = selectAll(root, articleSelectors);
  if ('nodeType' in root && root.nodeType === 1 && matchesAny(root as Element, articleSelectors)) found.unshift(root as Element);
  return found.filter((element) => {
    if (isComment(element)) return true;
    // A post shared inside another post is part of it.
    const outer = element.parentElement ? closestMatch(element.parentElement, sel.post) : undefined;
    return !outer;
  });
}

export function facebookTextElement(article: Element, own = ownership(article)): Element | undefined {
  return selectFirst(article, isComment(article) ? sel.commentText : sel.postText, own);
}

function profileOfLink(link: Element) {
  const url = parseFacebookUrl(link.getAttribute('href'));
  return url && profileOf(url);
}

function authorOf(article: Element, own: (element: Element) => boolean): PostData['author'] | undefined {
  const link = selectFirst(article, sel.authorLink, (candidate) =>
    own(candidate) &&
    !matchesAny(candidate, sel.postPermalink) &&
    readName(candidate) !== '' &&
    profileOfLink(candidate) !== undefined,
  );
  const profile = link && profileOfLink(link);
  if (!link || !profile) return undefined;
  return { handle: profile.handle, displayName: readName(link), profileUrl: profile.profileUrl };
}

function textOf(article: Element, own: (element: Element) => boolean): string {
  const element = facebookTextElement(article, own);
  return element ? readText(element, { skip: sel.textControls, lines: sel.textLine }) : '';
}

function readComment(comment: Element): PostData | undefined {
  const own = ownership(comment);
  const links = selectAll(comment, sel.commentPermalink).filter(own);
  // The timestamp links to the post page; the author link may carry comment_id too.
  const link = links.find((candidate) => matchesAny(candidate, sel.postPermalink)) ?? links[links.length - 1];
  const url = link && parseFacebookUrl(link.getAttribute('href'));
  const externalId = url && commentIdOf(url);
  const author = authorOf(comment, own);
  if (!url || !externalId || !author) return undefined;
  return { platform: 'facebook', externalId, url: commentUrlOf(url), author, text: textOf(comment, own) };
}

/** The post's permalink: its own link, else a comment's link (same path), else the page address. */
function postPermalinkOf(post: Element, own: (element: Element) => boolean): URL | undefined {
  const fromOwn = selectAll(post, sel.postPermalink)
    .filter(own)
    .map((link) => parseFacebookUrl(link.getAttribute('href')))
    .find((url) => url && !url.searchParams.has('comment_id') && postIdOf(url));
  if (fromOwn) return fromOwn;
  const fromComment = selectAll(post, sel.commentPermalink)
    .map((link) => parseFacebookUrl(link.getAttribute('href')))
    .find((url) => url && postIdOf(url));
  if (fromComment) return fromComment;
  const page = parseFacebookUrl(post.ownerDocument.location?.href);
  const firstPost = selectFirst(post.ownerDocument, sel.post);
  // FB fills timestamp links only on hover; on a post's own page the address names the post.
  return page && postIdOf(page) && firstPost === post ? page : undefined;
}

function readTopPost(post: Element): PostData | undefined {
  const own = ownership(post);
  const url = postPermalinkOf(post, own);
  const externalId = url && postIdOf(url);
  const author = authorOf(post, own);
  if (!url || !externalId || !author) return undefined;
  return { platform: 'facebook', externalId, url: postUrlOf(url), author, text: textOf(post, own) };
}

export function readFacebookPost(element: Element): PostData | undefined {
  return isComment(element) ? readComment(element) : readTopPost(element);
}
