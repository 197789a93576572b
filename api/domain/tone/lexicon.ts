/**
 * Word valences and the words that shift them. The base is VADER's social-media lexicon (7.5k
 * words, slang and emoticons rated -4..+4 by people), read from the vader-sentiment package; our
 * additions and corrections sit below it. Weights are VADER's, except where a comment says tuned.
 */
import { lexicon as vaderLexicon } from 'vader-sentiment/src/vader_lexicon.js';
import { emojiValences } from './emoji.js';

/**
 * Words VADER rates for a sense other than the one posts mostly use: "like" and "well" as
 * fillers, "super", "play", "top" and "free" in sports and offers, "help", "please" and "care" in
 * requests to a brand, "support" as the brand's care team ("support chat closed on me again"),
 * "dead" as laughter. Chosen and set on the tuning sets only.
 */
const corrections: Readonly<Record<string, number>> = {
  like: 0.6, well: 0.4, super: 1.2, play: 0.4, played: 0.4, playing: 0.3, top: 0.3, ready: 0.8,
  help: 0.4, please: 0.4, care: 1.0, support: 0.4, sure: 0.7, free: 1.0, party: 1.0, interested: 0.8,
  championship: 0.8, god: 0.4, hell: -2.2, dead: -2.0, amazon: 0,
  // A brand's name says nothing of the customer's mood: "Parley" (a talk, in English) is ours.
  parley: 0,
  // Social shorthand VADER lacks.
  fml: -2.5, stfu: -2.5, rip: -1.5,
};

function buildValences(): Map<string, number> {
  const valences = new Map<string, number>();
  // VADER lowercases before lookup, so its few mixed-case keys are only reachable lowercased.
  for (const [word, valence] of Object.entries(vaderLexicon)) {
    if (!valences.has(word.toLowerCase()) || word === word.toLowerCase()) valences.set(word.toLowerCase(), valence);
  }
  for (const [word, valence] of Object.entries(corrections)) valences.set(word, valence);
  for (const [emoji, valence] of emojiValences) valences.set(emoji, valence);
  return valences;
}

export const valences: ReadonlyMap<string, number> = buildValences();

/** Added to a word's valence when it is in capitals among words that are not. */
export const capsEmphasis = 0.733;
/** Added to a word's valence when it is stretched ("soooo"): about one "!", as too few tuning texts stretch a sentiment word to fit it. */
export const stretchEmphasis = 0.3;
/** How much a booster ("very") or dampener ("kind of") moves the next sentiment word. */
export const boostStep = 0.293;
/** Valence is multiplied by this after a negation ("not good" is mildly negative, not "bad"). */
export const negationScalar = -0.74;
/** Each "!" (up to four) adds this much in the text's direction. */
export const exclamationStep = 0.292;

const boostUp = [
  'absolutely', 'amazingly', 'awfully', 'completely', 'considerably', 'decidedly', 'deeply', 'effing',
  'enormously', 'entirely', 'especially', 'exceptionally', 'extremely', 'fabulously', 'flipping', 'flippin',
  'fricking', 'frickin', 'frigging', 'friggin', 'fully', 'fucking', 'greatly', 'hella', 'highly', 'hugely',
  'incredibly', 'intensely', 'majorly', 'more', 'most', 'particularly', 'purely', 'quite', 'really',
  'remarkably', 'so', 'substantially', 'thoroughly', 'totally', 'tremendously', 'uber', 'unbelievably',
  'unusually', 'utterly', 'very',
];
const boostDown = [
  'almost', 'barely', 'hardly', 'kinda', 'kindof', 'kind-of', 'less', 'little', 'marginally', 'occasionally',
  'partly', 'scarcely', 'slightly', 'somewhat', 'sorta', 'sortof', 'sort-of',
];

/** Single-word boosters (+) and dampeners (−). */
export const boosters: ReadonlyMap<string, number> = new Map([
  ...boostUp.map((w) => [w, boostStep] as const),
  ...boostDown.map((w) => [w, -boostStep] as const),
]);

/** Two-word dampeners, keyed by their first word and holding the second. */
export const twoWordDampeners: ReadonlyMap<string, string> = new Map([
  ['kind', 'of'],
  ['sort', 'of'],
  ['just', 'enough'],
]);

export const negations: ReadonlySet<string> = new Set([
  'aint', 'arent', 'cannot', 'cant', 'couldnt', 'darent', 'didnt', 'doesnt', "ain't", "aren't", "can't",
  "couldn't", "daren't", "didn't", "doesn't", 'dont', 'hadnt', 'hasnt', 'havent', 'isnt', 'mightnt', 'mustnt',
  'neither', "don't", "hadn't", "hasn't", "haven't", "isn't", "mightn't", "mustn't", 'neednt', "needn't",
  'never', 'none', 'nope', 'nor', 'not', 'nothing', 'nowhere', 'oughtnt', 'shant', 'shouldnt', 'uhuh',
  'wasnt', 'werent', "oughtn't", "shan't", "shouldn't", 'uh-uh', "wasn't", "weren't", 'without', 'wont',
  'wouldnt', "won't", "wouldn't", 'rarely', 'seldom', 'despite',
]);

/** Two-word phrases whose tone is not that of their words, keyed by first then second word. */
export const idioms: ReadonlyMap<string, ReadonlyMap<string, number>> = new Map([
  ['the', new Map([['shit', 3], ['bomb', 3]])],
  ['bad', new Map([['ass', 1.5]])],
  ['yeah', new Map([['right', -2]])],
]);

/** Words after which the rest of the text carries more weight than what came before. */
export const contrasts: ReadonlySet<string> = new Set(['but', 'however']);
