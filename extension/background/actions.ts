/**
 * What agents do, through the outbox: each action is queued durably, shows on the bars at once
 * (see sync/pending.ts), and goes to the server when it can. Answers the server's result when it comes
 * within a few seconds; otherwise the action waits and the bars say so.
 */
import { v7 as uuidv7 } from 'uuid';
import { Case, Mutation, PostInput, type CaseT } from '../../api/contract.js';
import { normalizeHandle } from '../../api/domain/handles.js';
import type { PageRequestT, Responses } from '../protocol.js';
import { answerKey, customerCards, customerKey, openStore, ownQueued, postKey, type QueuedMutation } from '../store/db.js';
import { ApiFailure } from './api.js';
import type { MutationResult, Outbox } from '../sync/outbox.js';
import { caseView, pendingOf } from '../sync/pending.js';
import { activeSession } from './session.js';
import { keepAnswered } from './suggestions.js';

type Req<T extends PageRequestT['type']> = Extract<PageRequestT, { type: T }>;

/** A case the server sent, kept unless the cache already holds a later version of it. */
export async function keepCase(kase: CaseT): Promise<void> {
  const store = await openStore();
  const tx = store.transaction('cases', 'readwrite');
  const cached = await tx.store.get(kase.id);
  if (!cached || cached.version <= kase.version) await tx.store.put(kase);
  await tx.done;
}

/** The server's answer to a case creation, put in the cache. */
export async function rememberCase(created: CaseT, post: { platform: string; externalId: string; author: { handle: string } }): Promise<void> {
  const store = await openStore();
  const { platform, externalId, author } = post;
  const tx = store.transaction(['postCases', 'cases', 'customers'], 'readwrite');
  void tx.objectStore('cases').put(created);
  void tx.objectStore('postCases').put({ key: postKey(platform, externalId), caseId: created.id, fetchedAt: Date.now() });
  // The customer's history now has this case: the next look asks the server.
  void tx.objectStore('customers').delete(customerKey(platform, normalizeHandle(platform as 'x' | 'facebook', author.handle)));
  await tx.done;
}

function refused(outcome: MutationResult & { ok: false }): ApiFailure {
  const status = outcome.error.code === 'version_conflict' ? 409 : outcome.error.code === 'not_found' ? 404 : 422;
  return new ApiFailure(status, outcome.error.code, outcome.error.message);
}

/** With the server unreachable the case waits, shown as provisional, and is opened when it is back. */
export async function createCase(request: Req<'case.create'>, outbox: Outbox): Promise<Responses['case.create']> {
  await activeSession();
  const args = {
    post: request.post,
    ...(request.excerpt ? { excerpt: request.excerpt } : {}),
    ...(request.priority ? { priority: request.priority } : {}),
    ...(request.assigneeId ? { assigneeId: request.assigneeId } : {}),
  };
  const outcome = await outbox.send('createCase', args, postKey(request.post.platform, request.post.externalId));
  if (!outcome) return { queued: await outbox.count() };
  if (!outcome.ok) throw refused(outcome);
  const created = Case.parse(outcome.result.case);
  await rememberCase(created, request.post);
  return { case: created };
}

/** A reply sent while Parley's server is out of reach is recorded when it is back. */
export async function recordReply(request: Req<'reply.record'>, outbox: Outbox, caseOf: (key: string) => Promise<string | null>): Promise<Responses['reply.record']> {
  const session = await activeSession();
  const key = postKey(request.platform, request.externalId);
  const caseId = await caseOf(key);
  if (!caseId) return { recorded: false };
  // A case still waiting in the outbox is created when it reaches the server, after this reply was
  // sent here: the server then stamps the reply itself, since a reply can never predate its case.
  const caseQueued = Boolean(await (await openStore()).get('outbox', caseId));
  const { answer } = request;
  const sentAt = answer?.postedAt ?? new Date().toISOString();
  const args = {
    caseId, text: request.text, ...(answer ? { postExternalId: answer.externalId } : {}), ...(caseQueued ? {} : { sentAt }),
    ...(request.templateId ? { templateId: request.templateId } : {}),
  };
  const outcome = await outbox.send('recordReply', args, key);
  // Sent from a suggestion: the post it answered is evidence for that template from now on, online or not.
  if (request.templateId && (!outcome || outcome.ok)) await keepAnswered(session, request.platform, request.externalId, request.text, request.templateId);
  if (!outcome) return { recorded: false, queued: await outbox.count() };
  if (!outcome.ok) throw refused(outcome);
  const updated = Case.parse(outcome.result.case);
  await keepCase(updated);
  if (answer) await (await openStore()).put('meta', { caseId: updated.id, number: updated.number }, answerKey(postKey(request.platform, answer.externalId)));
  return { recorded: true, case: updated };
}

/**
 * A case change is checked against the version the agent saw. When they saw the latest the server
 * sent here, their own queued changes come before it on the server: it is sent with the version
 * those will make, so it is not refused as if a colleague had changed the case.
 */
async function onTopOfPending(name: string, args: Record<string, unknown>): Promise<Record<string, unknown>> {
  if (name !== 'updateCase' || typeof args.caseId !== 'string' || typeof args.version !== 'number') return args;
  const store = await openStore();
  const base = await store.get('cases', args.caseId);
  if (!base || args.version < base.version) return args;
  return { ...args, version: caseView(base, pendingOf(await ownQueued(store))).version };
}

/** Any other action on a case or a customer; its arguments are checked as the server will check them. */
export async function mutate(request: Req<'mutate'>, outbox: Outbox): Promise<Responses['mutate']> {
  await activeSession();
  const parsed = Mutation.safeParse({ id: uuidv7(), name: request.name, args: await onTopOfPending(request.name, request.args) });
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ApiFailure(400, 'bad_message', `Parley cannot do that: ${issue ? `${issue.path.join('.')} ${issue.message}` : 'invalid'}`);
  }
  const outcome = await outbox.send(parsed.data.name, parsed.data.args, postKey(request.platform, request.externalId));
  if (!outcome) return { queued: await outbox.count() };
  if (!outcome.ok) throw refused(outcome);
  const kase = Case.safeParse(outcome.result.case);
  if (kase.success) await keepCase(kase.data);
  return { result: outcome.result };
}

/** The bars an action shows on: posts (`platform:externalId`), and customers (`platform:handle`). */
export interface BarsTouched {
  posts: string[];
  customers: string[];
}

/** Puts what the server answered to an action in the cache; answers the bars it changes. */
export async function keepResult(mutation: QueuedMutation, result: Record<string, unknown>): Promise<BarsTouched> {
  const kase = Case.safeParse(result.case);
  const post = PostInput.safeParse((mutation.args as { post?: unknown }).post);
  if (kase.success && post.success) {
    if (mutation.name === 'createCase') await rememberCase(kase.data, post.data);
    else {
      await keepCase(kase.data);
      await (await openStore()).put('postCases', { key: postKey(post.data.platform, post.data.externalId), caseId: kase.data.id, fetchedAt: Date.now() });
    }
  } else if (kase.success) await keepCase(kase.data);
  // A customer's cards are rebuilt from the server the next time a bar asks.
  return barsTouchedBy(mutation, true);
}

/** The bars an action shows on; with `drop`, the cards of the customers it changed leave the cache. */
export async function barsTouchedBy(mutation: QueuedMutation, drop = false): Promise<BarsTouched> {
  // A note shows in the case panel, which asks for notes itself: no bar changes.
  if (mutation.name === 'addNote') return { posts: [], customers: [] };
  const args = mutation.args as { caseId?: unknown; customerId?: unknown; otherCustomerId?: unknown };
  const store = await openStore();
  const customerIds = new Set([args.customerId, args.otherCustomerId].filter((id): id is string => typeof id === 'string'));
  const customers = await customerCards(store, customerIds, new Set(), drop);
  const keys = typeof args.caseId === 'string' ? (await store.getAllFromIndex('postCases', 'byCase', args.caseId)).map((link) => link.key) : [];
  return { posts: [...new Set([...(mutation.postKey ? [mutation.postKey] : []), ...keys])], customers };
}
