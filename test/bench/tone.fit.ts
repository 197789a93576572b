/**
 * `npm run fit:tone`: fits tone()'s last step (api/domain/tone/decide.ts) on TweetEval validation,
 * a tuning set, and writes api/domain/tone/model.ts. Deterministic: the same data gives the same
 * file. The held-out sets are never read here.
 *
 * The model is three-class logistic regression on standardised features, weighted so each class
 * counts the same (the target measure is macro-recall), with a light L2 penalty, fitted by plain
 * full-batch gradient descent. The labels' score bands are then chosen on the same set; 5-fold
 * cross-validation of the whole procedure reports what to expect on tweets it has not seen.
 */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { decide, toneFeatures } from '../../api/domain/tone/decide.js';
import type { ToneModel } from '../../api/domain/tone/decide.js';
import { compound, weighTokens } from '../../api/domain/tone/score.js';
import { tokenize } from '../../api/domain/tone/tokenize.js';
import { classScores, loadTweetEval, loadVaderTweets, pearson, toneLabels, type ToneLabel } from './sentiment-data.js';

const featureNames = ['compound', 'positive valence after the rules', 'negative valence after the rules', 'positive words', 'negative words', 'tokens', 'exclamations', 'questions'];
/** The compound's share of the score: past 0.3 the score keeps r ≥ 0.88 on the VADER ratings. */
const blend = 0.4;
const penalty = 1e-3;
const steps = 2000;
const rate = 0.5;

function features(text: string): number[] {
  const tokenized = tokenize(text);
  const weighted = weighTokens(tokenized.tokens);
  return toneFeatures(tokenized, weighted, compound(weighted, tokenized));
}

function fitModel(rows: number[][], classes: number[]): ToneModel {
  const width = rows[0]!.length;
  const mean = Array.from({ length: width }, (_, f) => rows.reduce((s, r) => s + r[f]!, 0) / rows.length);
  const scale = mean.map((m, f) => Math.sqrt(rows.reduce((s, r) => s + (r[f]! - m) ** 2, 0) / rows.length) || 1);
  const x = rows.map((r) => r.map((v, f) => (v - mean[f]!) / scale[f]!));
  const counts = [0, 1, 2].map((c) => classes.filter((k) => k === c).length);
  const classWeight = counts.map((n) => rows.length / (3 * n));
  const weights = Array.from({ length: width }, () => [0, 0, 0]);
  const bias = [0, 0, 0];
  for (let step = 0; step < steps; step++) {
    const gradW = Array.from({ length: width }, () => [0, 0, 0]);
    const gradB = [0, 0, 0];
    for (let i = 0; i < x.length; i++) {
      const logits = bias.map((b, c) => x[i]!.reduce((s, v, f) => s + v * weights[f]![c]!, b));
      const top = Math.max(...logits);
      const e = logits.map((z) => Math.exp(z - top));
      const total = e[0]! + e[1]! + e[2]!;
      const sampleWeight = classWeight[classes[i]!]! / x.length;
      for (let c = 0; c < 3; c++) {
        const g = (e[c]! / total - (classes[i] === c ? 1 : 0)) * sampleWeight;
        gradB[c]! += g;
        for (let f = 0; f < width; f++) gradW[f]![c]! += g * x[i]![f]!;
      }
    }
    for (let c = 0; c < 3; c++) {
      bias[c]! -= rate * gradB[c]!;
      for (let f = 0; f < width; f++) weights[f]![c]! -= rate * (gradW[f]![c]! + penalty * weights[f]![c]!);
    }
  }
  const model: ToneModel = { features: featureNames, mean, scale, weights, bias, blend, negativeFrom: 0, positiveFrom: 0 };
  return { ...model, ...bands(rows.map((r) => decide(r, model)), classes) };
}

const labelOf = (score: number, negativeFrom: number, positiveFrom: number): ToneLabel =>
  score >= positiveFrom ? 'positive' : score <= negativeFrom ? 'negative' : 'neutral';

/** The score bands that give the best macro-recall on these texts, on a 0.01 grid. */
function bands(scores: number[], classes: number[]): { negativeFrom: number; positiveFrom: number } {
  const truth = classes.map((c) => toneLabels[c]!);
  let best = { recall: -1, negativeFrom: 0, positiveFrom: 0 };
  for (let low = -60; low <= 30; low++) {
    for (let high = low + 1; high <= 80; high++) {
      const recall = classScores(truth, scores.map((s) => labelOf(s, low / 100, high / 100))).macroRecall;
      if (recall > best.recall) best = { recall, negativeFrom: low / 100, positiveFrom: high / 100 };
    }
  }
  return { negativeFrom: best.negativeFrom, positiveFrom: best.positiveFrom };
}

/** Fixed 5-fold split: every fifth tweet from a seeded shuffle. */
function crossValidate(rows: number[][], classes: number[]): number {
  const order = rows.map((_, i) => i);
  let seed = 20171;
  for (let i = order.length - 1; i > 0; i--) {
    seed = (seed * 48271) % 2147483647;
    const j = seed % (i + 1);
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  let total = 0;
  for (let fold = 0; fold < 5; fold++) {
    const held = order.filter((_, k) => k % 5 === fold);
    const kept = order.filter((_, k) => k % 5 !== fold);
    const model = fitModel(kept.map((i) => rows[i]!), kept.map((i) => classes[i]!));
    const predicted = held.map((i) => labelOf(decide(rows[i]!, model), model.negativeFrom, model.positiveFrom));
    total += classScores(held.map((i) => toneLabels[classes[i]!]!), predicted).macroRecall;
  }
  return total / 5;
}

const tuning = loadTweetEval('val');
const rows = tuning.texts.map(features);
const classes = tuning.labels.map((label) => toneLabels.indexOf(label));
const model = fitModel(rows, classes);
const fitted = classScores(tuning.labels, rows.map((r) => labelOf(decide(r, model), model.negativeFrom, model.positiveFrom)));
const vader = loadVaderTweets();
const r = pearson(vader.texts.map((t) => decide(features(t), model)), vader.ratings);

const round = (n: number) => Number(n.toPrecision(6));
const source = `/**
 * tone()'s last step, fitted by \`npm run fit:tone\` (test/bench/tone.fit.ts) on TweetEval
 * validation (${tuning.texts.length} tweets). Generated: change the fit, not this file.
 */
import type { ToneModel } from './decide.js';

/** The label bands alone, for pages that label stored scores (the customer card) without the model. */
export const toneBands = { negativeFrom: ${model.negativeFrom}, positiveFrom: ${model.positiveFrom} } as const;

export const toneModel: ToneModel = {
  features: ${JSON.stringify(model.features)},
  mean: ${JSON.stringify(model.mean.map(round))},
  scale: ${JSON.stringify(model.scale.map(round))},
  weights: [
${model.weights.map((row, f) => `    ${JSON.stringify(row.map(round))}, // ${featureNames[f]}`).join('\n')}
  ],
  bias: ${JSON.stringify(model.bias.map(round))},
  blend: ${model.blend},
  negativeFrom: ${model.negativeFrom},
  positiveFrom: ${model.positiveFrom},
};
`;
writeFileSync(resolve(import.meta.dirname, '../../api/domain/tone/model.ts'), source);
console.log(`fitted on ${tuning.name}: macro-recall ${fitted.macroRecall.toFixed(3)} on the texts it was fitted on`);
console.log(`5-fold cross-validated macro-recall on ${tuning.name}: ${crossValidate(rows, classes).toFixed(3)}`);
console.log(`r on ${vader.name}: ${r.toFixed(3)}; bands: negative ≤ ${model.negativeFrom}, positive ≥ ${model.positiveFrom}`);
