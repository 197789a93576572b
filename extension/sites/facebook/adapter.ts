import { insertText } from '../compose.js';
import type { SiteAdapter } from '../types.js';
import { facebookComposerTarget, openFacebookComposer, watchFacebookReplies } from './composer.js';
import { readFacebookReach } from './reach.js';
import { facebookTextElement, findFacebookPosts, isComment, readFacebookPost } from './read.js';
import { facebookSelectors } from './selectors.js';

// m.facebook.com serves a different (mobile) page, which this adapter does not read.
const facebookHosts = new Set(['www.facebook.com', 'facebook.com', 'web.facebook.com']);

export const facebookAdapter: SiteAdapter = {
  platform: 'facebook',
  matches: (url) => url.protocol === 'https:' && facebookHosts.has(url.hostname),
  findPosts: findFacebookPosts,
  readPost: (element) => {
    try {
      return readFacebookPost(element);
    } catch {
      return undefined; // markup we do not understand: the post gets no bar
    }
  },
  textElement: (element) => facebookTextElement(element),
  // A post's article also holds its comments: its bar goes under the post's text.
  barAnchor: (element) => (isComment(element) ? element : (facebookTextElement(element) ?? element)),
  openComposer: openFacebookComposer,
  insertText: (editor, text) => insertText(editor, text, facebookSelectors.editorBlock),
  watchSentReplies: watchFacebookReplies,
  composerTarget: facebookComposerTarget,
  // facebook.com/search/posts/?q=… and the other search tabs.
  isListening: (url) => url.pathname.startsWith('/search/'),
  // A post's own page, with its comments below: /<page>/posts/<id>, a group's post, permalink.php, story.php.
  isThread: (url) => /^\/(?:[\w.-]+\/posts\/[\w-]+|groups\/[\w.-]+\/(?:posts|permalink)\/\d+|permalink\.php|story\.php)\/?$/.test(url.pathname),
  readReach: readFacebookReach,
};
