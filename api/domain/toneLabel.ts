/** Where a tone score's labels start: apart from the scorer, so a page can label stored scores without its lexicon. */
import { toneBands } from './tone/model.js';

export type ToneLabel = 'negative' | 'neutral' | 'positive';

/** The bands that tone()'s fit chose on TweetEval validation (api/domain/tone/model.ts). */
export const positiveFrom = toneBands.positiveFrom;
export const negativeFrom = toneBands.negativeFrom;

export function toneLabel(score: number): ToneLabel {
  return score >= positiveFrom ? 'positive' : score <= negativeFrom ? 'negative' : 'neutral';
}
