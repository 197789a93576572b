/**
 * The labelled care set of `npm run eval:suggest`: posts, each labelled with the template that
 * answers it. Any team can measure its own with `npm run eval:suggest -- --set <file>`, a JSON file
 *
 *   { "templates": [{ "id", "title", "body", "tags"?: [...], "examples"?: [...] }],
 *     "posts": [{ "text", "templateId", "split"?: "tune" | "test" }] }
 *
 * Measured twice. Cold: every post against the templates alone. After history: for each template,
 * its first three posts in the file are answered with it (a past reply sent from it, as
 * `POST /cases/:id/replies` with `templateId` records), and the other posts are measured. A
 * post's `split` only groups the figures; ours (test/fixtures/suggest/care-set.json) puts each
 * template's three tuning posts first, so its history is the tuning half and what is measured
 * after history is the held-out half.
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { maxWeightedLength, rankReplies, weightedLength, type PastReply } from '../../api/domain/suggestions.js';
import { renderTemplate, type TemplateValues } from '../../api/domain/templates.js';

export const LabelledSet = z.strictObject({
  templates: z.array(z.strictObject({
    id: z.string().min(1), title: z.string().min(1), body: z.string().min(1),
    tags: z.array(z.string()).default([]), examples: z.array(z.string()).optional(),
  })).min(1),
  posts: z.array(z.strictObject({ text: z.string().min(1), templateId: z.string().min(1), split: z.enum(['tune', 'test']).optional() })).min(1),
}).refine((set) => set.posts.every((post) => set.templates.some((template) => template.id === post.templateId)), 'every post names one of the templates');
export type LabelledSetT = z.infer<typeof LabelledSet>;

export const HISTORY_PER_TEMPLATE = 3;
/** Long values, so the length check sees replies as long as real ones get. */
export const evalValues: TemplateValues = {
  'customer.name': 'Alexandria-Rose Montgomery', 'customer.handle': '@alexandria_rose_m', 'agent.name': 'Maximilian', 'case.number': 1234567,
};

export function loadLabelledSet(path: string): LabelledSetT {
  return LabelledSet.parse(JSON.parse(readFileSync(path, 'utf8')));
}

export interface LabelledScore { posts: number; recallAt3: number; mrr: number }

/** Each template's first posts as past replies sent from it, and the posts left to measure. */
export function historyOf(set: LabelledSetT): { history: PastReply[]; rest: LabelledSetT['posts'] } {
  const seen = new Map<string, number>();
  const history: PastReply[] = [];
  const rest: LabelledSetT['posts'] = [];
  for (const post of set.posts) {
    const count = seen.get(post.templateId) ?? 0;
    if (count >= HISTORY_PER_TEMPLATE) { rest.push(post); continue; }
    seen.set(post.templateId, count + 1);
    const body = set.templates.find((template) => template.id === post.templateId)!.body;
    const sent = renderTemplate(body, evalValues);
    history.push({ text: sent.ok ? sent.text : body, inReplyTo: post.text, templateId: post.templateId });
  }
  return { history, rest };
}

/** Recall@3 and MRR of the right template; throws if any suggestion is over length or unfilled. */
export function scoreLabelled(set: LabelledSetT, posts: LabelledSetT['posts'], pastReplies: PastReply[], relatedWeight?: number): LabelledScore {
  let hits = 0;
  let reciprocal = 0;
  for (const post of posts) {
    const suggestions = rankReplies({
      templates: set.templates, pastReplies, post: { text: post.text }, values: evalValues, limit: 1000,
      ...(relatedWeight !== undefined ? { relatedWeight } : {}),
    });
    for (const suggestion of suggestions) {
      if (weightedLength(suggestion.text) > maxWeightedLength || /\{\{|\}\}/.test(suggestion.text)) throw new Error(`over length or unfilled: ${suggestion.text}`);
    }
    const rank = suggestions.findIndex((suggestion) => suggestion.templateId === post.templateId) + 1;
    if (rank > 0 && rank <= 3) hits += 1;
    if (rank > 0) reciprocal += 1 / rank;
  }
  return { posts: posts.length, recallAt3: posts.length ? hits / posts.length : 0, mrr: posts.length ? reciprocal / posts.length : 0 };
}

/** The table rows for one set: cold per split, and after history. */
export function labelledRows(set: LabelledSetT, relatedWeight?: number): [string, LabelledScore][] {
  const splits = [...new Set(set.posts.map((post) => post.split).filter((split) => split !== undefined))];
  const rows: [string, LabelledScore][] = [['cold (templates only), all posts', scoreLabelled(set, set.posts, [], relatedWeight)]];
  for (const split of splits) rows.push([`cold, ${split === 'tune' ? 'tuning' : 'held-out'} half`, scoreLabelled(set, set.posts.filter((post) => post.split === split), [], relatedWeight)]);
  const { history, rest } = historyOf(set);
  const measured = [...new Set(rest.map((post) => post.split ?? 'unsplit'))].join(', ');
  rows.push([`after ${HISTORY_PER_TEMPLATE} answered posts per template (measured: ${measured === 'test' ? 'held-out half' : 'the other posts'})`, scoreLabelled(set, rest, history, relatedWeight)]);
  return rows;
}
