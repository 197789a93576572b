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

/** Scores at or beyond ±this are positive or negative (VADER's band). */
export const neutralBand = 0.05;

export function tone(text: string): Tone {
  const score = scoreTokens(tokenize(text));
  const label: ToneLabel = score >= neutralBand ? 'positive' : score <= -neutralBand ? 'negative' : 'neutral';
  return { label, score };
}
