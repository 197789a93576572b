/**
 * Ranks ready-to-send replies for a post from two sources: the team's templates, scored by BM25
 * of the post against each template's title, tags, body, the example posts it answers and the
 * posts the team has answered with it; and the team's own past replies sent from no template,
 * scored by BM25 of the post against the post each one answered. One MiniSearch index holds both,
 * so their scores share the same term statistics and compare directly. The post's words are
 * searched as written, through the care concepts they name (concepts.ts: "suitcase" and "Lost
 * baggage" meet on baggage) and, at a lower weight, through related words (related.ts), so a
 * template is found by meaning before any history exists. What matches nothing comes after: templates by
 * use, then the team's most typical past replies.
 */
import MiniSearch, { type Query } from 'minisearch';
import type { TemplateValues } from '../templates.js';
import { renderCandidates, type Candidate, type CandidateDocument } from './candidates.js';
import { fitToPost } from './fit.js';
import { namedConcepts } from './concepts.js';
import { reasonFor } from './reasons.js';
import { relatedQuery } from './related.js';
import { typicality } from './typical.js';
import { termOf, wordsOf, writtenForms } from './terms.js';

export interface SuggestionTemplate {
  id: string;
  title: string;
  body: string;
  tags: string[];
  /** Posts it answers, as customers word them; absent on templates cached before there were any. */
  examples?: string[];
  usageCount?: number;
}

export interface PastReply {
  text: string;
  /** The text of the post this reply answered. */
  inReplyTo: string;
  /** The template it was sent from: the post it answered then counts for that template. */
  templateId?: string;
}

export type PostTone = 'negative' | 'neutral' | 'positive';

export interface ReplyRankingInput {
  templates: SuggestionTemplate[];
  pastReplies: PastReply[];
  post: { text: string; tone?: PostTone };
  values: TemplateValues;
  limit?: number;
  /** Field boosts other than the defaults (`fieldBoosts`): for the evaluation's tuning run. */
  boosts?: Partial<FieldBoosts>;
  /** A related word's weight other than `relatedWeight`; 0 matches shared words only, neither related words nor concepts (BM25 alone). */
  relatedWeight?: number;
}

export interface ReplySuggestion {
  text: string;
  templateId?: string;
  score: number;
  reason: string;
  trimmed: boolean;
}

export interface FieldBoosts { topic: number; body: number; answered: number; examples: number; topicConcepts: number; bodyConcepts: number; exampleConcepts: number; answeredConcepts: number }
/**
 * Title and tags name what a template is for; they say more per word than its body. Example posts
 * count a little less than the title: with `npm run eval:suggest -- --tune` every boost from 1.5
 * to 3 scored the same within noise, and 1.5 is the most that still ranks a template whose title
 * and text match above one whose examples share only the same words.
 */
export const fieldBoosts: Readonly<FieldBoosts> = { topic: 2, body: 1, answered: 1, examples: 1.5, topicConcepts: 2.5, bodyConcepts: 0.5, exampleConcepts: 0.75, answeredConcepts: 0.75 };
const wordFields = ['topic', 'body', 'answered', 'examples'];
const conceptFields = ['topicConcepts', 'bodyConcepts', 'exampleConcepts', 'answeredConcepts'];
const isConceptField = (field: string | undefined) => field !== undefined && conceptFields.includes(field);
// How much an apology is lifted for an upset customer, and lowered for a pleased one.
const toneFactor = { apologyWhenNegative: 1.5, apologyWhenPositive: 0.5 };

const round = (score: number) => Math.round(score * 1000) / 1000;
const sameText = (text: string) => text.trim().replace(/\s+/gu, ' ').toLowerCase();

/**
 * A related word counts this much of the word it stands for (times its own closeness, 0..1):
 * enough to find a template by meaning when no word is shared, too little to outrank one that
 * shares the post's own words. Chosen on the tuning half of the labelled care set.
 */
export const relatedWeight = 0.4;
/** Words this long also match a written form one letter away ("pasword"), at MiniSearch's fuzzy weight. */
const FUZZY_FROM_LENGTH = 6;

function scoreRelevance(candidates: Candidate[], documents: CandidateDocument[], postText: string, boosts: FieldBoosts, weightOfRelated: number): void {
  if (documents.length === 0) return;
  const index = new MiniSearch({
    fields: [...wordFields, ...conceptFields],
    tokenize: (text, field) => (isConceptField(field) ? text.split(' ') : wordsOf(text)),
    processTerm: (term, field) => (isConceptField(field) ? term || null : termOf(term)),
  });
  index.addAll(documents);
  const forms = writtenForms(postText);
  const related = weightOfRelated > 0 ? relatedQuery(postText).terms : new Map<string, { weight: number; from: string }>();
  const asWritten = { queries: [postText], fields: wordFields, fuzzy: (term: string) => (term.length >= FUZZY_FROM_LENGTH ? 1 : false) };
  const named = weightOfRelated > 0 ? namedConcepts(postText) : new Map<string, string>();
  const concepts = [...named.keys()];
  const byConcept = { queries: [concepts.join(' ')], fields: conceptFields, tokenize: (text: string) => text.split(' '), processTerm: (term: string) => term || null };
  const byMeaning = {
    queries: [[...related.keys()].join(' ')],
    fields: wordFields,
    tokenize: (text: string) => text.split(' '),
    processTerm: (term: string) => term || null,
    boostTerm: (term: string) => (related.get(term)?.weight ?? 0) * weightOfRelated,
  };
  const query: Query = { combineWith: 'OR', queries: [asWritten, ...(related.size > 0 ? [byMeaning] : []), ...(concepts.length > 0 ? [byConcept] : [])] };
  for (const result of index.search(query, { boost: { ...boosts } })) {
    const candidate = candidates[Number(result.id)];
    if (!candidate) continue;
    candidate.relevance = result.score;
    const own = result.queryTerms.filter((term) => !named.has(term) && (forms.has(term) || !related.has(term)));
    // A word matched one letter away is found under its written form, not the post's.
    const fuzzyFields = result.terms.filter((matched) => !result.queryTerms.includes(matched) && !related.has(matched)).flatMap((matched) => result.match[matched] ?? []);
    const fieldsOf = (term: string) => new Set(result.match[term] ?? fuzzyFields);
    const onlyIn = (term: string, field: string) => { const fields = fieldsOf(term); return fields.size === 1 && fields.has(field); };
    // On a template, "answered" holds the posts the team answered with it; on a past reply, the post it answered.
    const fromHistory = (term: string) => candidate.title !== undefined && onlyIn(term, 'answered');
    const written = (terms: string[]) => [...new Set(terms.map((term) => forms.get(term) ?? term))];
    candidate.matched = written(own.filter((term) => !onlyIn(term, 'examples') && !fromHistory(term)));
    candidate.exampleMatched = written(own.filter((term) => onlyIn(term, 'examples')));
    candidate.historyMatched = written(own.filter(fromHistory));
    // A concept named in the template's own words is a match by meaning; in its examples or answered posts, evidence from them.
    const conceptIn = (term: string, fields: string[]) => named.has(term) && fieldsOf(term).size > 0 && [...fieldsOf(term)].every((field) => fields.includes(field));
    const byMeaning = result.queryTerms.flatMap((term) => {
      if (named.has(term)) return conceptIn(term, ['exampleConcepts']) || (candidate.title !== undefined && conceptIn(term, ['answeredConcepts'])) ? [] : [named.get(term)!];
      return !forms.has(term) && related.has(term) ? [related.get(term)!.from] : [];
    });
    candidate.relatedMatched = [...new Set(byMeaning)].filter((word) => !candidate.matched.includes(word));
    const also = (words: string[], more: string[]) => [...new Set([...words, ...more])].filter((word) => !candidate.matched.includes(word));
    candidate.exampleMatched = also(candidate.exampleMatched, result.queryTerms.filter((term) => conceptIn(term, ['exampleConcepts'])).map((term) => named.get(term)!));
    if (candidate.title !== undefined) candidate.historyMatched = also(candidate.historyMatched, result.queryTerms.filter((term) => conceptIn(term, ['answeredConcepts'])).map((term) => named.get(term)!));
  }
}

function toneAdjusted(candidate: Candidate, tone: PostTone | undefined): number {
  if (!candidate.apologises) return candidate.relevance;
  if (tone === 'negative') return candidate.relevance * toneFactor.apologyWhenNegative;
  if (tone === 'positive') return candidate.relevance * toneFactor.apologyWhenPositive;
  return candidate.relevance;
}

export function rankReplies(input: ReplyRankingInput): ReplySuggestion[] {
  const limit = input.limit ?? 5;
  if (limit <= 0) return [];
  const { candidates, documents } = renderCandidates(input.templates, input.pastReplies, input.values);
  scoreRelevance(candidates, documents, input.post.text, { ...fieldBoosts, ...input.boosts }, input.relatedWeight ?? relatedWeight);

  // Past replies that match no word of the post come last, the team's usual answers first.
  const past = candidates.filter((candidate) => candidate.title === undefined);
  const typical = typicality(past.map((candidate) => candidate.text));
  for (const [index, candidate] of past.entries()) candidate.typical = typical[index] ?? 0;
  const offered = candidates
    .map((candidate) => ({ candidate, score: toneAdjusted(candidate, input.post.tone) }))
    .sort((a, b) =>
      b.score - a.score ||
      b.candidate.usageCount - a.candidate.usageCount ||
      Number(b.candidate.title !== undefined) - Number(a.candidate.title !== undefined) ||
      b.candidate.typical - a.candidate.typical ||
      a.candidate.text.localeCompare(b.candidate.text));

  const upset = input.post.tone === 'negative';
  // Only an apology that matches the post leads: an unrelated one would bury the answer.
  const firstApology = upset ? offered.findIndex(({ candidate, score }) => candidate.apologises && score > 0) : -1;
  if (firstApology > 0) offered.unshift(...offered.splice(firstApology, 1));

  const chosen: ReplySuggestion[] = [];
  const seen = new Map<string, ReplySuggestion>();
  for (const [position, { candidate, score }] of offered.entries()) {
    const fitted = fitToPost(candidate.text);
    const key = sameText(fitted.text);
    const earlier = seen.get(key);
    if (earlier) {
      // The same words from a template and a past reply: keep the better place, name the template.
      if (earlier.templateId === undefined && candidate.templateId !== undefined) earlier.templateId = candidate.templateId;
      continue;
    }
    const suggestion: ReplySuggestion = {
      text: fitted.text,
      ...(candidate.templateId !== undefined ? { templateId: candidate.templateId } : {}),
      score: round(score),
      reason: reasonFor(candidate, upset && position === 0 && candidate.apologises),
      trimmed: fitted.trimmed,
    };
    seen.set(key, suggestion);
    chosen.push(suggestion);
    if (chosen.length === limit) break;
  }
  return chosen;
}

