/** A case opened here that the server has not numbered yet, as the bars show it (background and pages alike). */
import type { CreateCaseBodyT } from '../api/contract.js';
import type { CaseView } from './protocol.js';

/** Shown at once with what the agent asked for; it gets its number when the server has it. */
export function provisionalCase(mutation: { id: string; args: unknown; queuedAt: number }, customerId: string): CaseView {
  const args = mutation.args as CreateCaseBodyT;
  const at = new Date(mutation.queuedAt).toISOString();
  return {
    id: mutation.id, number: 1, customerId, status: 'new', priority: args.priority ?? 'normal',
    assigneeId: args.assigneeId ?? null, subject: args.subject ?? args.excerpt ?? args.post.text.slice(0, 200), tags: args.tags ?? [],
    slaDueAt: null, slaDueSoonAt: null, resolutionDueAt: null, firstResponseAt: null, resolvedAt: null, version: 1, createdAt: at, updatedAt: at,
    pending: true, provisional: true,
  };
}
