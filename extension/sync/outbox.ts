/**
 * The outbox: agent actions written durably to IndexedDB as mutations (`{id, name, args}`, the id a
 * UUIDv7) before they are sent, and pushed in order with `POST /sync/push`, which applies each
 * once however often it arrives. With the server unreachable they wait, and go when it is back.
 */
import type { z } from 'zod';
import { SyncPushResponse, type MutationT } from '../../api/contract.js';
import { v7 as uuidv7 } from 'uuid';
import { belongsTo, openStore, ownerOf, ownQueued, type QueuedMutation, type Store, type StoredSession } from '../store/db.js';
import { ApiFailure, callApi } from '../background/api.js';
import { currentSession } from '../background/session.js';

export type MutationResult = { ok: true; result: Record<string, unknown> } | { ok: false; error: { code: string; message: string } };

interface Listeners {
  /** How many actions wait, how many wait for the agent's decision, and whether the server could not be reached the last time. */
  waiting(count: number, offline: boolean, held: number): void;
  /** An action is queued: the bars show it at once. */
  queued(mutation: QueuedMutation): void;
  /** A queued action was applied (or refused) by the server. */
  settled(mutation: QueuedMutation, outcome: MutationResult): void;
  /** A queued action is set aside for the agent's decision: the bars show it as not sent. */
  held(mutation: QueuedMutation): void;
}

const BATCH = 100;
/** Answers that refuse a push for what it holds, not for who sent it or when. */
const refusedWhole = new Set([400, 413, 415, 422]);
type PushResult = z.infer<typeof SyncPushResponse>['results'][number];
const RETRY_MS = [1000, 2000, 5000, 10_000, 30_000];
/** The server no longer remembers changes this old: sending it could apply it twice. */
const EXPIRED = 'mutation_expired';
/** An unexpected server error on this change alone: tried again, then set aside after this many. */
const INTERNAL = 'internal';
const MAX_FAILURES = 3;

/** The agent decides what becomes of an action set aside: `resend` makes it a new change, `discard` drops it. */
export type Decision = 'resend' | 'discard';

/**
 * A case opened here is known by the id of the action that opens it until the server answers;
 * actions on it wait for that answer, then go with the case's real id (written back durably
 * first, so a retried push sends the very same action).
 */
async function ready(store: Store, queued: QueuedMutation[], all: QueuedMutation[]): Promise<QueuedMutation[]> {
  const opening = new Set(all.filter((mutation) => mutation.name === 'createCase').flatMap((mutation) => [mutation.id, ...(mutation.replaces ? [mutation.replaces] : [])]));
  const created = new Map<string, unknown>();
  const range = IDBKeyRange.bound('created:', 'created:\uffff');
  const [keys, values] = await Promise.all([store.getAllKeys('meta', range), store.getAll('meta', range)]);
  keys.forEach((key, i) => created.set(String(key).slice('created:'.length), values[i]));
  const batch: QueuedMutation[] = [];
  const rewritten: QueuedMutation[] = [];
  for (const mutation of queued) {
    const args = mutation.args as { caseId?: unknown };
    const caseId = typeof args.caseId === 'string' ? args.caseId : undefined;
    // It waits for its case; actions on other cases and customers go on.
    if (caseId && opening.has(caseId)) continue;
    const real = caseId ? created.get(caseId) : undefined;
    if (typeof real === 'string') {
      const resolved = { ...mutation, args: { ...args, caseId: real } };
      rewritten.push(resolved);
      batch.push(resolved);
    } else {
      batch.push(mutation);
    }
  }
  if (rewritten.length > 0) {
    const tx = store.transaction('outbox', 'readwrite', { durability: 'strict' });
    await Promise.all([...rewritten.map((mutation) => tx.store.put(mutation)), tx.done]);
  }
  return batch;
}

export function createOutbox(listeners: Listeners) {
  let flushing: Promise<void> | undefined;
  let again = false;
  let retries = 0;
  let retryTimer: ReturnType<typeof setTimeout> | undefined;
  const waiters = new Map<string, (outcome: MutationResult) => void>();

  /** The signed-in agent's actions that wait to be sent. */
  async function count(): Promise<number> {
    return (await ownQueued(await openStore())).length;
  }
  async function heldCount(): Promise<number> {
    return (await ownQueued(await openStore(), { held: true })).filter((mutation) => mutation.held).length;
  }
  const report = async (offline: boolean) => listeners.waiting(await count(), offline, await heldCount());

  /**
   * Pushes a batch. A batch the server refuses whole (a malformed action, say from an older
   * version) is split until the refused actions stand alone: those are settled as refused, so one
   * bad action never holds the others back for ever.
   */
  async function pushBatch(session: StoredSession, queued: QueuedMutation[]): Promise<PushResult[]> {
    const mutations = queued.map(({ id, name, args }) => ({ id, name, args }));
    try {
      return (await callApi({ serverUrl: session.serverUrl, token: session.token }, 'POST', '/sync/push', SyncPushResponse, { mutations })).results;
    } catch (error) {
      if (!(error instanceof ApiFailure && refusedWhole.has(error.status))) throw error;
      if (queued.length === 1) return [{ id: queued[0]!.id, ok: false, error: { code: error.code, message: error.message } }];
      const half = Math.ceil(queued.length / 2);
      return [...(await pushBatch(session, queued.slice(0, half))), ...(await pushBatch(session, queued.slice(half)))];
    }
  }

  /** Pushes everything of the agent's that can go; answers whether some should be tried again later. */
  async function pushAll(session: StoredSession): Promise<boolean> {
    const store = await openStore();
    // Sent in this round: one that failed unexpectedly waits for the next round, not the next batch.
    const tried = new Set<string>();
    let retry = false;
    for (;;) {
      const all = (await store.getAll('outbox')).filter((mutation) => belongsTo(mutation, session));
      const waiting = all.filter((mutation) => !mutation.held && !tried.has(mutation.id));
      const queued = (await ready(store, waiting, all)).slice(0, BATCH);
      if (queued.length === 0) return retry;
      for (const mutation of queued) tried.add(mutation.id);
      const results = await pushBatch(session, queued);
      const now = Date.now();
      const kept = new Map<string, QueuedMutation>();
      for (const result of results) {
        if (result.ok) continue;
        const mutation = queued.find((item) => item.id === result.id);
        if (!mutation) continue;
        if (result.error.code === EXPIRED) kept.set(mutation.id, { ...mutation, held: { ...result.error, at: now } });
        if (result.error.code === INTERNAL) {
          const failures = (mutation.failures ?? 0) + 1;
          kept.set(mutation.id, failures >= MAX_FAILURES ? { ...mutation, failures, held: { ...result.error, at: now } } : { ...mutation, failures });
          if (failures < MAX_FAILURES) retry = true;
        }
      }
      // Settled actions leave the outbox together with what cases they opened, or none is kept.
      const tx = store.transaction(['outbox', 'meta'], 'readwrite', { durability: 'strict' });
      await Promise.all([
        ...results.map((result) => (kept.has(result.id) ? tx.objectStore('outbox').put(kept.get(result.id)!) : tx.objectStore('outbox').delete(result.id))),
        ...results.flatMap((result) => {
          const sent = queued.find((item) => item.id === result.id);
          const created = result.ok && sent?.name === 'createCase' && (result.result.case as { id?: unknown } | undefined)?.id;
          if (typeof created !== 'string') return [];
          return [result.id, ...(sent!.replaces ? [sent!.replaces] : [])].map((id) => tx.objectStore('meta').put(created, `created:${id}`));
        }),
        tx.done,
      ]);
      for (const result of results) {
        const mutation = queued.find((item) => item.id === result.id);
        if (!mutation) continue;
        const stays = kept.get(mutation.id);
        if (stays?.held) {
          // Its fate is now the agent's to decide: nobody waits for an answer.
          listeners.held(stays);
          waiters.delete(mutation.id);
        }
        if (stays) continue;
        const outcome: MutationResult = result.ok ? { ok: true, result: result.result } : { ok: false, error: result.error };
        listeners.settled(mutation, outcome);
        waiters.get(mutation.id)?.(outcome);
        waiters.delete(mutation.id);
      }
    }
  }

  async function flushOnce(): Promise<void> {
    const session = await currentSession();
    if (!session || session.expired) return;
    try {
      const again = await pushAll(session);
      await report(false);
      if (!again) {
        retries = 0;
        return;
      }
      // A change the server failed on unexpectedly: the others went; it goes again a little later.
      clearTimeout(retryTimer);
      retryTimer = setTimeout(() => void flush(), RETRY_MS[Math.min(retries, RETRY_MS.length - 1)]);
      retries += 1;
    } catch (error) {
      const offline = error instanceof ApiFailure && (error.status === 0 || error.status >= 500);
      await report(offline);
      if (!offline) throw error;
      // Unreachable: try again later, waiting longer each time.
      clearTimeout(retryTimer);
      retryTimer = setTimeout(() => void flush(), RETRY_MS[Math.min(retries, RETRY_MS.length - 1)]);
      retries += 1;
    }
  }

  /** Pushes what waits; one push at a time, and one more if asked meanwhile. */
  function flush(): Promise<void> {
    if (flushing) {
      again = true;
      return flushing;
    }
    flushing = flushOnce()
      .catch((error: unknown) => console.warn('Parley: push failed', error))
      .finally(() => {
        flushing = undefined;
        if (again) {
          again = false;
          void flush();
        }
      });
    return flushing;
  }

  return {
    flush,
    count,
    /**
     * Queues an action and pushes it. Answers the server's result, or `undefined` when the server
     * cannot be reached within `waitMs` (the action stays queued and goes when it can).
     */
    async send(name: MutationT['name'], args: unknown, postKey: string, waitMs = 5000): Promise<MutationResult | undefined> {
      const session = await currentSession();
      const mutation: QueuedMutation = { id: uuidv7(), name, args, postKey, queuedAt: Date.now(), ...(session ? { owner: ownerOf(session) } : {}) };
      const store = await openStore();
      const tx = store.transaction('outbox', 'readwrite', { durability: 'strict' });
      await Promise.all([tx.store.put(mutation), tx.done]);
      listeners.queued(mutation);
      const settled = new Promise<MutationResult>((resolve) => waiters.set(mutation.id, resolve));
      void flush();
      const timeout = new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), waitMs));
      // Once the push is over: settled, or still queued because the server is out of reach.
      const pushed = flushing?.then(async () => ((await store.get('outbox', mutation.id)) ? undefined : settled));
      return Promise.race([settled, timeout, ...(pushed ? [pushed] : [])]);
    },

    /** The signed-in agent's decision on an action set aside; it answers whether there was one. */
    async decide(id: string, decision: Decision): Promise<boolean> {
      const store = await openStore();
      const mutation = await store.get('outbox', id);
      if (!mutation?.held || !belongsTo(mutation, await currentSession())) return false;
      const tx = store.transaction('outbox', 'readwrite', { durability: 'strict' });
      const writes: Promise<unknown>[] = [tx.store.delete(id)];
      if (decision === 'resend') {
        // A new change, made now: the server applies it as one, whatever became of the old.
        const { held: _held, failures: _failures, ...rest } = mutation;
        const again: QueuedMutation = { ...rest, id: uuidv7(), queuedAt: Date.now(), ...(mutation.name === 'createCase' ? { replaces: mutation.replaces ?? mutation.id } : {}) };
        writes.push(tx.store.put(again));
      }
      await Promise.all([...writes, tx.done]);
      await report(false);
      void flush();
      return true;
    },

    /** Every queued action on this browser by agent (whoever is signed in), and the signed-in agent's set aside. */
    async summary() {
      const store = await openStore();
      const session = await currentSession();
      const all = await store.getAll('outbox');
      const byOwner = new Map<string, { owner: QueuedMutation['owner']; waiting: number; held: number; current: boolean }>();
      for (const mutation of all) {
        const current = belongsTo(mutation, session);
        const owner = mutation.owner ?? (session ? ownerOf(session) : undefined);
        const key = current ? 'current' : `${owner?.serverUrl} ${owner?.orgId} ${owner?.agentId}`;
        const entry = byOwner.get(key) ?? { owner, waiting: 0, held: 0, current };
        if (mutation.held) entry.held += 1;
        else entry.waiting += 1;
        byOwner.set(key, entry);
      }
      return {
        owners: [...byOwner.values()].filter((entry) => entry.owner).map((entry) => ({
          agentName: entry.owner!.agentName, agentEmail: entry.owner!.agentEmail, orgName: entry.owner!.orgName,
          serverUrl: entry.owner!.serverUrl, waiting: entry.waiting, held: entry.held, current: entry.current,
        })),
        held: all.filter((mutation) => mutation.held && belongsTo(mutation, session))
          .map((mutation) => ({ id: mutation.id, name: mutation.name, postKey: mutation.postKey ?? null, queuedAt: mutation.queuedAt, code: mutation.held!.code, message: mutation.held!.message })),
      };
    },

    /** Signing out with the agent's leave: their waiting actions go; other agents' stay. */
    async discardOwn(): Promise<void> {
      const store = await openStore();
      const own = await ownQueued(store, { held: true });
      const tx = store.transaction('outbox', 'readwrite', { durability: 'strict' });
      await Promise.all([...own.map((mutation) => tx.store.delete(mutation.id)), tx.done]);
    },
  };
}

export type Outbox = ReturnType<typeof createOutbox>;
