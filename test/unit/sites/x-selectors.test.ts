// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { selectAll } from '../../../extension/sites/dom.js';
import { xSelectors } from '../../../extension/sites/x/selectors.js';
import { loadPage } from './load.js';

const pages = ['xStatus', 'xTimeline', 'xRealStatus', 'xRealQuote', 'xRealQuoteVideo', 'xProfile'] as const;
type Entry = keyof typeof xSelectors;

/**
 * How many elements each entry matches on each saved page, in the order of `pages`. When X
 * changes its markup, the capture of the new page and this table change together.
 */
const expectedCounts: Record<Entry, readonly [number, number, number, number, number, number]> = {
  post: [6, 10, 1, 1, 1, 2], // status: focused, 3 replies, ad, quote; home: 10 cells; profile: 2
  quotedTweet: [1, 1, 0, 1, 1, 0],
  userName: [7, 11, 1, 2, 2, 2], // one per tweet, one per quoted tweet
  displayName: [14, 22, 2, 5, 5, 4], // the second, looser alternative matches every first line
  profileLink: [12, 20, 2, 2, 2, 4], // name and @handle links of each tweet
  handleText: [25, 42, 3, 8, 8, 8],
  tweetText: [7, 11, 1, 2, 2, 2],
  timestamp: [6, 10, 1, 2, 2, 2], // ads have none; quoted tweets have theirs
  statusLink: [6, 9, 1, 3, 2, 2], // permalinks, plus a quoted photo link and an analytics link
  adLabel: [39, 60, 7, 11, 12, 14],
  adLabelLookalikes: [14, 23, 3, 4, 4, 4],
  replyButton: [6, 10, 1, 1, 1, 2],
  editor: [1, 1, 0, 0, 0, 0], // the status page's reply box; the home page's new-post box
  editorBlock: [1, 1, 0, 0, 0, 0],
  sendButton: [1, 1, 0, 0, 0, 0],
  dialog: [0, 0, 0, 0, 0, 0], // no dialog until a reply button is clicked
  replyDialog: [0, 0, 0, 0, 0, 0],
  // the profile header's count; its tabs and "Followed by" link are not counts
  followersLink: [0, 0, 0, 0, 0, 1],
};

describe('X selector table', () => {
  const documents = pages.map((page) => loadPage(page).document);

  it('counts every entry', () => {
    expect(Object.keys(expectedCounts).sort()).toEqual(Object.keys(xSelectors).sort());
  });

  for (const entry of Object.keys(xSelectors) as Entry[]) {
    it(`${entry} matches the expected number of elements on each page`, () => {
      const counts = documents.map((document) => selectAll(document, xSelectors[entry]).length);
      expect(counts).toEqual(expectedCounts[entry]);
    });
  }

  it('every alternative parses in the browser engine used for tests', () => {
    for (const alternative of Object.values(xSelectors).flat()) {
      expect(() => documents[0]!.querySelectorAll(alternative)).not.toThrow();
    }
  });
});
