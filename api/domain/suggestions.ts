/**
 * Ready-to-send replies for a post, ranked: `rankReplies` (templates and the team's past replies
 * by BM25, tone-aware, filled and fitted to a post). Pure, so the extension's background ranks
 * the same way offline from what it has cached.
 */
import type { TemplateValues } from './templates.js';
import { rankReplies } from './suggestions/rank.js';

export { rankReplies };
export type { PastReply, PostTone, ReplyRankingInput, ReplySuggestion, SuggestionTemplate } from './suggestions/rank.js';
export { fitToPost, maxWeightedLength, weightedLength } from './suggestions/fit.js';

export interface RankableTemplate {
  id: string;
  title: string;
  body: string;
  tags: string[];
  usageCount: number;
}

export interface RankedSuggestion {
  templateId: string;
  title: string;
  text: string;
}

/** Templates only, in the shape the extension's overlay shows today. */
export function rankSuggestions(templates: RankableTemplate[], values: TemplateValues, postText: string, limit = 5): RankedSuggestion[] {
  const titles = new Map(templates.map((template) => [template.id, template.title]));
  return rankReplies({ templates, pastReplies: [], post: { text: postText }, values, limit }).flatMap((suggestion) =>
    suggestion.templateId === undefined ? [] : [{ templateId: suggestion.templateId, title: titles.get(suggestion.templateId) ?? '', text: suggestion.text }]);
}
