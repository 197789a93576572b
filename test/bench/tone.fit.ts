/**
 * `npm run fit:tone`: trains tone()'s model (api/domain/tone/decide.ts) on TweetEval's training
 * split (45,615 tweets), chooses the label bands on TweetEval validation, and writes
 * api/domain/tone/model.ts and api/domain/tone/weights.ts. Deterministic: the same data gives the
 * same files. The held-out sets (TweetEval test, Sentiment140) are never read here.
 */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { blendedScore, decide, toneLogits, type NgramWeights, type ToneModel } from '../../api/domain/tone/decide.js';
import type { NgramShape } from '../../api/domain/tone/ngrams.js';
import { classScores, loadTweetEval, loadVaderTweets, pearson, toneLabels, type ToneLabel } from './sentiment-data.js';
import { quantise, train, trainingText, type TrainingText } from './tone-train.js';

const featureNames = ['compound', 'positive valence after the rules', 'negative valence after the rules', 'positive words', 'negative words', 'tokens', 'exclamations', 'questions'];
/**
 * Settings chosen on TweetEval validation (BENCHMARKS.md lists what was tried): 2^17 buckets
 * (2^16 to 2^20 score within 0.01 of each other there), character 3- to 5-grams, three passes.
 */
const shape: NgramShape = { bits: 17, charFrom: 3, charTo: 5 };
const settings = { shape, epochs: 3, rate: 0.2, penalty: 1e-5, seed: 20171 };
/**
 * The n-gram weights are shrunk by this after training, which leaves the lexicon's features more
 * say: 0.8 scored higher than none on all three tuning measures (validation, a held-out slice of
 * train, the care posts; BENCHMARKS.md).
 */
const shrink = 0.8;
/** The compound's share of the score: it keeps the score's r with people's ratings ≥ 0.88. */
const blend = 0.4;

const labelOf = (score: number, negativeFrom: number, positiveFrom: number): ToneLabel =>
  score >= positiveFrom ? 'positive' : score <= negativeFrom ? 'negative' : 'neutral';

/**
 * The score bands that give the best macro-recall on these texts, on a 0.01 grid of the blend,
 * and the centre that puts the neutral band's middle at 0.
 */
function bands(scores: number[], truth: ToneLabel[]): { centre: number; negativeFrom: number; positiveFrom: number } {
  let best = { recall: -1, low: 0, high: 0 };
  for (let low = -80; low <= 60; low++) {
    for (let high = low + 2; high <= 80; high += 2) {
      const recall = classScores(truth, scores.map((s) => labelOf(s, low / 100, high / 100))).macroRecall;
      if (recall > best.recall) best = { recall, low, high };
    }
  }
  const half = (best.high - best.low) / 200;
  return { centre: (best.low + best.high) / 200, negativeFrom: -half, positiveFrom: half };
}

const texts = (set: { texts: string[]; labels: ToneLabel[] }): TrainingText[] =>
  set.texts.map((text, i) => trainingText(text, toneLabels.indexOf(set.labels[i]!), shape));

const training = loadTweetEval('train');
const tuning = loadTweetEval('val');
const trained = train(texts(training), settings);
const { values, step } = quantise(trained.ngrams.map((w) => w * shrink));
const weights: NgramWeights = { values, step };
const unbanded: ToneModel = {
  features: featureNames,
  mean: trained.mean,
  scale: trained.scale,
  weights: trained.dense,
  bias: trained.bias,
  ngrams: { ...shape, step },
  blend,
  centre: 0,
  negativeFrom: 0,
  positiveFrom: 0,
};
const score = (model: ToneModel) => (t: TrainingText) => decide(Array.from(t.features), Array.from(t.buckets), model, weights);
const tuningTexts = texts(tuning);
const blended = (t: TrainingText) => blendedScore(Array.from(t.features), toneLogits(Array.from(t.features), Array.from(t.buckets), unbanded, weights), unbanded);
const model: ToneModel = { ...unbanded, ...bands(tuningTexts.map(blended), tuning.labels) };
const tuned = classScores(tuning.labels, tuningTexts.map(score(model)).map((s) => labelOf(s, model.negativeFrom, model.positiveFrom)));
const fitted = classScores(training.labels, texts(training).map(score(model)).map((s) => labelOf(s, model.negativeFrom, model.positiveFrom)));
const vader = loadVaderTweets();
const r = pearson(vader.texts.map((t) => score(model)(trainingText(t, 1, shape))), vader.ratings);

const round = (n: number) => Number(n.toPrecision(6));
const header = (what: string) => `/**
 * ${what}, written by \`npm run fit:tone\` (test/bench/tone.fit.ts): trained on TweetEval train
 * (${training.texts.length} tweets), bands chosen on TweetEval validation (${tuning.texts.length}). Generated: change the fit, not this file.
 */`;
const modelSource = `${header("tone()'s model")}
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
  ngrams: ${JSON.stringify({ ...shape, step })},
  blend: ${model.blend},
  centre: ${model.centre},
  negativeFrom: ${model.negativeFrom},
  positiveFrom: ${model.positiveFrom},
};
`;
const weightsSource = `${header("tone()'s n-gram weights")}

/** Base64 of int8 weights, three per bucket (negative, neutral, positive), in units of \`toneModel.ngrams.step\`. */
export const ngramWeights =
  '${Buffer.from(values.buffer).toString('base64')}';
`;
writeFileSync(resolve(import.meta.dirname, '../../api/domain/tone/model.ts'), modelSource);
writeFileSync(resolve(import.meta.dirname, '../../api/domain/tone/weights.ts'), weightsSource);
console.log(`trained on ${training.name}: macro-recall ${fitted.macroRecall.toFixed(3)} on the texts it was trained on`);
console.log(`macro-recall on ${tuning.name} (bands chosen there): ${tuned.macroRecall.toFixed(3)}`);
console.log(`r on ${vader.name}: ${r.toFixed(3)}; bands: negative ≤ ${model.negativeFrom}, positive ≥ ${model.positiveFrom}`);
