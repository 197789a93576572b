/**
 * The last step of tone(): a three-class linear model (negative, neutral, positive) over two kinds
 * of evidence. The lexicon's reading of the text — its compound, the valence left after negation
 * and "but", how many words carry each side, the length and the "!" and "?" — and the hashed words,
 * word pairs and character n-grams of the text (ngrams.ts), which learn what no word list holds:
 * that "#fail" or "smh" reads negative, "tomorrow night" neutral, a topic upset. The score blends
 * the model's positive-minus-negative probability with the lexicon's compound, which keeps its
 * agreement with people's ratings of intensity. Everything is fitted by `npm run fit:tone`
 * (model.ts, weights.ts); nothing here is tuned by hand.
 */
import { toneModel } from './model.js';
import type { NgramShape } from './ngrams.js';
import type { TokenizedText } from './tokenize.js';
import { ngramWeights } from './weights.js';

/** The fitted model, as `npm run fit:tone` writes it into model.ts. */
export interface ToneModel {
  /** What each row of `weights` reads, in toneFeatures() order. */
  features: readonly string[];
  mean: readonly number[];
  scale: readonly number[];
  /** One row per lexicon feature: its weight towards negative, neutral and positive. */
  weights: readonly (readonly number[])[];
  bias: readonly number[];
  /** The n-gram buckets; their weights (3 per bucket) are int8 multiples of `step`. */
  ngrams: NgramShape & { step: number };
  /** The lexicon compound's share of the score. */
  blend: number;
  /** Subtracted from the blend: the middle of the neutral band the fit found. */
  centre: number;
  /** A score at or below this is negative. */
  negativeFrom: number;
  /** A score at or above this is positive. */
  positiveFrom: number;
}

/** The n-gram weights in use: the shipped ones unless a fit passes its own. */
export interface NgramWeights {
  /** Three per bucket (negative, neutral, positive), bucket-major. */
  values: ArrayLike<number>;
  /** What one unit of `values` is worth. */
  step: number;
}

/**
 * Feature order shared with the fit (see `toneModel.features`): the compound, the sums and counts
 * of positive and negative valence after the rules (so "don't like" counts as negative), the
 * number of tokens, "!" and "?".
 */
export function toneFeatures({ tokens, exclamations, questions }: TokenizedText, weighted: readonly number[], compound: number): number[] {
  let positive = 0;
  let negative = 0;
  let positiveWords = 0;
  let negativeWords = 0;
  for (const value of weighted) {
    if (value > 0) {
      positive += value;
      positiveWords++;
    } else if (value < 0) {
      negative += value;
      negativeWords++;
    }
  }
  return [compound, positive, negative, positiveWords, negativeWords, tokens.length, exclamations, questions];
}

let shipped: NgramWeights | undefined;

/** The shipped int8 weights, decoded once on first use. */
export function shippedWeights(): NgramWeights {
  if (!shipped) {
    const bytes = atob(ngramWeights);
    const values = new Int8Array(bytes.length);
    for (let i = 0; i < bytes.length; i++) values[i] = bytes.charCodeAt(i) << 24 >> 24;
    shipped = { values, step: toneModel.ngrams.step };
  }
  return shipped;
}

/**
 * The three logits for a text's lexicon features and n-gram buckets. The buckets' sum is divided
 * by the square root of their count, so a long post weighs no more than a short one.
 */
export function toneLogits(features: readonly number[], buckets: readonly number[], model: ToneModel, ngrams: NgramWeights): [number, number, number] {
  let negative = model.bias[0]!;
  let neutral = model.bias[1]!;
  let positive = model.bias[2]!;
  for (let f = 0; f < features.length; f++) {
    const x = (features[f]! - model.mean[f]!) / model.scale[f]!;
    const row = model.weights[f]!;
    negative += x * row[0]!;
    neutral += x * row[1]!;
    positive += x * row[2]!;
  }
  if (buckets.length > 0) {
    const { values } = ngrams;
    let n0 = 0;
    let n1 = 0;
    let n2 = 0;
    for (const bucket of buckets) {
      const at = bucket * 3;
      n0 += values[at]!;
      n1 += values[at + 1]!;
      n2 += values[at + 2]!;
    }
    const norm = ngrams.step / Math.sqrt(buckets.length);
    negative += n0 * norm;
    neutral += n1 * norm;
    positive += n2 * norm;
  }
  return [negative, neutral, positive];
}

/** Probabilities of negative, neutral and positive from the logits. */
export function toneProbabilities([negative, neutral, positive]: readonly number[]): [number, number, number] {
  const top = Math.max(negative!, neutral!, positive!);
  const e0 = Math.exp(negative! - top);
  const e1 = Math.exp(neutral! - top);
  const e2 = Math.exp(positive! - top);
  const total = e0 + e1 + e2;
  return [e0 / total, e1 / total, e2 / total];
}

/** The lexicon compound's share plus the model's positive-minus-negative, less the centre. */
export function blendedScore(features: readonly number[], logits: readonly number[], model: ToneModel): number {
  const [negative, , positive] = toneProbabilities(logits);
  return model.blend * features[0]! + (1 - model.blend) * (positive - negative) - model.centre;
}

/** How far inside the neutral band a neutral text's score is kept, so rounding cannot move it out. */
const neutralMargin = 0.01;

/**
 * The score in -1..+1. The tone is the model's most likely one (its classes were weighted equally
 * in training, which is what macro-recall asks); the score says how strongly, as the blend of the
 * lexicon's compound and the model's positive-minus-negative probability less the fit's centre,
 * kept within the bands of that tone so that toneLabel(score) names it. A text without a word or
 * emoji scores exactly 0.
 */
export function decide(features: readonly number[], buckets: readonly number[], model = toneModel, ngrams = shippedWeights()): number {
  if (buckets.length === 0) return 0;
  const logits = toneLogits(features, buckets, model, ngrams);
  const score = Math.max(-1, Math.min(1, blendedScore(features, logits, model)));
  const top = Math.max(logits[0], logits[1], logits[2]);
  if (logits[2] === top) return Math.max(score, model.positiveFrom);
  if (logits[0] === top) return Math.min(score, model.negativeFrom);
  return Math.max(model.negativeFrom + neutralMargin, Math.min(model.positiveFrom - neutralMargin, score));
}
