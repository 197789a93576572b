import { insertText } from '../compose.js';
import type { SiteAdapter } from '../types.js';
import { openTweetComposer, tweetComposerTarget, watchTweetReplies } from './composer.js';
import { findTweets, readTweet, tweetTextElement } from './read.js';
import { readXReach } from './reach.js';
import { xSelectors } from './selectors.js';

const xHosts = new Set(['x.com', 'www.x.com', 'mobile.x.com', 'twitter.com', 'www.twitter.com', 'mobile.twitter.com']);

export const xAdapter: SiteAdapter = {
  platform: 'x',
  matches: (url) => url.protocol === 'https:' && xHosts.has(url.hostname),
  findPosts: findTweets,
  readPost: (element) => {
    try {
      return readTweet(element);
    } catch {
      return undefined; // markup we do not understand: the post gets no bar
    }
  },
  textElement: (element) => tweetTextElement(element),
  // After the article, inside its cell: outside the tweet's own click target.
  barAnchor: (element) => element,
  openComposer: openTweetComposer,
  insertText: (editor, text) => insertText(editor, text, xSelectors.editorBlock),
  watchSentReplies: watchTweetReplies,
  composerTarget: tweetComposerTarget,
  // x.com/search?q=…, x.com/notifications and its /mentions tab.
  isListening: (url) => /^\/(?:search|notifications)(?:\/|$)/.test(url.pathname),
  isThread: (url) => /^\/\w{1,15}\/status\/\d{1,20}\/?$/.test(url.pathname),
  readReach: readXReach,
};
