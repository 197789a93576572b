/**
 * What the agent did that the server has not applied yet, laid over the cache. The cache keeps what
 * the server said; the outbox keeps the agent's queued actions; every answer to a bar is the one
 * replayed over the other. So a pulled change is rebased under the agent's pending actions, and an
 * action the server refuses disappears from the screen with its outbox entry: nothing to undo.
 */
import type { CaseSummaryT, CaseT, CustomerT, MutationT, PostInputT } from '../../api/contract.js';
import { statusAfterCustomerPost, statusAfterReply } from '../../api/domain/caseStatus.js';
import type { CaseView, CustomerCard } from '../protocol.js';
export { provisionalCase } from '../provisional.js';
import { postKey, type QueuedMutation } from '../store/db.js';

type Args<N extends MutationT['name']> = Extract<MutationT, { name: N }>['args'];

export interface PendingNote {
  id: string;
  caseId: string;
  body: string;
  queuedAt: number;
}

export interface Pending {
  /** Per case id, its queued changes in order. */
  caseChanges: Map<string, QueuedMutation[]>;
  /** Posts (`platform:externalId`) the agent put in a case: the case id. */
  links: Map<string, string>;
  /** Posts the agent opened a case on, with the case as asked for. */
  created: Map<string, QueuedMutation>;
  customerChanges: Map<string, QueuedMutation[]>;
  notes: PendingNote[];
}

export function pendingOf(queued: QueuedMutation[]): Pending {
  const pending: Pending = { caseChanges: new Map(), links: new Map(), created: new Map(), customerChanges: new Map(), notes: [] };
  const push = <K>(map: Map<K, QueuedMutation[]>, key: K, mutation: QueuedMutation) => map.set(key, [...(map.get(key) ?? []), mutation]);
  for (const mutation of queued) {
    const args = mutation.args as Record<string, unknown>;
    switch (mutation.name) {
      case 'createCase': {
        const post = args.post as PostInputT;
        pending.created.set(postKey(post.platform, post.externalId), mutation);
        break;
      }
      case 'linkPost': {
        const post = args.post as PostInputT;
        pending.links.set(postKey(post.platform, post.externalId), String(args.caseId));
        push(pending.caseChanges, String(args.caseId), mutation);
        break;
      }
      case 'updateCase':
      case 'recordReply':
        push(pending.caseChanges, String(args.caseId), mutation);
        break;
      case 'addNote':
        pending.notes.push({ id: mutation.id, caseId: String(args.caseId), body: String(args.body), queuedAt: mutation.queuedAt });
        break;
      case 'updateCustomer':
      case 'mergeCustomers':
        push(pending.customerChanges, String(args.customerId), mutation);
        break;
    }
  }
  return pending;
}

/**
 * The case as the agent sees it: the server's, with their queued changes replayed in order. The
 * version counts the changes the server will make of them, so a next change made on top of a
 * pending one is not mistaken for a colleague's conflict.
 */
export function caseView(kase: CaseT, pending: Pending): CaseView {
  const changes = pending.caseChanges.get(kase.id);
  if (!changes) return kase;
  let view: CaseT = kase;
  for (const mutation of changes) {
    if (mutation.name === 'updateCase') {
      const { caseId: _caseId, version: _version, ...patch } = mutation.args as Args<'updateCase'>;
      const next = { ...view, ...patch, tags: patch.tags ? [...new Set(patch.tags)] : view.tags };
      const changed = (Object.keys(patch) as (keyof typeof patch)[]).some((name) => JSON.stringify(next[name]) !== JSON.stringify(view[name]));
      if (changed) view = { ...next, version: view.version + 1 };
    } else if (mutation.name === 'recordReply') {
      const { sentAt } = mutation.args as Args<'recordReply'>;
      view = { ...view, status: statusAfterReply(view.status), firstResponseAt: view.firstResponseAt ?? sentAt ?? new Date(mutation.queuedAt).toISOString(), slaDueAt: null, version: view.version + 1 };
    } else if (mutation.name === 'linkPost') {
      view = { ...view, status: statusAfterCustomerPost(view.status), version: view.version + 1 };
    }
  }
  return { ...view, pending: true };
}

const summaryView = (summary: CaseSummaryT, pending: Pending): CaseSummaryT =>
  pending.caseChanges.has(summary.id) ? { ...caseView(summary, pending), excerpt: summary.excerpt } : summary;

/** The customer's card with the agent's queued edits on it. */
export function cardView(card: CustomerCard, pending: Pending): CustomerCard {
  const changes = pending.customerChanges.get(card.customer.id) ?? [];
  let customer: CustomerT = card.customer;
  const mergingWith: string[] = [];
  for (const mutation of changes) {
    if (mutation.name === 'updateCustomer') {
      const { customerId: _id, ...patch } = mutation.args as Args<'updateCustomer'>;
      customer = { ...customer, ...patch };
    } else if (mutation.name === 'mergeCustomers') {
      mergingWith.push((mutation.args as Args<'mergeCustomers'>).otherCustomerId);
    }
  }
  const cases = card.cases.map((summary) => summaryView(summary, pending));
  const changed = changes.length > 0 || cases.some((summary, i) => summary !== card.cases[i]);
  return changed ? { ...card, customer, cases, ...(changes.length > 0 ? { pending: true } : {}), ...(mergingWith.length > 0 ? { mergingWith } : {}) } : card;
}
