/**
 * The tone of a social post: negative, neutral or positive, with a score in -1..+1. Built on
 * VADER's lexicon and rules (Hutto & Gilbert, ICWSM 2014), extended for how posts are written
 * (emoji, stretched words, hashtags, escaped HTML, mentions and links), then weighed with the
 * text's hashed words and character n-grams by a linear model trained on TweetEval's 45,615
 * labelled tweets (tone/decide.ts). Pure and synchronous, so the extension's background can run
 * it on every post it sees.
 */
import { decide, toneFeatures } from './tone/decide.js';
import { toneModel } from './tone/model.js';
import { ngramBuckets } from './tone/ngrams.js';
import { compound, weighTokens } from './tone/score.js';
import { tokenize } from './tone/tokenize.js';
import { toneLabel, type ToneLabel } from './toneLabel.js';

export { negativeFrom, positiveFrom, type ToneLabel } from './toneLabel.js';

export interface Tone {
  label: ToneLabel;
  score: number;
}

/** Reused between calls: tone() runs on every post a page shows. */
const buckets: number[] = [];

export function tone(text: string): Tone {
  const tokenized = tokenize(text);
  const weighted = weighTokens(tokenized.tokens);
  buckets.length = 0;
  ngramBuckets(tokenized.tokens, toneModel.ngrams, buckets);
  const score = decide(toneFeatures(tokenized, weighted, compound(weighted, tokenized)), buckets);
  return { label: toneLabel(score), score };
}
