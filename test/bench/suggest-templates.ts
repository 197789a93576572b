/**
 * The templates a brand's team would have written from its own earlier conversations, for
 * `npm run eval:suggest`: one per kind of reply it gave at least twice, named for that kind, whose
 * text is the brand's most typical reply of the kind, and whose example posts are the customer
 * posts those replies answered. Built from a reply library only, never from the posts it is
 * tested on.
 */
import { examplePosts } from '../../api/contract/fields.js';
import type { SuggestionTemplate } from '../../api/domain/suggestions.js';
import { typicality } from '../../api/domain/suggestions/typical.js';
import { renderTemplate } from '../../api/domain/templates.js';

/** What a team would call a template of each kind (the kinds of suggest.eval.ts). */
const titles: Record<string, string> = {
  dm: 'Move to DM',
  contact: 'Other ways to reach us',
  refund_billing: 'Refunds and billing',
  delivery_travel: 'Deliveries and trips',
  troubleshoot: 'Troubleshooting steps',
  feedback: 'Feedback passed on',
  thanks: 'Thanks',
  apology: 'Apology',
  question: 'Asking for details',
};
const EXAMPLES_KEPT = 20;
const leadingMentions = /^(\s*[@＠]\w+)+\s*/u;

export interface LibraryPair { post: string; reply: string; intent: string }
export interface EvalTemplate { template: SuggestionTemplate; intent: string }

/** One brand's templates from its library (oldest first); ids are `${brand}:${kind}`. */
export function templatesFrom(brand: string, library: LibraryPair[]): EvalTemplate[] {
  const byIntent = new Map<string, LibraryPair[]>();
  for (const pair of library) if (titles[pair.intent]) byIntent.set(pair.intent, [...(byIntent.get(pair.intent) ?? []), pair]);
  const made: EvalTemplate[] = [];
  for (const [intent, pairs] of byIntent) {
    if (pairs.length < 2) continue;
    const replies = pairs.map((pair) => pair.reply.replace(leadingMentions, '').trim());
    const typical = typicality(replies);
    const best = replies.map((text, i) => ({ text, score: typical[i] ?? 0 }))
      .filter(({ text }) => text !== '' && renderTemplate(text, {}).ok)
      .sort((a, b) => b.score - a.score || a.text.localeCompare(b.text))[0];
    if (!best) continue;
    // The latest posts of the kind, as the API keeps them: trimmed, bounded, each once.
    const posts = pairs.map((pair) => pair.post.trim()).filter((post) => post !== '' && post.length <= 5000);
    const examples = examplePosts.parse(posts.slice(-EXAMPLES_KEPT));
    made.push({ template: { id: `${brand}:${intent}`, title: titles[intent]!, body: best.text, tags: [], examples }, intent });
  }
  return made;
}

/** The same templates as a team that wrote no example posts has them. */
export const withoutExamples = (templates: EvalTemplate[]): SuggestionTemplate[] =>
  templates.map(({ template }) => ({ ...template, examples: [] }));
