/** Why a suggestion is offered, in a short sentence that quotes the post's own words. */
import type { Candidate } from './candidates.js';

const quote = (words: string[]) => words.slice(0, 3).map((word) => `“${word}”`).join(', ');

function templateMatch(candidate: Candidate): string {
  const parts: string[] = [];
  if (candidate.matched.length > 0) parts.push(`matches ${quote(candidate.matched)}`);
  if (candidate.relatedMatched.length > 0) parts.push(`${parts.length ? 'and by meaning' : 'matches by meaning'} ${quote(candidate.relatedMatched)}`);
  const own = parts.length > 0 ? ` ${parts.join(' ')}` : '';
  const evidence: string[] = [];
  if (candidate.historyMatched.length > 0) evidence.push(`posts the team answered with it match ${quote(candidate.historyMatched)}`);
  if (candidate.exampleMatched.length > 0) evidence.push(`its example posts match ${quote(candidate.exampleMatched)}`);
  if (evidence.length === 0) return `template “${candidate.title}”${own}`;
  return `template “${candidate.title}”${own ? `${own};` : ':'} ${evidence.join('; ')}`;
}

export function reasonFor(candidate: Candidate, ledForUpset: boolean): string {
  let reason: string;
  if (candidate.relevance === 0 && candidate.title === undefined) reason = 'one of the team\'s usual replies';
  else if (candidate.relevance === 0) reason = candidate.usageCount > 0 ? `template “${candidate.title}”, often used by the team` : `template “${candidate.title}”`;
  else if (candidate.title !== undefined) reason = templateMatch(candidate);
  else if (candidate.matched.length === 0) reason = `answered a similar post: matches by meaning ${quote(candidate.relatedMatched)}`;
  else reason = `answered a similar post: matches ${quote(candidate.matched)}`;
  return ledForUpset ? `${reason}; apology first for an upset customer` : reason;
}
