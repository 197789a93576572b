/**
 * The side panel's actions on cases: one or many at once (assign, status, a tag), each its own
 * outbox mutation on top of the agent's pending changes, each answered on its own.
 */
import { v7 as uuidv7 } from 'uuid';
import { Case, Mutation } from '../../api/contract.js';
import { caseView, pendingOf } from '../sync/pending.js';
import type { Outbox } from '../sync/outbox.js';
import { openStore, ownQueued } from '../store/db.js';
import type { ExtensionPageRequestT, Responses } from '../protocol.js';
import { keepCase } from './actions.js';
import { activeSession } from './session.js';

type Outcome = Responses['cases.update']['results'][number];

export async function updateCases(request: Extract<ExtensionPageRequestT, { type: 'cases.update' }>, outbox: Outbox): Promise<Responses['cases.update']> {
  const session = await activeSession();
  const store = await openStore();
  const pending = pendingOf(await ownQueued(store));
  const { change } = request;
  const results = await Promise.all([...new Set(request.caseIds)].map(async (caseId): Promise<Outcome> => {
    const base = await store.get('cases', caseId);
    if (!base) return { caseId, ok: false, message: 'This case is not in Parley\'s working set on this browser' };
    const view = caseView(base, pending);
    const args = {
      caseId, version: view.version,
      ...(change.status ? { status: change.status } : {}),
      ...(change.priority ? { priority: change.priority } : {}),
      ...(change.tags ? { tags: [...new Set(change.tags)] } : {}),
      ...(change.assignToMe ? { assigneeId: session.agent.id } : change.assigneeId !== undefined ? { assigneeId: change.assigneeId } : {}),
      ...(change.addTag ? { tags: [...new Set([...view.tags, change.addTag])] } : {}),
    };
    const parsed = Mutation.safeParse({ id: uuidv7(), name: 'updateCase', args });
    if (!parsed.success) return { caseId, ok: false, message: `Parley cannot do that: ${parsed.error.issues[0]?.message ?? 'invalid'}` };
    const [link] = await store.getAllKeysFromIndex('postCases', 'byCase', caseId);
    const outcome = await outbox.send('updateCase', parsed.data.args, link ? String(link) : '');
    if (!outcome) return { caseId, ok: true, queued: true };
    if (!outcome.ok) return { caseId, ok: false, message: outcome.error.message };
    const kase = Case.safeParse(outcome.result.case);
    if (kase.success) await keepCase(kase.data);
    return { caseId, ok: true, queued: false };
  }));
  return { results };
}
