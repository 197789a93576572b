/**
 * VADER's rules over our tokens: each sentiment word's valence is emphasised (capitals,
 * stretching), shifted by the three words before it (boosters, dampeners, negations), weighed
 * around "but", summed with the emphasis of "!" and "??", and squashed into -1..+1.
 */
import type { TokenizedText, ToneToken } from './tokenize.js';
import {
  boosters,
  capsEmphasis,
  contrasts,
  exclamationStep,
  idioms,
  negationScalar,
  negations,
  stretchEmphasis,
  twoWordDampeners,
  boostStep,
} from './lexicon.js';

/** The sum at which the score reaches about ±0.9 is √(15·0.81/0.19) ≈ 8 (VADER's alpha). */
const squashAlpha = 15;

function isNegation(word: string): boolean {
  return negations.has(word) || word.endsWith("n't");
}

function emphasised(token: ToneToken, capsContrast: boolean): number {
  const sign = token.valence > 0 ? 1 : -1;
  let valence = token.valence;
  if (token.shouting && capsContrast) valence += sign * capsEmphasis;
  if (token.stretched) valence += sign * stretchEmphasis;
  return valence;
}

/** A booster's push on a word of valence `valence`, `distance` words before it. */
function boost(before: ToneToken, valence: number, capsContrast: boolean, distance: number): number {
  const step = boosters.get(before.word);
  if (step === undefined) return 0;
  let push = valence < 0 ? -step : step;
  if (before.shouting && capsContrast) push += valence > 0 ? capsEmphasis : -capsEmphasis;
  if (before.stretched) push += valence > 0 ? stretchEmphasis : -stretchEmphasis;
  return distance === 1 ? push : distance === 2 ? push * 0.95 : push * 0.9;
}

/** "kind of", "sort of" starting at `at`, in the same clause as the word after it. */
function isTwoWordDampener(tokens: ToneToken[], at: number): boolean {
  if (at < 0) return false;
  const second = tokens[at + 1]!;
  return twoWordDampeners.get(tokens[at]!.word) === second.word && !second.clauseStart && !tokens[at + 2]!.clauseStart;
}

function isSoOrThis(token: ToneToken): boolean {
  return token.word === 'so' || token.word === 'this';
}

function isNeverSo(tokens: ToneToken[], never: number): boolean {
  const next = tokens[never + 1]?.word;
  return tokens[never]?.word === 'never' && (next === 'so' || next === 'this');
}

/** Valence of the sentiment word at `index` after the words before it have had their say. */
function shiftedValence(tokens: ToneToken[], index: number, capsContrast: boolean): number {
  let valence = emphasised(tokens[index]!, capsContrast);
  for (let distance = 1; distance <= 3 && index - distance >= 0; distance++) {
    if (tokens[index - distance + 1]!.clauseStart) break;
    const before = tokens[index - distance]!;
    if (before.word === 'no' && distance <= 2) valence *= negationScalar;
    if (before.valence !== 0) continue;
    valence += boost(before, valence, capsContrast, distance);
    if (distance === 2 && isNeverSo(tokens, index - 2)) valence *= 1.5;
    else if (distance === 3 && (isNeverSo(tokens, index - 3) || isSoOrThis(tokens[index - 1]!))) valence *= 1.25;
    else if (isNegation(before.word)) valence *= negationScalar;
  }
  if (isTwoWordDampener(tokens, index - 2) || isTwoWordDampener(tokens, index - 3)) valence += valence > 0 ? -boostStep : boostStep;
  const least = tokens[index - 1];
  if (least?.word === 'least' && least.valence === 0) {
    const beforeLeast = tokens[index - 2]?.word;
    if (beforeLeast !== 'at' && beforeLeast !== 'very') valence *= negationScalar;
  }
  return valence;
}

/** "no" before a sentiment word negates it ("no fun") rather than counting as negative itself. */
function isNoBeforeSentiment(tokens: ToneToken[], index: number): boolean {
  const next = tokens[index + 1];
  return tokens[index]!.word === 'no' && next !== undefined && next.valence !== 0 && !next.clauseStart;
}

function isModifierAt(tokens: ToneToken[], index: number): boolean {
  const token = tokens[index]!;
  if (boosters.has(token.word)) return true;
  const second = twoWordDampeners.get(token.word);
  return second !== undefined && tokens[index + 1]?.word === second;
}

/** Emphasis of "!" (up to four) and of two or more "?". */
function punctuationEmphasis(exclamations: number, questions: number): number {
  const fromQuestions = questions > 3 ? 0.96 : questions > 1 ? questions * 0.18 : 0;
  return Math.min(exclamations, 4) * exclamationStep + fromQuestions;
}

/** Some but not all words in capitals: only then do capitals mark emphasis. */
function hasCapsContrast(tokens: ToneToken[]): boolean {
  let shouting = 0;
  for (const token of tokens) if (token.shouting) shouting++;
  return shouting > 0 && shouting < tokens.length;
}

/** Each token's valence after the rules and the weight of its side of a "but" (0 for none). */
export function weighTokens(tokens: ToneToken[]): number[] {
  const capsContrast = hasCapsContrast(tokens);
  let contrastAt = -1;
  const weighted: number[] = new Array<number>(tokens.length).fill(0);
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    if (contrastAt < 0 && contrasts.has(token.word)) contrastAt = i;
    const idiom = i + 1 < tokens.length ? idioms.get(token.word)?.get(tokens[i + 1]!.word) : undefined;
    if (idiom !== undefined) {
      weighted[++i] = idiom;
      continue;
    }
    if (token.valence === 0 || isModifierAt(tokens, i) || isNoBeforeSentiment(tokens, i)) continue;
    weighted[i] = shiftedValence(tokens, i, capsContrast);
  }
  if (contrastAt >= 0) {
    for (let i = 0; i < weighted.length; i++) if (i !== contrastAt) weighted[i]! *= i < contrastAt ? 0.5 : 1.5;
  }
  return weighted;
}

/** The weighed valences summed with the emphasis of "!" and "?", squashed into -1..+1 (0 when none). */
export function compound(weighted: readonly number[], { exclamations, questions }: TokenizedText): number {
  let sum = 0;
  for (const value of weighted) sum += value;
  if (sum === 0) return 0;
  sum += (sum > 0 ? 1 : -1) * punctuationEmphasis(exclamations, questions);
  return sum / Math.sqrt(sum * sum + squashAlpha);
}

/** The text's lexicon tone in -1..+1 (0 when it holds no sentiment word). */
export function scoreTokens(text: TokenizedText): number {
  return compound(weighTokens(text.tokens), text);
}
