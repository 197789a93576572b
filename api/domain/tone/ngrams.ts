/**
 * The words and pieces of words a post is written with, as hashed buckets for tone()'s linear
 * model (decide.ts): each word (marked when a negation earlier in its clause reaches it), each
 * pair of neighbouring words, and the character n-grams of each word with its edges marked
 * ("<gr", "gre", …, "at>"), which carry what a word list misses — misspellings, stretched and
 * joined words, hashtags, other forms of a known word. Buckets come from a 32-bit multiplicative
 * hash, so the model needs no vocabulary: an unseen word still lands on the pieces it shares.
 */
import { negations } from './lexicon.js';
import type { ToneToken } from './tokenize.js';

export interface NgramShape {
  /** log2 of the number of buckets. */
  bits: number;
  /** Shortest and longest character n-gram, counting the edge marks. */
  charFrom: number;
  charTo: number;
}

const wordSeed = 0x811c9dc5;
const negatedSeed = 0x2f2b4a17;
const pairSeed = 0x5bd1e995;
const charSeed = 0x1b873593;
const prime = 0x01000193;
const edge = 0x3c; // '<', also the end mark's code

function hashString(seed: number, text: string): number {
  let h = seed;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), prime);
  return h;
}

/** A final mix so nearby hashes spread over every bucket. */
function mix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/**
 * Appends the bucket of every feature of the tokens to `out` (a bucket may repeat) and returns
 * how many it appended.
 */
export function ngramBuckets(tokens: readonly ToneToken[], shape: NgramShape, out: number[]): number {
  const mask = (1 << shape.bits) - 1;
  const start = out.length;
  let negated = false;
  let previous = 0;
  for (let t = 0; t < tokens.length; t++) {
    const token = tokens[t]!;
    if (token.clauseStart) negated = false;
    const word = token.word;
    const wordHash = hashString(negated ? negatedSeed : wordSeed, word);
    out.push(mix(wordHash) & mask);
    if (t > 0) out.push(mix(Math.imul(previous ^ pairSeed, prime) ^ wordHash) & mask);
    previous = wordHash;
    const length = word.length + 2;
    for (let from = 0; from + shape.charFrom <= length; from++) {
      let h = charSeed;
      for (let at = from; at < length && at - from < shape.charTo; at++) {
        const code = at === 0 || at === length - 1 ? edge + (at === 0 ? 0 : 2) : word.charCodeAt(at - 1);
        h = Math.imul(h ^ code, prime);
        if (at - from + 1 >= shape.charFrom) out.push(mix(h) & mask);
      }
    }
    if (negations.has(word)) negated = true;
  }
  return out.length - start;
}
