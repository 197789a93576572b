/** The labelled sentiment sets in ../shared/data/sentiment, parsed once, and the measures used on them. */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse } from 'csv-parse/sync';

export type ToneLabel = 'negative' | 'neutral' | 'positive';
export const toneLabels: readonly ToneLabel[] = ['negative', 'neutral', 'positive'];

/** Texts with a human mean rating (-4..+4): only correlation is measured on these. */
export interface RatedSet { name: string; texts: string[]; ratings: number[] }
/** Texts with a 3-class label. */
export interface LabelledSet { name: string; texts: string[]; labels: ToneLabel[] }

export const sentimentDir = resolve(import.meta.dirname, '../../../shared/data/sentiment');

function readData(file: string): string {
  const path = resolve(sentimentDir, file);
  if (!existsSync(path)) throw new Error(`missing ${path}: the shared data folder sits beside the repo`);
  return readFileSync(path, 'utf8');
}

function lines(file: string): string[] {
  const text = readData(file).replace(/\r/g, '');
  return (text.endsWith('\n') ? text.slice(0, -1) : text).split('\n');
}

/** VADER's 4,200 tweets: `id \t mean \t text`, CRLF, no header; the text itself may hold tabs. */
export function loadVaderTweets(): RatedSet {
  const texts: string[] = [];
  const ratings: number[] = [];
  for (const line of lines('vader_tweets_ground_truth.tsv')) {
    const first = line.indexOf('\t');
    const second = line.indexOf('\t', first + 1);
    if (first < 0 || second < 0) continue;
    ratings.push(Number(line.slice(first + 1, second)));
    texts.push(line.slice(second + 1));
  }
  return { name: 'VADER tweets', texts, ratings };
}

const tweetEvalLabels: Record<string, ToneLabel> = { '0': 'negative', '1': 'neutral', '2': 'positive' };

/** TweetEval keeps every non-ASCII character as a literal `\uXXXX` escape. */
export function unescapeTweetEval(text: string): string {
  return text.replace(/\\u([0-9a-fA-F]{4})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}

/** TweetEval sentiment: one tweet a line, labels 0/1/2 in a parallel file; texts unescaped. */
export function loadTweetEval(split: 'train' | 'val' | 'test'): LabelledSet {
  const texts = lines(`tweeteval_${split}_text.txt`).map(unescapeTweetEval);
  const labels = lines(`tweeteval_${split}_labels.txt`).map((l) => {
    const label = tweetEvalLabels[l.trim()];
    if (!label) throw new Error(`unknown TweetEval label ${l}`);
    return label;
  });
  if (texts.length !== labels.length) throw new Error(`TweetEval ${split}: ${texts.length} texts, ${labels.length} labels`);
  return { name: `TweetEval ${split === 'val' ? 'validation' : split}`, texts, labels };
}

const polarityLabels: Record<string, ToneLabel> = { '0': 'negative', '2': 'neutral', '4': 'positive' };

/** Sentiment140's hand-labelled test set: CSV with a header line, polarity 0/2/4. */
export function loadSentiment140(): LabelledSet {
  const rows = parse(readData('sentiment140_test.csv'), { columns: true, skip_empty_lines: true }) as Record<string, string>[];
  const texts: string[] = [];
  const labels: ToneLabel[] = [];
  for (const row of rows) {
    const label = polarityLabels[row.polarity ?? ''];
    if (!label) throw new Error(`unknown Sentiment140 polarity ${row.polarity}`);
    texts.push(row.text ?? '');
    labels.push(label);
  }
  return { name: 'Sentiment140 test', texts, labels };
}

/** Care posts written and labelled for tuning tone on the product's own kind of text (test/fixtures/tone). */
export function loadCarePosts(): LabelledSet {
  const path = resolve(import.meta.dirname, '../fixtures/tone/care-posts.json');
  const { posts } = JSON.parse(readFileSync(path, 'utf8')) as { posts: { text: string; tone: ToneLabel }[] };
  return { name: 'care posts', texts: posts.map((p) => p.text), labels: posts.map((p) => p.tone) };
}

export function pearson(xs: number[], ys: number[]): number {
  const n = xs.length;
  let mx = 0;
  let my = 0;
  for (let i = 0; i < n; i++) { mx += xs[i]!; my += ys[i]!; }
  mx /= n;
  my /= n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    const dx = xs[i]! - mx;
    const dy = ys[i]! - my;
    sxy += dx * dy;
    sxx += dx * dx;
    syy += dy * dy;
  }
  return sxy / Math.sqrt(sxx * syy);
}

export interface ClassScores { macroRecall: number; macroF1: number; accuracy: number }

/** Macro-averaged recall and F1 over the three classes (TweetEval's official measure is macro-recall). */
export function classScores(truth: ToneLabel[], predicted: ToneLabel[]): ClassScores {
  let recallSum = 0;
  let f1Sum = 0;
  let correct = 0;
  for (const label of toneLabels) {
    let tp = 0;
    let actual = 0;
    let guessed = 0;
    for (let i = 0; i < truth.length; i++) {
      if (truth[i] === label) actual++;
      if (predicted[i] === label) guessed++;
      if (truth[i] === label && predicted[i] === label) tp++;
    }
    correct += tp;
    const recall = actual ? tp / actual : 0;
    const precision = guessed ? tp / guessed : 0;
    recallSum += recall;
    f1Sum += precision + recall ? (2 * precision * recall) / (precision + recall) : 0;
  }
  return { macroRecall: recallSum / 3, macroF1: f1Sum / 3, accuracy: correct / truth.length };
}

/** Counts of each true tone (rows) labelled as each tone (columns), in toneLabels order. */
export function confusion(truth: ToneLabel[], predicted: ToneLabel[]): number[][] {
  const matrix = toneLabels.map(() => toneLabels.map(() => 0));
  for (let i = 0; i < truth.length; i++) matrix[toneLabels.indexOf(truth[i]!)]![toneLabels.indexOf(predicted[i]!)]!++;
  return matrix;
}

/** VADER's convention: a score at or past ±band is positive or negative, else neutral. */
export function labelByBand(score: number, band = 0.05): ToneLabel {
  return score >= band ? 'positive' : score <= -band ? 'negative' : 'neutral';
}
