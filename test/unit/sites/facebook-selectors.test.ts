// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { selectAll } from '../../../extension/sites/dom.js';
import { facebookSelectors } from '../../../extension/sites/facebook/selectors.js';
import { loadPage } from './load.js';

type Entry = keyof typeof facebookSelectors;

/** How many elements each entry matches on the post page. */
const expectedCounts: Record<Entry, number> = {
  post: 1,
  comment: 3,
  reply: 2,
  commentAnyLanguage: 5, // the 3 comments and 2 replies, whatever the UI language
  commentThread: 20, // 3 comment threads, 2 reply items, 15 action-row items
  postPermalink: 6, // the post's timestamp and the 5 comment timestamps
  commentPermalink: 15, // avatar, name and timestamp links of 5 comments
  authorLink: 13,
  postText: 2, // the story message and the preview block inside it
  commentText: 14, // 5 comment bodies, 9 paragraphs (2 in the post)
  textLine: 9,
  textControls: 16,
  commentButton: 1,
  commentAction: 10, // Like and Reply under 5 comments
  editor: 1, // the post's comment box; reply boxes open on demand
  editorBlock: 1,
  editorWithMenu: 0,
  sendButton: 1,
  followersLink: 0, // a post page shows no follower count; profile headers do (test/unit/sites/reach.test.ts)
};

describe('Facebook selector table', () => {
  const { document } = loadPage('facebookPost');

  it('counts every entry', () => {
    expect(Object.keys(expectedCounts).sort()).toEqual(Object.keys(facebookSelectors).sort());
  });

  for (const entry of Object.keys(facebookSelectors) as Entry[]) {
    it(`${entry} matches the expected number of elements`, () => {
      expect(selectAll(document, facebookSelectors[entry]).length).toBe(expectedCounts[entry]);
    });
  }

  it('finds nothing on an X page', () => {
    const x = loadPage('xStatus').document;
    for (const entry of ['post', 'comment', 'reply', 'commentAnyLanguage', 'editor'] as const) {
      expect(selectAll(x, facebookSelectors[entry])).toEqual([]);
    }
  });

  it('every alternative parses in the browser engine used for tests', () => {
    for (const alternative of Object.values(facebookSelectors).flat()) {
      expect(() => document.querySelectorAll(alternative)).not.toThrow();
    }
  });
});
