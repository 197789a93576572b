/**
 * The words a post or a reply is indexed by: links and @mentions dropped (every post to a brand
 * mentions it), lower-cased, accents folded, common English words left out, Porter-stemmed so
 * "refunded" meets "refund".
 */
import { stemmer } from 'stemmer';

// Words too common in support conversations to say anything about what a post is about.
const stopWords = new Set(
  ('a about after again all am an and any are as at be been before being but by can could did do does doing ' +
    'for from get got had has have having he her here hi hello hey him his how i if in into is it its just ' +
    'me more my no not now of on or our out please so some than that the their them then there these they ' +
    'this those to too up us very was we were what when where which who why will with would yet you your yours ' +
    "im i'm ive i've dont don't cant can't it's that's thanks thank").split(' '),
);

const linksAndMentions = /https?:\/\/\S+|www\.\S+|@\w+/gu;
const word = /[\p{L}\p{N}][\p{L}\p{N}'’]*/gu;

/** The words of a text as written (without links and mentions), in order. */
export function wordsOf(text: string): string[] {
  return text.replace(linksAndMentions, ' ').match(word) ?? [];
}

/** A word lower-cased, its accents and apostrophes dropped ("Don’t" → "dont"), before stemming. */
export const foldWord = (written: string): string => written.toLowerCase().normalize('NFKD').replace(/\p{M}/gu, '').replace(/['’]/g, '');

/** The index term of one word, or null for a word that carries no meaning here. */
export function termOf(written: string): string | null {
  const folded = foldWord(written);
  if (folded.length < 2 || stopWords.has(folded) || stopWords.has(written.toLowerCase())) return null;
  return /^\p{N}+$/u.test(folded) ? folded : stemmer(folded);
}

/** Index term → the first word of the text that produced it, to quote in a reason. */
export function writtenForms(text: string): Map<string, string> {
  const forms = new Map<string, string>();
  for (const written of wordsOf(text)) {
    const term = termOf(written);
    if (term && !forms.has(term)) forms.set(term, written.toLowerCase());
  }
  return forms;
}
