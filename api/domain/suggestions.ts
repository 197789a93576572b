/**
 * Ready-to-send replies for a post, ranked: `rankReplies` (templates and the team's past replies
 * by BM25, tone-aware, filled and fitted to a post). Pure, so the extension's background ranks
 * the same way offline from what it has cached.
 */
import { fieldBoosts, rankReplies } from './suggestions/rank.js';

export { fieldBoosts, rankReplies };
export type { FieldBoosts, PastReply, PostTone, ReplyRankingInput, ReplySuggestion, SuggestionTemplate } from './suggestions/rank.js';
export { fitToPost, maxWeightedLength, weightedLength } from './suggestions/fit.js';
