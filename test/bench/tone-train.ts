/**
 * Trains tone()'s linear model (api/domain/tone/decide.ts): three-class logistic regression over
 * the standardised lexicon features and the hashed n-gram buckets, weighted so each class counts
 * the same (the target measure is macro-recall), by AdaGrad over seeded shuffles with a light L2
 * penalty. Deterministic: the same texts and settings give the same weights.
 */
import { toneFeatures } from '../../api/domain/tone/decide.js';
import { ngramBuckets, type NgramShape } from '../../api/domain/tone/ngrams.js';
import { compound, weighTokens } from '../../api/domain/tone/score.js';
import { tokenize } from '../../api/domain/tone/tokenize.js';

export interface TrainingText {
  buckets: Int32Array;
  features: Float64Array;
  /** 0 negative, 1 neutral, 2 positive. */
  label: number;
}

export interface TrainingSettings {
  shape: NgramShape;
  epochs: number;
  rate: number;
  penalty: number;
  seed: number;
}

export interface TrainedWeights {
  mean: number[];
  scale: number[];
  /** Lexicon feature rows, 3 weights each. */
  dense: number[][];
  bias: number[];
  /** 3 per bucket, bucket-major. */
  ngrams: Float32Array;
}

/** What decide() reads of a text, computed the way tone() computes it. */
export function trainingText(text: string, label: number, shape: NgramShape): TrainingText {
  const tokenized = tokenize(text);
  const weighted = weighTokens(tokenized.tokens);
  const buckets: number[] = [];
  ngramBuckets(tokenized.tokens, shape, buckets);
  return { buckets: Int32Array.from(buckets), features: Float64Array.from(toneFeatures(tokenized, weighted, compound(weighted, tokenized))), label };
}

function standardisation(texts: readonly TrainingText[]): { mean: number[]; scale: number[] } {
  const width = texts[0]!.features.length;
  const mean = new Array<number>(width).fill(0);
  const spread = new Array<number>(width).fill(0);
  for (const t of texts) for (let f = 0; f < width; f++) mean[f]! += t.features[f]! / texts.length;
  for (const t of texts) for (let f = 0; f < width; f++) spread[f]! += (t.features[f]! - mean[f]!) ** 2 / texts.length;
  return { mean, scale: spread.map((s) => Math.sqrt(s) || 1) };
}

/** A Park–Miller sequence: the shuffles are the same on every machine. */
function shuffle(order: number[], state: { seed: number }): void {
  for (let i = order.length - 1; i > 0; i--) {
    state.seed = (state.seed * 48271) % 2147483647;
    const j = state.seed % (i + 1);
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
}

export function train(texts: readonly TrainingText[], settings: TrainingSettings): TrainedWeights {
  const { mean, scale } = standardisation(texts);
  const width = mean.length;
  const ngrams = new Float32Array((1 << settings.shape.bits) * 3);
  const ngramSquares = new Float32Array(ngrams.length).fill(1e-8);
  const dense = new Float64Array(width * 3);
  const denseSquares = new Float64Array(width * 3).fill(1e-8);
  const bias = [0, 0, 0];
  const biasSquares = [1e-8, 1e-8, 1e-8];
  const counts = [0, 0, 0];
  for (const t of texts) counts[t.label]!++;
  const classWeight = counts.map((n) => texts.length / (3 * n));
  const x = new Float64Array(width);
  const logits = [0, 0, 0];
  const { rate, penalty } = settings;
  const state = { seed: settings.seed };
  const order = texts.map((_, i) => i);
  for (let epoch = 0; epoch < settings.epochs; epoch++) {
    shuffle(order, state);
    for (const i of order) {
      const text = texts[i]!;
      const norm = 1 / Math.sqrt(text.buckets.length || 1);
      for (let f = 0; f < width; f++) x[f] = (text.features[f]! - mean[f]!) / scale[f]!;
      for (let c = 0; c < 3; c++) {
        let z = bias[c]!;
        for (const k of text.buckets) z += ngrams[k * 3 + c]! * norm;
        for (let f = 0; f < width; f++) z += x[f]! * dense[f * 3 + c]!;
        logits[c] = z;
      }
      const top = Math.max(logits[0]!, logits[1]!, logits[2]!);
      const e = logits.map((z) => Math.exp(z - top));
      const total = e[0]! + e[1]! + e[2]!;
      for (let c = 0; c < 3; c++) {
        const g = (e[c]! / total - (text.label === c ? 1 : 0)) * classWeight[text.label]!;
        biasSquares[c]! += g * g;
        bias[c]! -= (rate * g) / Math.sqrt(biasSquares[c]!);
        for (const k of text.buckets) {
          const at = k * 3 + c;
          const step = g * norm + penalty * ngrams[at]!;
          ngramSquares[at]! += step * step;
          ngrams[at]! -= (rate * step) / Math.sqrt(ngramSquares[at]!);
        }
        for (let f = 0; f < width; f++) {
          const at = f * 3 + c;
          const step = g * x[f]! + penalty * dense[at]!;
          denseSquares[at]! += step * step;
          dense[at]! -= (rate * step) / Math.sqrt(denseSquares[at]!);
        }
      }
    }
  }
  const rows = Array.from({ length: width }, (_, f) => [dense[f * 3]!, dense[f * 3 + 1]!, dense[f * 3 + 2]!]);
  return { mean, scale, dense: rows, bias, ngrams };
}

/** The n-gram weights as int8 multiples of one step (the largest weight maps to ±127). */
export function quantise(weights: Float32Array): { values: Int8Array; step: number } {
  let largest = 0;
  for (const w of weights) largest = Math.max(largest, Math.abs(w));
  const step = largest / 127 || 1;
  const values = new Int8Array(weights.length);
  for (let i = 0; i < weights.length; i++) values[i] = Math.round(weights[i]! / step);
  return { values, step };
}
