/**
 * How typical each past reply is of the team's replies: the mean share of replies that use each
 * of its words. The team's usual answers ("send us a DM with your order number") score high,
 * one-offs low; it orders the past replies that no word of the post matches.
 */
import { termOf, wordsOf } from './terms.js';

export function typicality(texts: string[]): number[] {
  const termSets = texts.map((text) => new Set(wordsOf(text).map(termOf).filter((term): term is string => term !== null)));
  const replyCount = new Map<string, number>();
  for (const terms of termSets) for (const term of terms) replyCount.set(term, (replyCount.get(term) ?? 0) + 1);
  return termSets.map((terms) => {
    if (terms.size === 0) return 0;
    let share = 0;
    for (const term of terms) share += (replyCount.get(term) ?? 0) / texts.length;
    return share / terms.size;
  });
}
