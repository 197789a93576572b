/** Reading ids, authors and permalinks out of facebook.com addresses. */
export const facebookOrigin = 'https://www.facebook.com';

// What the API accepts as an external id.
const safeId = /^[A-Za-z0-9_:.-]{1,100}$/;
const vanityName = /^[A-Za-z0-9.]{1,100}$/;
const numericId = /^\d{1,30}$/;
// First path segments that are site sections, not profile names.
const sections = new Set([
  'events', 'groups', 'hashtag', 'marketplace', 'media', 'notifications', 'pages', 'people', 'permalink.php',
  'photo', 'photo.php', 'photos', 'profile.php', 'reel', 'search', 'share', 'stories', 'story.php', 'watch',
]);

export function parseFacebookUrl(href: string | null | undefined): URL | undefined {
  if (!href) return undefined;
  try {
    const url = new URL(href, facebookOrigin);
    const onFacebook = url.hostname === 'facebook.com' || url.hostname.endsWith('.facebook.com');
    return onFacebook && url.protocol === 'https:' ? url : undefined;
  } catch {
    return undefined;
  }
}

const valid = (id: string | null | undefined) => (id && safeId.test(id) ? id : undefined);

/** The post id of a post permalink: `/posts/<id>`, `story_fbid=<id>` or `/permalink/<id>`. */
export function postIdOf(url: URL): string | undefined {
  const fromPath = /\/(?:posts|permalink)\/([^/?#]+)/.exec(url.pathname)?.[1];
  return valid(fromPath) ?? valid(url.searchParams.get('story_fbid'));
}

/** The post's address without tracking parameters. */
export function postUrlOf(url: URL): string {
  const clean = new URL(url.pathname, facebookOrigin);
  for (const key of ['story_fbid', 'id']) {
    const value = url.searchParams.get(key);
    if (value && /\/(?:permalink|story)\.php$/.test(url.pathname)) clean.searchParams.set(key, value);
  }
  return clean.href;
}

/** The id of a comment (`comment_id`) or of a reply (`reply_comment_id`) from its permalink. */
export function commentIdOf(url: URL): string | undefined {
  return valid(url.searchParams.get('reply_comment_id')) ?? valid(url.searchParams.get('comment_id'));
}

/** The comment's address: its post's address plus its ids, without tracking parameters. */
export function commentUrlOf(url: URL): string {
  const clean = new URL(postUrlOf(url));
  for (const key of ['comment_id', 'reply_comment_id']) {
    const value = url.searchParams.get(key);
    if (value) clean.searchParams.set(key, value);
  }
  return clean.href;
}

/** The handle (vanity name or numeric id) and profile address of a profile link. */
export function profileOf(url: URL): { handle: string; profileUrl: string } | undefined {
  const segments = url.pathname.split('/').filter(Boolean);
  const first = segments[0];
  let id: string | undefined;
  if (first === 'profile.php') id = url.searchParams.get('id') ?? undefined;
  else if (first === 'people') id = segments[2]; // /people/<name>/<id>
  else if (first === 'groups' && segments[2] === 'user') id = segments[3]; // /groups/<group>/user/<id>
  if (id !== undefined) {
    return numericId.test(id) ? { handle: id, profileUrl: `${facebookOrigin}/profile.php?id=${id}` } : undefined;
  }
  if (!first || sections.has(first) || !vanityName.test(first)) return undefined;
  return { handle: first, profileUrl: `${facebookOrigin}/${first}` };
}
