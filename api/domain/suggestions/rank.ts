/**
 * Ranks ready-to-send replies for a post from two sources: the team's templates, scored by BM25
 * of the post against each template's title, tags, body and the example posts it answers; and
 * the team's own past replies, scored by BM25 of the post against the post each one answered.
 * One MiniSearch index holds both, so their scores share the same term statistics and compare
 * directly. What matches no word of the post comes after: templates by use, then the team's most
 * typical past replies.
 */
import MiniSearch from 'minisearch';
import { renderTemplate, type TemplateValues } from '../templates.js';
import { fitToPost } from './fit.js';
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
}

export interface ReplySuggestion {
  text: string;
  templateId?: string;
  score: number;
  reason: string;
  trimmed: boolean;
}

interface Candidate {
  text: string;
  templateId?: string;
  title?: string;
  usageCount: number;
  relevance: number;
  /** 0..1: how much the reply's words are the team's usual words (typical.ts). */
  typical: number;
  /** Words of the post it matched in its own title, tags, body, or the post it answered. */
  matched: string[];
  /** Words of the post it matched only in its example posts. */
  exampleMatched: string[];
  apologises: boolean;
}

export interface FieldBoosts { topic: number; body: number; answered: number; examples: number }
/**
 * Title and tags name what a template is for; they say more per word than its body. Example posts
 * count a little less than the title: with `npm run eval:suggest -- --tune` every boost from 1.5
 * to 3 scored the same within noise, and 1.5 is the most that still ranks a template whose title
 * and text match above one whose examples share only the same words.
 */
export const fieldBoosts: Readonly<FieldBoosts> = { topic: 2, body: 1, answered: 1, examples: 1.5 };
const apology = /\b(sorry|apolog\w*|regret\w*)\b/iu;
// How much an apology is lifted for an upset customer, and lowered for a pleased one.
const toneFactor = { apologyWhenNegative: 1.5, apologyWhenPositive: 0.5 };
// A reply on X starts with the mentions the site fills in itself; they name another customer.
const leadingMentions = /^(\s*[@＠]\w+)+\s*/u;
const placeholders = /\{\{[^{}]*\}\}/g;

const round = (score: number) => Math.round(score * 1000) / 1000;
const sameText = (text: string) => text.trim().replace(/\s+/gu, ' ').toLowerCase();

function renderCandidates(input: ReplyRankingInput): { candidates: Candidate[]; documents: Record<string, string>[] } {
  const candidates: Candidate[] = [];
  const documents: Record<string, string>[] = [];
  const add = (candidate: Omit<Candidate, 'relevance' | 'typical' | 'matched' | 'exampleMatched' | 'apologises'>, document: Record<string, string>) => {
    documents.push({ id: String(candidates.length), ...document });
    candidates.push({ ...candidate, relevance: 0, typical: 0, matched: [], exampleMatched: [], apologises: apology.test(candidate.text) });
  };
  for (const template of input.templates) {
    const rendered = renderTemplate(template.body, input.values);
    if (!rendered.ok) continue;
    // All its example posts in one field: measured better than each as a document of its own.
    const examples: Record<string, string> = template.examples?.length ? { examples: template.examples.join('\n') } : {};
    add(
      { text: rendered.text, templateId: template.id, title: template.title, usageCount: template.usageCount ?? 0 },
      { topic: `${template.title} ${template.tags.join(' ')}`, body: template.body.replace(placeholders, ' '), ...examples },
    );
  }
  for (const reply of input.pastReplies) {
    // Rendering also refuses a past reply that still holds a variable or stray braces.
    const rendered = renderTemplate(reply.text.replace(leadingMentions, ''), input.values);
    if (!rendered.ok || rendered.text.trim() === '') continue;
    add(
      { text: rendered.text.trim(), usageCount: 0, ...(reply.templateId ? { templateId: reply.templateId } : {}) },
      { answered: reply.inReplyTo },
    );
  }
  return { candidates, documents };
}

function scoreRelevance(candidates: Candidate[], documents: Record<string, string>[], postText: string, boosts: FieldBoosts): void {
  if (documents.length === 0) return;
  const index = new MiniSearch({
    fields: ['topic', 'body', 'answered', 'examples'],
    tokenize: wordsOf,
    processTerm: termOf,
  });
  index.addAll(documents);
  const forms = writtenForms(postText);
  const written = (terms: string[]) => terms.map((term) => forms.get(term) ?? term);
  for (const result of index.search(postText, { combineWith: 'OR', boost: { ...boosts } })) {
    const candidate = candidates[Number(result.id)];
    if (!candidate) continue;
    candidate.relevance = result.score;
    const onlyInExamples = (term: string) => result.match[term]?.every((field) => field === 'examples') ?? false;
    candidate.matched = written(result.queryTerms.filter((term) => !onlyInExamples(term)));
    candidate.exampleMatched = written(result.queryTerms.filter(onlyInExamples));
  }
}

function toneAdjusted(candidate: Candidate, tone: PostTone | undefined): number {
  if (!candidate.apologises) return candidate.relevance;
  if (tone === 'negative') return candidate.relevance * toneFactor.apologyWhenNegative;
  if (tone === 'positive') return candidate.relevance * toneFactor.apologyWhenPositive;
  return candidate.relevance;
}

const quote = (words: string[]) => words.slice(0, 3).map((word) => `“${word}”`).join(', ');

function templateMatch(candidate: Candidate): string {
  const own = candidate.matched.length > 0 ? ` matches ${quote(candidate.matched)}` : '';
  if (candidate.exampleMatched.length === 0) return `template “${candidate.title}”${own}`;
  return `template “${candidate.title}”${own ? `${own};` : ':'} its example posts match ${quote(candidate.exampleMatched)}`;
}

function reasonFor(candidate: Candidate, ledForUpset: boolean): string {
  let reason: string;
  if (candidate.relevance === 0 && candidate.title === undefined) reason = 'one of the team\'s usual replies';
  else if (candidate.relevance === 0) reason = candidate.usageCount > 0 ? `template “${candidate.title}”, often used by the team` : `template “${candidate.title}”`;
  else if (candidate.title !== undefined) reason = templateMatch(candidate);
  else reason = `answered a similar post: matches ${quote(candidate.matched)}`;
  return ledForUpset ? `${reason}; apology first for an upset customer` : reason;
}

export function rankReplies(input: ReplyRankingInput): ReplySuggestion[] {
  const limit = input.limit ?? 5;
  if (limit <= 0) return [];
  const { candidates, documents } = renderCandidates(input);
  scoreRelevance(candidates, documents, input.post.text, { ...fieldBoosts, ...input.boosts });

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
  const firstApology = upset ? offered.findIndex(({ candidate }) => candidate.apologises) : -1;
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

