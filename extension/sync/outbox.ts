/**
 * The outbox: agent actions written durably to IndexedDB as mutations (`{id, name, args}`, the id a
 * UUIDv7) before they are sent, and pushed in order with `POST /sync/push`, which applies each
 * once however often it arrives. With the server unreachable they wait, and go when it is back.
 */
import type { z } from 'zod';
import { SyncPushResponse, type MutationT } from '../../api/contract.js';
import { v7 as uuidv7 } from 'uuid';
import { openStore, type QueuedMutation, type Store, type StoredSession } from '../store/db.js';
import { ApiFailure, callApi } from '../background/api.js';
import { currentSession } from '../background/session.js';

export type MutationResult = { ok: true; result: Record<string, unknown> } | { ok: false; error: { code: string; message: string } };

interface Listeners {
  /** How many actions wait, and whether the server could not be reached the last time. */
  waiting(count: number, offline: boolean): void;
  /** An action is queued: the bars show it at once. */
  queued(mutation: QueuedMutation): void;
  /** A queued action was applied (or refused) by the server. */
  settled(mutation: QueuedMutation, outcome: MutationResult): void;
}

const BATCH = 100;
/** Answers that refuse a push for what it holds, not for who sent it or when. */
const refusedWhole = new Set([400, 413, 415, 422]);
type PushResult = z.infer<typeof SyncPushResponse>['results'][number];
const RETRY_MS = [1000, 2000, 5000, 10_000, 30_000];

/**
 * A case opened here is known by the id of the action that opens it until the server answers;
 * actions on it wait for that answer, then go with the case's real id (written back durably
 * first, so a retried push sends the very same action).
 */
async function ready(store: Store, queued: QueuedMutation[]): Promise<QueuedMutation[]> {
  const opening = new Set(queued.filter((mutation) => mutation.name === 'createCase').map((mutation) => mutation.id));
  const created = new Map<string, unknown>();
  const range = IDBKeyRange.bound('created:', 'created:\uffff');
  const [keys, values] = await Promise.all([store.getAllKeys('meta', range), store.getAll('meta', range)]);
  keys.forEach((key, i) => created.set(String(key).slice('created:'.length), values[i]));
  const batch: QueuedMutation[] = [];
  const rewritten: QueuedMutation[] = [];
  for (const mutation of queued) {
    const args = mutation.args as { caseId?: unknown };
    const caseId = typeof args.caseId === 'string' ? args.caseId : undefined;
    if (caseId && opening.has(caseId)) break;
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

  async function count(): Promise<number> {
    return (await openStore()).count('outbox');
  }

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

  async function pushAll(session: StoredSession): Promise<void> {
    const store = await openStore();
    for (;;) {
      const queued = await ready(store, await store.getAll('outbox', undefined, BATCH));
      if (queued.length === 0) return;
      const results = await pushBatch(session, queued);
      // Settled actions leave the outbox together with what cases they opened, or none is kept.
      const tx = store.transaction(['outbox', 'meta'], 'readwrite', { durability: 'strict' });
      await Promise.all([
        ...results.map((result) => tx.objectStore('outbox').delete(result.id)),
        ...results.flatMap((result) => {
          const created = result.ok && queued.find((item) => item.id === result.id)?.name === 'createCase' && (result.result.case as { id?: unknown } | undefined)?.id;
          return typeof created === 'string' ? [tx.objectStore('meta').put(created, `created:${result.id}`)] : [];
        }),
        tx.done,
      ]);
      for (const result of results) {
        const mutation = queued.find((item) => item.id === result.id);
        if (!mutation) continue;
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
      await pushAll(session);
      retries = 0;
      listeners.waiting(await count(), false);
    } catch (error) {
      const offline = error instanceof ApiFailure && (error.status === 0 || error.status >= 500);
      listeners.waiting(await count(), offline);
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
      const mutation: QueuedMutation = { id: uuidv7(), name, args, postKey, queuedAt: Date.now() };
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
  };
}

export type Outbox = ReturnType<typeof createOutbox>;
