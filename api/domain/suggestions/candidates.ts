/**
 * What can be offered for a post, and the document each is found by: every template (its title
 * and tags, its body, the example posts the settings list, and the posts the team answered with
 * it), and every past reply not sent from a template still held (the post it answered).
 */
import { renderTemplate, type TemplateValues } from '../templates.js';
import { conceptsOf } from './concepts.js';
import type { PastReply, SuggestionTemplate } from './rank.js';

export interface Candidate {
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
  /** Words of the post a template matched only in the posts the team answered with it. */
  historyMatched: string[];
  /** Words of the post it matched only through related words. */
  relatedMatched: string[];
  apologises: boolean;
}

export type CandidateDocument = Record<string, string>;

const apology = /\b(sorry|apolog\w*|regret\w*)\b/iu;
// A reply on X starts with the mentions the site fills in itself; they name another customer.
const leadingMentions = /^(\s*[@＠]\w+)+\s*/u;
const placeholders = /\{\{[^{}]*\}\}/g;

export function renderCandidates(templates: SuggestionTemplate[], pastReplies: PastReply[], values: TemplateValues): { candidates: Candidate[]; documents: CandidateDocument[] } {
  const candidates: Candidate[] = [];
  const documents: CandidateDocument[] = [];
  const add = (candidate: Pick<Candidate, 'text' | 'templateId' | 'title' | 'usageCount'>, document: CandidateDocument) => {
    documents.push({ id: String(candidates.length), ...document });
    candidates.push({
      ...candidate, relevance: 0, typical: 0, matched: [], exampleMatched: [], historyMatched: [], relatedMatched: [], apologises: apology.test(candidate.text),
    });
  };
  // A reply sent from a template is evidence for that template: the post it answered joins the template's document.
  const answeredWith = new Map<string, string[]>();
  const known = new Set(templates.map((template) => template.id));
  const untemplated: PastReply[] = [];
  for (const reply of pastReplies) {
    if (reply.templateId !== undefined && known.has(reply.templateId)) answeredWith.set(reply.templateId, [...(answeredWith.get(reply.templateId) ?? []), reply.inReplyTo]);
    else untemplated.push(reply);
  }
  for (const template of templates) {
    const rendered = renderTemplate(template.body, values);
    if (!rendered.ok) continue;
    // All its example posts in one field: measured better than each as a document of its own.
    const examples: CandidateDocument = template.examples?.length ? { examples: template.examples.join('\n') } : {};
    const answered = answeredWith.get(template.id);
    const topic = `${template.title} ${template.tags.join(' ')}`;
    const body = template.body.replace(placeholders, ' ');
    add(
      { text: rendered.text, templateId: template.id, title: template.title, usageCount: template.usageCount ?? 0 },
      {
        topic, body, ...examples, ...(answered ? { answered: answered.join('\n') } : {}),
        topicConcepts: conceptsOf(topic).join(' '), bodyConcepts: conceptsOf(body).join(' '),
        exampleConcepts: conceptsOf((template.examples ?? []).join('\n')).join(' '), answeredConcepts: conceptsOf((answered ?? []).join('\n')).join(' '),
      },
    );
  }
  for (const reply of untemplated) {
    // Rendering also refuses a past reply that still holds a variable or stray braces.
    const rendered = renderTemplate(reply.text.replace(leadingMentions, ''), values);
    if (!rendered.ok || rendered.text.trim() === '') continue;
    add(
      { text: rendered.text.trim(), usageCount: 0, ...(reply.templateId ? { templateId: reply.templateId } : {}) },
      { answered: reply.inReplyTo, answeredConcepts: conceptsOf(reply.inReplyTo).join(' ') },
    );
  }
  return { candidates, documents };
}
