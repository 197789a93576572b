/**
 * Splits a social post into the tokens that carry tone, in one pass over its characters: words
 * (edge punctuation stripped, stretching undone, case kept as a flag), emoticons, emoji and
 * hashtags; @mentions and URLs are dropped and HTML entities decoded.
 */
import { isEmojiModifier, isEmojiStart } from './emoji.js';
import { boosters, negations, valences } from './lexicon.js';

export interface ToneToken {
  /** Lowercased form used for every lookup ("soooo" → "so"). */
  word: string;
  /** Lexicon valence (-4..+4), 0 when the word carries none. */
  valence: number;
  /** Written in capitals ("GREAT"). */
  shouting: boolean;
  /** Written stretched ("goooood"). */
  stretched: boolean;
  /** First token after a sentence or clause break: negations before it do not reach past it. */
  clauseStart: boolean;
}

export interface TokenizedText {
  tokens: ToneToken[];
  exclamations: number;
  questions: number;
}

const entityPattern = /&(#\d{1,7}|#x[0-9a-f]{1,6}|[a-z]{2,6});/gi;
const namedEntities: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };
const escapePattern = /\\u([0-9a-fA-F]{4})/g;
const invisiblePattern = /[\u00ad\u200b-\u200d\u2060\ufe0e\ufe0f\ufeff]/g;
const curlyApostrophe = /\u2019/g;

function decodeEntity(entity: string, body: string): string {
  if (body.charCodeAt(0) !== 35) return namedEntities[body.toLowerCase()] ?? entity;
  const code = body.charCodeAt(1) === 120 || body.charCodeAt(1) === 88 ? parseInt(body.slice(2), 16) : parseInt(body.slice(1), 10);
  return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : entity;
}

function decodeEscape(_escape: string, hex: string): string {
  return String.fromCharCode(parseInt(hex, 16));
}

/** Posts copied out of pages and JSON often arrive escaped, even twice ("&amp;lt;3", "don\\u2019t"). */
function decodeEntities(text: string): string {
  let decoded = text.includes('\\u') ? text.replace(escapePattern, decodeEscape) : text;
  for (let round = 0; round < 2 && decoded.includes('&'); round++) decoded = decoded.replace(entityPattern, decodeEntity);
  return decoded;
}

function isSpace(c: number): boolean {
  return c <= 32 || c === 0xa0 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000;
}

function isInvisible(c: number): boolean {
  return c === 0xad || (c >= 0x200b && c <= 0x200d) || c === 0x2060 || c === 0xfeff || c === 0xfe0e || c === 0xfe0f;
}

/** Letters and digits of any script; apostrophes and hyphens count as part of a word. */
function isWordChar(c: number): boolean {
  if (c > 127) return !(c >= 0x2010 && c <= 0x205e) && c !== 0xab && c !== 0xbb && c !== 0xa1 && c !== 0xbf;
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57);
}

/** Punctuation that ends a clause: . ! ? ; : , and the ellipsis character. */
function isClauseBreak(c: number): boolean {
  return c === 46 || c === 33 || c === 63 || c === 59 || c === 58 || c === 44 || c === 0x2026;
}

function hasClauseBreak(text: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (isClauseBreak(text.charCodeAt(i))) return true;
  return false;
}

/** Tokens found so far, and whether a clause break came since the last one. */
interface TokenSink {
  tokens: ToneToken[];
  clauseBreak: boolean;
}

function pushToken(sink: TokenSink, word: string, valence: number, shouting: boolean, stretched: boolean): void {
  sink.tokens.push({ word, valence, shouting, stretched, clauseStart: sink.clauseBreak });
  sink.clauseBreak = false;
}

function isInnerJoiner(c: number): boolean {
  return c === 39 || c === 45 || c === 0x2019;
}

/** Capitals and no lowercase letters, as VADER's "isupper" (at least two characters). */
function isShouted(word: string): boolean {
  let upper = 0;
  for (let i = 0; i < word.length; i++) {
    const c = word.charCodeAt(i);
    if (c >= 97 && c <= 122) return false;
    if (c >= 65 && c <= 90) upper++;
  }
  return upper > 0 && word.length > 1;
}

/** Shortens every run of three or more equal characters to `keep` characters. */
function squeeze(word: string, keep: number): string {
  let out = '';
  let i = 0;
  while (i < word.length) {
    let j = i + 1;
    while (j < word.length && word.charCodeAt(j) === word.charCodeAt(i)) j++;
    out += word.slice(i, i + (j - i >= 3 ? keep : j - i));
    i = j;
  }
  return out;
}

function hasStretch(word: string): boolean {
  for (let i = 2; i < word.length; i++) {
    const c = word.charCodeAt(i);
    if (c === word.charCodeAt(i - 1) && c === word.charCodeAt(i - 2) && c > 57) return true;
  }
  return false;
}

function isKnown(word: string): boolean {
  return valences.has(word) || boosters.has(word) || negations.has(word);
}

function pushWord(sink: TokenSink, written: string): void {
  let word = written.toLowerCase();
  if (word.includes('\u2019')) word = word.replace(curlyApostrophe, "'");
  let valence = valences.get(word);
  let stretched = false;
  if (valence === undefined && hasStretch(word) && !isKnown(word)) {
    stretched = true;
    const two = squeeze(word, 2);
    const one = squeeze(word, 1);
    word = isKnown(two) || !isKnown(one) ? two : one;
    valence = valences.get(word);
  }
  if (word.length < 2) return;
  pushToken(sink, word, valence ?? 0, isShouted(written), stretched);
}

/** "#EpicFail" reads as "epic fail" when the run-together tag is no known word. */
function pushHashtag(sink: TokenSink, tag: string): void {
  if (isKnown(tag.toLowerCase())) return pushWord(sink, tag);
  let start = 0;
  for (let i = 1; i < tag.length; i++) {
    const c = tag.charCodeAt(i);
    const prev = tag.charCodeAt(i - 1);
    if (c >= 65 && c <= 90 && prev >= 97 && prev <= 122) {
      pushWord(sink, tag.slice(start, i));
      start = i;
    }
  }
  pushWord(sink, tag.slice(start));
}

function isLink(text: string, from: number): boolean {
  const head = text.slice(from, from + 4).toLowerCase();
  return head === 'http' || head === 'www.';
}

/** Pushes the tokens of the whitespace-free stretch text[from..to). */
function pushChunk(sink: TokenSink, text: string, from: number, to: number): void {
  const first = text.charCodeAt(from);
  if (first === 64 && to - from > 1) return;
  if ((first === 104 || first === 72 || first === 119 || first === 87) && isLink(text, from)) return;
  if (!isWordChar(first)) {
    const emoticon = text.slice(from, to).toLowerCase();
    const valence = valences.get(emoticon);
    if (valence !== undefined) {
      pushToken(sink, emoticon, valence, false, false);
      sink.clauseBreak = true;
      return;
    }
  }
  let start = from;
  while (start < to && !isWordChar(text.charCodeAt(start))) start++;
  let end = to;
  while (end > start && !isWordChar(text.charCodeAt(end - 1))) end--;
  if (hasClauseBreak(text, from, start)) sink.clauseBreak = true;
  if (start === end) return;
  const hashtag = start > from && text.charCodeAt(start - 1) === 35;
  let partStart = start;
  for (let i = start; i <= end; i++) {
    const c = text.charCodeAt(i);
    if (i < end && (isWordChar(c) || isInnerJoiner(c))) continue;
    if (i > partStart) {
      const part = text.slice(partStart, i);
      if (hashtag && partStart === start) pushHashtag(sink, part);
      else pushWord(sink, part);
    }
    if (i < end && isClauseBreak(c)) sink.clauseBreak = true;
    partStart = i + 1;
  }
  if (end === to) return;
  // An emoticon glued to the word before it ("thanks:)").
  const tail = end < to - 1 ? text.slice(end, to).toLowerCase() : '';
  const valence = tail ? valences.get(tail) : undefined;
  if (valence !== undefined) pushToken(sink, tail, valence, false, false);
  if (valence !== undefined || hasClauseBreak(text, end, to)) sink.clauseBreak = true;
}

function pushSlice(sink: TokenSink, text: string, start: number, end: number, hasInvisible: boolean): void {
  if (!hasInvisible) return pushChunk(sink, text, start, end);
  const visible = text.slice(start, end).replace(invisiblePattern, '');
  if (visible.length > 0) pushChunk(sink, visible, 0, visible.length);
}

export function tokenize(input: string): TokenizedText {
  const text = input.includes('&') || input.includes('\\u') ? decodeEntities(input) : input;
  const sink: TokenSink = { tokens: [], clauseBreak: false };
  let exclamations = 0;
  let questions = 0;
  let start = -1;
  let hasInvisible = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 33) exclamations++;
    else if (c === 63) questions++;
    if (isSpace(c)) {
      if (start >= 0) pushSlice(sink, text, start, i, hasInvisible);
      start = -1;
      hasInvisible = false;
      continue;
    }
    if (c > 127 && isInvisible(c)) {
      hasInvisible = true;
      continue;
    }
    if (c >= 0x2600) {
      const point = text.codePointAt(i) ?? c;
      const width = point > 0xffff ? 2 : 1;
      if (isEmojiModifier(point)) {
        i += width - 1;
        continue;
      }
      if (isEmojiStart(point)) {
        if (start >= 0) pushSlice(sink, text, start, i, hasInvisible);
        start = -1;
        hasInvisible = false;
        const emoji = text.slice(i, i + width);
        pushToken(sink, emoji, valences.get(emoji) ?? 0, false, false);
        sink.clauseBreak = true;
        i += width - 1;
        continue;
      }
    }
    if (start < 0) start = i;
  }
  if (start >= 0) pushSlice(sink, text, start, text.length, hasInvisible);
  return { tokens: sink.tokens, exclamations, questions };
}
