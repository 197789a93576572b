/**
 * Sync: a batch of the extension's queued mutations applied in order, each once (keyed by its
 * id), each in its own savepoint with its change-log rows; and the change log read back.
 */
import type { MutationT } from '../contract.js';
import type { Tx } from '../db/client.js';
import { toCase, toCustomer, toEvent, toPost, toWireTime } from '../db/wire.js';
import { ApiError } from '../http.js';
import { addNote, linkPost, recordReply } from './caseActivity.js';
import { createCase, updateCase, type Actor } from './cases.js';
import { mergeCustomers, updateCustomer } from './customers.js';
import { hashArgs, priorResult, refuseExpired, resultStatement } from './mutations.js';

export type MutationOutcome =
  | { id: string; ok: true; result: Record<string, unknown> }
  | { id: string; ok: false; error: { code: string; message: string } };

async function apply(tx: Tx, actor: Actor, mutation: MutationT, now: Date): Promise<Record<string, unknown>> {
  switch (mutation.name) {
    case 'createCase':
      return { case: toCase((await createCase(tx, actor, mutation.args, now)).case) };
    case 'updateCase': {
      const { caseId, ...patch } = mutation.args;
      return { case: toCase(await updateCase(tx, actor, caseId, patch, now)) };
    }
    case 'addNote':
      return { event: toEvent(await addNote(tx, actor, mutation.args.caseId, mutation.args.body, now)) };
    case 'recordReply': {
      const { caseId, ...reply } = mutation.args;
      const done = await recordReply(tx, actor, caseId, reply, now);
      return { case: toCase(done.case), event: toEvent(done.event) };
    }
    case 'linkPost': {
      const { caseId, ...link } = mutation.args;
      const done = await linkPost(tx, actor, caseId, link, now);
      return {
        case: toCase(done.case),
        post: { ...toPost(done.post, done.identity), excerpt: done.excerpt, addedAt: toWireTime(done.addedAt) },
      };
    }
    case 'updateCustomer': {
      const { customerId, ...patch } = mutation.args;
      return { customer: toCustomer(await updateCustomer(tx, actor, customerId, patch, now)) };
    }
    case 'mergeCustomers':
      return { customer: toCustomer(await mergeCustomers(tx, actor, mutation.args.customerId, mutation.args.otherCustomerId, now)) };
  }
}

/**
 * Applies the batch in order. A mutation applied before answers its stored result; the same id
 * with other content, a change the rules refuse, one made longer ago than ids are remembered, or
 * one that hits an unexpected error, is answered alone and changes nothing. An unexpected error is
 * reported to `onUnexpected` and not remembered: the same mutation may be sent again.
 */
export async function applyMutations(tx: Tx, actor: Actor, mutations: MutationT[], now: Date, onUnexpected: (error: unknown) => void): Promise<MutationOutcome[]> {
  const outcomes: MutationOutcome[] = [];
  for (const mutation of mutations) {
    const key = { orgId: actor.orgId, agentId: actor.agentId, id: mutation.id, name: mutation.name, argsHash: hashArgs(mutation.name, mutation.args) };
    await tx.$client.execute('SAVEPOINT parley_mutation');
    try {
      const prior = await priorResult<Record<string, unknown>>(tx, key);
      if (!prior) refuseExpired(mutation.id, now);
      const result = prior ?? (await apply(tx, actor, mutation, now));
      if (!prior) await tx.$client.execute(resultStatement(key, result, now));
      await tx.$client.execute('RELEASE parley_mutation');
      outcomes.push({ id: mutation.id, ok: true, result });
    } catch (error) {
      // A transaction that cannot even roll back to the savepoint fails the whole push (500): nothing of it is kept.
      await tx.$client.batch(['ROLLBACK TO parley_mutation', 'RELEASE parley_mutation']);
      if (error instanceof ApiError) {
        outcomes.push({ id: mutation.id, ok: false, error: { code: error.code, message: error.message } });
      } else {
        onUnexpected(error);
        outcomes.push({ id: mutation.id, ok: false, error: { code: 'internal', message: 'Something went wrong on the server with this change: it was not applied, and may be sent again' } });
      }
    }
  }
  return outcomes;
}
