/** Where a tone score's labels start: apart from the scorer, so a page can label stored scores without its lexicon. */
export type ToneLabel = 'negative' | 'neutral' | 'positive';

/**
 * VADER's band is ±0.05; posts lean positive in lexicon terms (fillers, politeness, "lol"), so
 * calling one positive takes more. Set on TweetEval validation only.
 */
export const positiveFrom = 0.35;
export const negativeFrom = -0.05;

export function toneLabel(score: number): ToneLabel {
  return score >= positiveFrom ? 'positive' : score <= negativeFrom ? 'negative' : 'neutral';
}
