/**
 * Tries one setting of tone's training on the tuning data only, without writing the model: trains
 * on TweetEval train (or all but its last 9,000 tweets, `--holdout=1`, which it then scores), and
 * prints macro-recall on TweetEval validation, the held-out slice and the care posts, and r on the
 * VADER tweets. `npx tsx test/bench/tone.tune.ts --alpha=0.8 --holdout=1`; options: --bits, --cf,
 * --ct (character n-grams), --epochs, --rate, --l2, --alpha (n-gram shrink), --blend, --banded=1
 * (label by the blend's bands instead of the most likely tone). BENCHMARKS.md lists what it found.
 */
import { readFileSync } from 'node:fs';
import { blendedScore, decide, toneLogits, type NgramWeights, type ToneModel } from '../../api/domain/tone/decide.js';
import { classScores, loadTweetEval, loadVaderTweets, pearson, toneLabels, type ToneLabel } from './sentiment-data.js';
import { quantise, train, trainingText, type TrainingText } from './tone-train.js';

const arg = (name: string, fallback: number) => Number(process.argv.findLast((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3) ?? fallback);
const shape = { bits: arg('bits', 17), charFrom: arg('cf', 3), charTo: arg('ct', 5) };
const settings = { shape, epochs: arg('epochs', 3), rate: arg('rate', 0.2), penalty: arg('l2', 1e-5), seed: 20171 };
const alpha = arg('alpha', 1);
const banded = arg('banded', 0) === 1;
const blend = arg('blend', 0.4);
const full = loadTweetEval('train');
const cut = arg('holdout', 0) ? full.texts.length - 9000 : full.texts.length;
const toTexts = (texts: string[], labels: ToneLabel[]) => texts.map((t, i) => trainingText(t, toneLabels.indexOf(labels[i]!), shape));
const trained = train(toTexts(full.texts.slice(0, cut), full.labels.slice(0, cut)), settings);
for (let i = 0; i < trained.ngrams.length; i++) trained.ngrams[i]! *= alpha;
const { values, step } = quantise(trained.ngrams);
const weights: NgramWeights = { values, step };
const base: ToneModel = { features: [], mean: trained.mean, scale: trained.scale, weights: trained.dense, bias: trained.bias, ngrams: { ...shape, step }, blend, centre: 0, negativeFrom: 0, positiveFrom: 0 };
const labelOf = (s: number, lo: number, hi: number): ToneLabel => (s >= hi ? 'positive' : s <= lo ? 'negative' : 'neutral');
const val = loadTweetEval('val');
const valT = toTexts(val.texts, val.labels);
const blended = (m: ToneModel) => (t: TrainingText) => blendedScore(Array.from(t.features), toneLogits(Array.from(t.features), Array.from(t.buckets), m, weights), m);
let best = { r: -1, lo: 0, hi: 0 };
const vs = valT.map(blended(base));
for (let lo = -80; lo <= 60; lo += 2) for (let hi = lo + 2; hi <= 80; hi += 2) { const r = classScores(val.labels, vs.map((s) => labelOf(s, lo / 100, hi / 100))).macroRecall; if (r > best.r) best = { r, lo, hi }; }
const half = (best.hi - best.lo) / 200;
const model: ToneModel = { ...base, centre: (best.lo + best.hi) / 200, negativeFrom: -half, positiveFrom: half };
const label = (t: TrainingText): ToneLabel => {
  if (banded) { const s = t.buckets.length ? blended(model)(t) : 0; return labelOf(s, model.negativeFrom, model.positiveFrom); }
  return labelOf(decide(Array.from(t.features), Array.from(t.buckets), model, weights), model.negativeFrom, model.positiveFrom);
};
const score = (t: TrainingText) => banded ? (t.buckets.length ? Math.max(-1, Math.min(1, blended(model)(t))) : 0) : decide(Array.from(t.features), Array.from(t.buckets), model, weights);
const care = JSON.parse(readFileSync(new URL('../fixtures/tone/care-posts.json', import.meta.url), 'utf8')).posts as { text: string; tone: ToneLabel }[];
const careT = care.map((p) => trainingText(p.text, toneLabels.indexOf(p.tone), shape));
const held = cut < full.texts.length ? classScores(full.labels.slice(cut), toTexts(full.texts.slice(cut), full.labels.slice(cut)).map(label)).macroRecall : NaN;
const vader = loadVaderTweets();
const r = pearson(vader.texts.map((t) => score(trainingText(t, 1, shape))), vader.ratings);
console.log(`val ${classScores(val.labels, valT.map(label)).macroRecall.toFixed(3)} holdout ${held.toFixed(3)} care ${classScores(care.map((p) => p.tone), careT.map(label)).macroRecall.toFixed(3)} r ${r.toFixed(3)} | ${process.argv.slice(2).join(' ')}`);
