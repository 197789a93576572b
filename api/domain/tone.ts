/**
 * The tone of a social post: negative, neutral or positive, with a score in -1..+1. Built on
 * VADER's lexicon and rules (Hutto & Gilbert, ICWSM 2014), extended for how posts are written
 * (emoji, stretched words, hashtags, escaped HTML, mentions and links). Pure and synchronous, so
 * the extension's background can run it on every post it sees.
 */
import { scoreTokens } from './tone/score.js';
import { tokenize } from './tone/tokenize.js';

export type ToneLabel = 'negative' | 'neutral' | 'positive';

export interface Tone {
  label: ToneLabel;
  score: number;
}

/**
 * Where labels start. VADER's band is ±0.05; posts lean positive in lexicon terms (fillers,
 * politeness, "lol"), so calling one positive takes more. Set on TweetEval validation only.
 */
export const positiveFrom = 0.35;
export const negativeFrom = -0.05;

export function tone(text: string): Tone {
  const score = scoreTokens(tokenize(text));
  const label: ToneLabel = score >= positiveFrom ? 'positive' : score <= negativeFrom ? 'negative' : 'neutral';
  return { label, score };
}
