/**
 * `npm run eval:tone`: Parley's tone() beside the lexicon peers, in one run, on the shared data.
 * Correlation with people's mean ratings on VADER's tweets; macro-recall and macro-F1 (3 classes)
 * on TweetEval and Sentiment140; texts per second over every text. The TweetEval test split and
 * Sentiment140 are held out: tuning looks only at the VADER set and TweetEval validation.
 */
import { createRequire } from 'node:module';
import { tone } from '../../api/domain/tone.js';
import { Results } from './results.js';
import {
  classScores,
  confusion,
  labelByBand,
  loadCarePosts,
  loadSentiment140,
  loadTweetEval,
  loadVaderTweets,
  pearson,
  type LabelledSet,
  toneLabels,
  type ToneLabel,
} from './sentiment-data.js';

interface Scorer {
  name: string;
  /** A score in about -1..+1, the one each tool itself offers as normalised. */
  score: (text: string) => number;
  label: (text: string) => ToneLabel;
}

const require = createRequire(import.meta.url);
// The peers ship no types; each is narrowed to the one call used here.
const vader = require('vader-sentiment') as { SentimentIntensityAnalyzer: { polarity_scores(text: string): { compound: number } } };
const Afinn = require('sentiment') as new () => { analyze(text: string): { score: number; comparative: number } };
const wink = require('wink-sentiment') as (text: string) => { score: number; normalizedScore: number };
const afinn = new Afinn();

const peerScore = {
  vader: (text: string) => vader.SentimentIntensityAnalyzer.polarity_scores(text).compound,
  afinn: (text: string) => afinn.analyze(text).comparative,
  wink: (text: string) => wink(text).normalizedScore,
};

/** AFINN's sum squashed as VADER squashes its own; labelled by it, as the issue's peer figures are. */
function afinnSquashed(text: string): number {
  const { score } = afinn.analyze(text);
  return score / Math.sqrt(score * score + 15);
}

const scorers: Scorer[] = [
  { name: 'Parley tone', score: (text) => tone(text).score, label: (text) => tone(text).label },
  { name: 'vader-sentiment 1.1.3', score: peerScore.vader, label: (text) => labelByBand(peerScore.vader(text)) },
  { name: 'sentiment 5.0.2 (AFINN)', score: peerScore.afinn, label: (text) => labelByBand(afinnSquashed(text)) },
  { name: 'wink-sentiment 5.0.2', score: peerScore.wink, label: (text) => labelByBand(peerScore.wink(text)) },
];

const vaderSet = loadVaderTweets();
const tuning = loadTweetEval('val');
const care = loadCarePosts();
const heldOut = [loadTweetEval('test'), loadSentiment140()];
const everyText = [vaderSet.texts, tuning.texts, ...heldOut.map((s) => s.texts)].flat();

function classify(scorer: Scorer, set: LabelledSet) {
  return classScores(set.labels, set.texts.map(scorer.label));
}

/**
 * Median texts/s over timed passes over every text, after one warm-up pass: nine passes for fast
 * scorers, fewer for slow ones (at least three), so the run stays short on a shared machine.
 */
function throughput(scorer: Scorer): number {
  let sink = 0;
  const warmUpStarted = performance.now();
  for (const text of everyText) sink += scorer.score(text);
  const passes = Math.max(3, Math.min(9, Math.round(10_000 / (performance.now() - warmUpStarted))));
  const rates: number[] = [];
  for (let run = 0; run < passes; run++) {
    const started = performance.now();
    for (const text of everyText) sink += scorer.score(text);
    rates.push(everyText.length / ((performance.now() - started) / 1000));
  }
  if (Number.isNaN(sink)) throw new Error('a scorer returned NaN');
  rates.sort((a, b) => a - b);
  return rates[Math.floor(passes / 2)]!;
}

const f3 = (n: number) => n.toFixed(3);
let afinnSquashedR = 0;
const parley: { r: number; test: number; s140: number; rate: number } = { r: 0, test: 0, s140: 0, rate: 0 };
const rows: string[][] = [];
for (const scorer of scorers) {
  const r = pearson(vaderSet.texts.map(scorer.score), vaderSet.ratings);
  if (scorer.name.includes('AFINN')) afinnSquashedR = pearson(vaderSet.texts.map(afinnSquashed), vaderSet.ratings);
  const tuned = classify(scorer, tuning);
  const cared = classify(scorer, care);
  const held = heldOut.map((set) => classify(scorer, set));
  const rate = throughput(scorer);
  if (scorer === scorers[0]) Object.assign(parley, { r, test: held[0]!.macroRecall, s140: held[1]!.macroRecall, rate });
  rows.push([
    scorer.name,
    f3(r),
    f3(tuned.macroRecall),
    f3(cared.macroRecall),
    ...held.flatMap((s) => [f3(s.macroRecall), f3(s.macroF1)]),
    Math.round(rate).toLocaleString('en-US'),
  ]);
}

const header = [
  'scorer',
  `r, ${vaderSet.name} (tuning)`,
  `macro-recall, ${tuning.name} (tuning)`,
  `macro-recall, ${care.texts.length} ${care.name} (tuning)`,
  ...heldOut.flatMap((s) => [`macro-recall, ${s.name}`, `macro-F1, ${s.name}`]),
  'texts/s',
];
console.log(`| ${header.join(' | ')} |`);
console.log(`|${header.map((_, i) => (i === 0 ? '---' : '---:')).join('|')}|`);
for (const row of rows) console.log(`| ${row.join(' | ')} |`);
console.log(`\nAFINN's r uses its comparative score (score per word); its squashed score reaches r ${f3(afinnSquashedR)}.`);
console.log(`${vaderSet.texts.length} + ${tuning.texts.length} tuning texts; held out: ${heldOut.map((s) => `${s.name} ${s.texts.length}`).join(', ')}.`);

console.log(`\nConfusion of ${scorers[0]!.name} (rows: the true tone; columns: its label; ${toneLabels.join(' / ')}):\n`);
console.log('| set | true tone | as negative | as neutral | as positive |');
console.log('|---|---|---:|---:|---:|');
for (const set of [tuning, care, ...heldOut]) {
  const matrix = confusion(set.labels, set.texts.map(scorers[0]!.label));
  matrix.forEach((row, t) => console.log(`| ${t === 0 ? set.name : ''} | ${toneLabels[t]} | ${row.map((n) => n.toLocaleString('en-US')).join(' | ')} |`));
}

const goals: [string, boolean, string][] = [
  ['TweetEval test macro-recall ≥ 0.66', parley.test >= 0.66, f3(parley.test)],
  ['Sentiment140 test macro-recall ≥ 0.78', parley.s140 >= 0.78, f3(parley.s140)],
  ['r ≥ 0.88 on the VADER tweets', parley.r >= 0.88, f3(parley.r)],
  ['≥ 50,000 texts/s', parley.rate >= 50_000, Math.round(parley.rate).toLocaleString('en-US')],
];
console.log('\n| goal | result |\n|---|---|');
for (const [goal, met, value] of goals) console.log(`| ${goal} | ${value} ${met ? '✓' : '✗'} |`);

const results = new Results('tone', 'npm run eval:tone');
results.add('tweetEval.test.macroRecall', parley.test, 'macro-recall', { atLeast: 0.66 });
results.add('sentiment140.test.macroRecall', parley.s140, 'macro-recall', { atLeast: 0.78 });
results.add('vader.r', parley.r, 'Pearson r', { atLeast: 0.88 });
results.add('textsPerSecond', parley.rate, 'texts/s', { atLeast: 50_000 });
results.write();
