/**
 * X's length rule: 280 weighted characters as twitter-text counts them (most CJK and emoji count
 * two, every link counts 23). A longer reply is cut at a word boundary and ends with an ellipsis.
 */
import twitterText from 'twitter-text';

export const maxWeightedLength = 280;
const ellipsis = '…';

export function weightedLength(text: string): number {
  return twitterText.parseTweet(text).weightedLength;
}

/** The text as it fits in one post, and whether it had to be cut. */
export function fitToPost(text: string): { text: string; trimmed: boolean } {
  const parsed = twitterText.parseTweet(text);
  if (parsed.weightedLength <= maxWeightedLength) return { text, trimmed: false };
  // validRangeEnd is the last UTF-16 index that still fits; cut there, then back to a space.
  let end = parsed.validRangeEnd + 1;
  for (;;) {
    const head = text.slice(0, end);
    const space = head.search(/\s\S*$/u);
    // One word longer than a post has no boundary to cut at: drop a character at a time.
    const cut = (space > 0 ? head.slice(0, space) : Array.from(head).slice(0, -1).join('')).replace(/[\s,;:.!?-]+$/u, '');
    const candidate = cut + ellipsis;
    if (cut.length === 0 || weightedLength(candidate) <= maxWeightedLength) return { text: candidate, trimmed: true };
    end = cut.length;
  }
}
