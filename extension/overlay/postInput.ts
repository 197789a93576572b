/** A post as the page shows it, in the shape the API takes (`PostInput`). */
import type { PostData } from '../sites/types.js';

export const toPostInput = (post: PostData) => ({
  platform: post.platform, externalId: post.externalId, url: post.url,
  author: {
    handle: post.author.handle, displayName: post.author.displayName,
    ...(post.author.profileUrl ? { profileUrl: post.author.profileUrl } : {}),
    ...(post.author.followers === undefined ? {} : { followers: post.author.followers }),
  },
  text: post.text,
  ...(post.postedAt ? { postedAt: post.postedAt } : {}),
});
