/**
 * The last step of tone(): the lexicon's sum alone cannot tell a neutral post with one mildly
 * positive word ("see you Friday, may be fun") from a glad one, nor read that questions lean
 * neutral and exclamations lean positive. A three-class logistic model over eight counts of the
 * scored text says how likely each tone is; the score blends its positive-minus-negative
 * probability with the lexicon's compound, which keeps the score's agreement with people's
 * ratings. Weights come from `npm run fit:tone` (model.ts); nothing here is tuned by hand.
 */
import { toneModel } from './model.js';
import type { TokenizedText } from './tokenize.js';

/** The fitted weights, as `npm run fit:tone` writes them into model.ts. */
export interface ToneModel {
  /** What each row of `weights` reads, in toneFeatures() order. */
  features: readonly string[];
  mean: readonly number[];
  scale: readonly number[];
  /** One row per feature: its weight towards negative, neutral and positive. */
  weights: readonly (readonly number[])[];
  bias: readonly number[];
  /** The lexicon compound's share of the score. */
  blend: number;
  /** A score at or below this is negative. */
  negativeFrom: number;
  /** A score at or above this is positive. */
  positiveFrom: number;
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

/** Probabilities of negative, neutral and positive for standardised features. */
export function toneProbabilities(features: readonly number[], model = toneModel): [number, number, number] {
  const logits = [...model.bias] as [number, number, number];
  for (let f = 0; f < features.length; f++) {
    const x = (features[f]! - model.mean[f]!) / model.scale[f]!;
    const row = model.weights[f]!;
    logits[0] += x * row[0]!;
    logits[1] += x * row[1]!;
    logits[2] += x * row[2]!;
  }
  const top = Math.max(...logits);
  const e = logits.map((z) => Math.exp(z - top)) as [number, number, number];
  const total = e[0] + e[1] + e[2];
  return [e[0] / total, e[1] / total, e[2] / total];
}

/** The blend before centring: compound's share plus the model's positive-minus-negative. */
export function rawScore(features: readonly number[], model = toneModel): number {
  const [negative, , positive] = toneProbabilities(features, model);
  return model.blend * features[0]! + (1 - model.blend) * (positive - negative);
}

const emptyText = [0, 0, 0, 0, 0, 0, 0, 0];
const emptyScore = rawScore(emptyText);

/**
 * The score in -1..+1, centred so that a text with nothing in it scores exactly 0: the model's
 * leaning for an empty text is a property of the data it saw, not of the text.
 */
export function decide(features: readonly number[], model = toneModel): number {
  const empty = model === toneModel ? emptyScore : rawScore(emptyText, model);
  const centred = rawScore(features, model) - empty;
  return Math.max(-1, Math.min(1, centred));
}
