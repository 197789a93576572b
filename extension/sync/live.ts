/**
 * Keeps the cache in step with the team: an event stream (`GET /events`) says when the change log
 * moved, the background pulls from its cursor into IndexedDB and tells the tabs which posts
 * changed; presence is passed on as it comes. Runs while a social tab is open; reconnects with
 * backoff; a restarted service worker carries on from the cursor it stored.
 */
import { createParser } from 'eventsource-parser';
import { PresenceEventData, SyncPullResponse } from '../../api/contract.js';
import type { z } from 'zod';
import { normalizeHandle } from '../../api/domain/handles.js';
import { customerCards, customerKey, openStore, postKey, type Store, type StoredSession } from '../store/db.js';
import { callApi } from '../background/api.js';
import { insecureServerMessage, isSafeServerUrl } from '../serverUrl.js';
import { cursorKey, loadWorkingSet } from './snapshot.js';
import { currentSession } from '../background/session.js';
import { assignmentsTo } from '../background/notify.js';

export type Presence = z.infer<typeof PresenceEventData>;

interface Listeners {
  /** Posts (`platform:externalId`) whose case changed in the cache. */
  postsChanged(keys: string[]): void;
  /** Customers (`platform:handle`) whose cards changed on the server. */
  customersChanged(keys: string[]): void;
  presence(presence: Presence): void;
  /** Cases someone else gave to the signed-in agent. */
  assigned(caseIds: string[]): void;
  /** A pull finished: the cache holds the team's latest. */
  pulled(): void;
}

const MAX_BACKOFF_MS = 30_000;

/**
 * Applies a page of changes to the cache; answers the posts whose case it changed, with `*` when
 * a case was linked to a post this cache never saw (the tabs then ask the server about theirs),
 * and the customers (`platform:handle`) whose cards changed.
 */
async function applyChanges(store: Store, changes: z.infer<typeof SyncPullResponse>['changes']): Promise<{ posts: string[]; customers: string[] }> {
  const touched = new Set<string>();
  const customerIds = new Set<string>();
  const customerKeys = new Set<string>();
  const tx = store.transaction(['cases', 'posts', 'postCases', 'customers'], 'readwrite');
  const posts = tx.objectStore('posts');
  for (const change of changes) {
    const data = change.data as Record<string, unknown> | null;
    if (change.entity === 'post' && data) {
      await posts.put({ id: change.id, platform: String(data.platform), externalId: String(data.externalId) });
    } else if (change.entity === 'case') {
      const cases = tx.objectStore('cases');
      const cached = await cases.get(change.id);
      // A push's answer may have brought a later version than this page of the log.
      if (data && (!cached || cached.version <= Number(data.version))) await cases.put(data as never);
      else if (!data) await cases.delete(change.id);
      // A case changed: every post known to be in it shows the change.
      for (const link of await tx.objectStore('postCases').index('byCase').getAll(change.id)) touched.add(link.key);
    } else if (change.entity === 'event' && data && (data.type === 'created' || data.type === 'post_linked')) {
      const postId = (data.data as { postId?: string } | undefined)?.postId;
      const post = postId ? await posts.get(postId) : undefined;
      if (post) {
        const key = postKey(post.platform, post.externalId);
        await tx.objectStore('postCases').put({ key, caseId: String(data.caseId), fetchedAt: Date.now() });
        touched.add(key);
      } else {
        touched.add('*');
      }
    } else if (change.entity === 'customer') {
      customerIds.add(change.id);
    } else if (change.entity === 'identity' && data) {
      const platform = data.platform as 'x' | 'facebook';
      customerKeys.add(customerKey(platform, normalizeHandle(platform, String(data.handle))));
      customerIds.add(String(data.customerId));
    }
  }
  await tx.done;
  // A changed customer's cards are rebuilt from the server the next time a bar asks.
  const customers = await customerCards(store, customerIds, customerKeys, true);
  return { posts: [...touched], customers };
}

export function createLiveLink(listeners: Listeners) {
  let abort: AbortController | undefined;
  let backoff = 1000;
  let pulling: Promise<void> | undefined;
  let pullAgain = false;

  async function pull(session: StoredSession): Promise<void> {
    const store = await openStore();
    const stored = (await store.get('meta', cursorKey(session))) as string | undefined;
    // No cursor: the cache was just cleared; the next connection starts from a working set, never from the log's beginning.
    if (stored === undefined) return;
    let cursor = stored;
    const touched = new Set<string>();
    const customers = new Set<string>();
    const assigned = new Set<string>();
    for (let more = true; more;) {
      const query = new URLSearchParams({ limit: '500', cursor });
      const page = await callApi({ serverUrl: session.serverUrl, token: session.token }, 'GET', `/sync/pull?${query}`, SyncPullResponse);
      const applied = await applyChanges(store, page.changes);
      for (const caseId of assignmentsTo(session.agent.id, page.changes)) assigned.add(caseId);
      for (const key of applied.posts) touched.add(key);
      for (const key of applied.customers) customers.add(key);
      cursor = page.cursor;
      await store.put('meta', cursor, cursorKey(session));
      more = page.hasMore;
    }
    if (touched.size > 0) listeners.postsChanged([...touched]);
    if (customers.size > 0) listeners.customersChanged([...customers]);
    if (assigned.size > 0) listeners.assigned([...assigned]);
    listeners.pulled();
  }

  /** With no cursor yet, the cache is filled from the working set; failing that, it starts from `now`. */
  async function start(session: StoredSession, now: string): Promise<void> {
    const store = await openStore();
    if ((await store.get('meta', cursorKey(session))) !== undefined) return;
    try {
      const loaded = await loadWorkingSet(store, session);
      if (loaded.posts.length > 0) listeners.postsChanged(loaded.posts);
      if (loaded.customers.length > 0) listeners.customersChanged(loaded.customers);
    } catch (error) {
      console.warn('Parley: the working set could not be loaded', error);
      // The bars ask the server for what is on screen; the pull carries on from here.
      await store.put('meta', now, cursorKey(session));
    }
  }

  /** One pull at a time; a change announced during a pull makes one more. */
  function schedulePull(session: StoredSession): void {
    if (pulling) {
      pullAgain = true;
      return;
    }
    pulling = pull(session)
      .catch((error: unknown) => console.warn('Parley: pull failed', error))
      .finally(() => {
        pulling = undefined;
        if (pullAgain) {
          pullAgain = false;
          schedulePull(session);
        }
      });
  }

  async function connect(signal: AbortSignal): Promise<void> {
    const session = await currentSession();
    if (!session || session.expired) return;
    if (!isSafeServerUrl(session.serverUrl)) throw new Error(insecureServerMessage(session.serverUrl)); // never a token in clear text
    const response = await fetch(new URL('/events', session.serverUrl), { headers: { authorization: `Bearer ${session.token}` }, signal });
    if (!response.ok || !response.body) throw new Error(`events answered ${response.status}`);
    backoff = 1000;
    let first = true;
    let started = Promise.resolve();
    const parser = createParser({
      onEvent(event) {
        if (event.event === 'change') {
          const cursor = (JSON.parse(event.data) as { cursor?: string }).cursor;
          // A first connection loads the working set; every pull waits for it, and goes from its cursor.
          if (first && cursor) started = start(session, cursor);
          first = false;
          void started.then(() => schedulePull(session));
        } else if (event.event === 'presence') {
          const presence = PresenceEventData.safeParse(JSON.parse(event.data));
          if (presence.success && presence.data.agentId !== session.agent.id) listeners.presence(presence.data);
        }
      },
    });
    const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      parser.feed(value);
    }
  }

  function run(): void {
    const controller = new AbortController();
    abort = controller;
    void connect(controller.signal)
      .catch(() => undefined)
      .finally(() => {
        if (controller.signal.aborted || abort !== controller) return;
        // The stream ended or failed: try again, waiting longer each time.
        setTimeout(() => { if (abort === controller) run(); }, backoff);
        backoff = Math.min(backoff * 2, MAX_BACKOFF_MS);
      });
  }

  return {
    /** Pulls once, with or without a stream (the background woke for its minute's check). */
    async refresh() {
      const session = await currentSession();
      if (session && !session.expired) schedulePull(session);
    },
    /** Connects when not connected (a tab opened, or the session changed). */
    start() {
      if (!abort) run();
    },
    restart() {
      abort?.abort();
      abort = undefined;
      backoff = 1000;
      run();
    },
    stop() {
      abort?.abort();
      abort = undefined;
    },
  };
}
