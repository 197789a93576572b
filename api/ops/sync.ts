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
import { hashArgs, priorResult, resultStatement } from './mutations.js';

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
 * with other content, or a change the rules refuse, is rejected alone and changes nothing.
 */
export async function applyMutations(tx: Tx, actor: Actor, mutations: MutationT[], now: Date): Promise<MutationOutcome[]> {
  const outcomes: MutationOutcome[] = [];
  for (const mutation of mutations) {
    const key = { orgId: actor.orgId, agentId: actor.agentId, id: mutation.id, name: mutation.name, argsHash: hashArgs(mutation.name, mutation.args) };
    await tx.$client.execute('SAVEPOINT parley_mutation');
    try {
      const prior = await priorResult<Record<string, unknown>>(tx, key);
      const result = prior ?? (await apply(tx, actor, mutation, now));
      if (!prior) await tx.$client.execute(resultStatement(key, result, now));
      await tx.$client.execute('RELEASE parley_mutation');
      outcomes.push({ id: mutation.id, ok: true, result });
    } catch (error) {
      await tx.$client.batch(['ROLLBACK TO parley_mutation', 'RELEASE parley_mutation']);
      if (!(error instanceof ApiError)) throw error;
      outcomes.push({ id: mutation.id, ok: false, error: { code: error.code, message: error.message } });
    }
  }
  return outcomes;
}
