/**
 * The background's IndexedDB (extension origin: no site can read it). It holds the session with
 * the API token, and the cached customers, cases and templates that bars render from first.
 */
import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import type { AgentT, CaseT, TemplateT } from '../../api/contract.js';
import type { CustomerCard } from '../protocol.js';

/** Who made a queued action: only that agent's session, on that server, ever sends it. */
export interface MutationOwner {
  serverUrl: string;
  orgId: string;
  orgName: string;
  agentId: string;
  agentName: string;
  agentEmail: string;
}

/** An agent action waiting to be pushed (`POST /sync/push`), in the order it was made. */
export interface QueuedMutation {
  id: string;
  name: string;
  args: unknown;
  /** The post (`platform:externalId`) whose bar shows the action's fate. */
  postKey?: string;
  queuedAt: number;
  /** Absent on actions queued before owners were kept: they belong to whoever is signed in. */
  owner?: MutationOwner;
  /**
   * Set aside for the agent to decide (send again as a new change, or discard): the server no
   * longer remembers changes that old (`mutation_expired`), or kept failing on it (`internal`).
   */
  held?: { code: string; message: string; at: number };
  /** Unexpected server errors on it so far; it is set aside after a few. */
  failures?: number;
  /** A createCase sent again under a new id answers for the id its follow-up actions name. */
  replaces?: string;
}

export const ownerOf = (session: StoredSession): MutationOwner => ({
  serverUrl: session.serverUrl, orgId: session.org.id, orgName: session.org.name,
  agentId: session.agent.id, agentName: session.agent.name, agentEmail: session.agent.email,
});

/** Whether the session may see and send this queued action. */
export const belongsTo = (mutation: QueuedMutation, session: StoredSession | undefined): boolean => Boolean(session) && (!mutation.owner
  || (mutation.owner.agentId === session!.agent.id && mutation.owner.orgId === session!.org.id && mutation.owner.serverUrl === session!.serverUrl));

/** The signed-in agent's queued actions, in order; `held` ones only when asked for. */
export async function ownQueued(store: Store, options: { held?: boolean } = {}): Promise<QueuedMutation[]> {
  const session = await store.get('session', 'current');
  return (await store.getAll('outbox')).filter((mutation) => belongsTo(mutation, session) && (options.held || !mutation.held));
}

export interface CachedCustomer {
  key: string;
  card: CustomerCard | null;
  customerId?: string;
  fetchedAt: number;
}

/** A card as the cache keeps it, under one of the customer's handles. */
export const cachedCard = (key: string, card: CustomerCard | null, fetchedAt: number): CachedCustomer =>
  ({ key, card, fetchedAt, ...(card ? { customerId: card.customer.id } : {}) });

export interface StoredSession {
  serverUrl: string;
  token: string;
  agent: { id: string; name: string; email: string; role: AgentT['role'] };
  org: { id: string; name: string };
  expired: boolean;
}

/** A template as cached: one cached before templates had example posts has none (no `examples`). */
export type StoredTemplate = Omit<TemplateT, 'examples'> & { examples?: TemplateT['examples'] };

interface ParleyDB extends DBSchema {
  session: { key: 'current'; value: StoredSession };
  /**
   * `${platform}:${normalized handle}` → the customer's card, or null when the server knows no such
   * handle; `customerId` (absent with no card) finds every card of a customer that changed.
   */
  customers: { key: string; value: CachedCustomer; indexes: { byCustomer: string } };
  /** `${platform}:${externalId}` → the id of the post's case, or null when it is in none. */
  postCases: { key: string; value: { key: string; caseId: string | null; fetchedAt: number }; indexes: { byCase: string } };
  cases: { key: string; value: CaseT };
  templates: { key: string; value: StoredTemplate };
  agents: { key: string; value: AgentT };
  /** Post id → where the post is, so a case's link to it (a timeline event) finds its bar. */
  posts: { key: string; value: { id: string; platform: string; externalId: string } };
  /** The sync cursor and other small facts, by name. */
  meta: { key: string; value: unknown };
  /** Actions not yet applied by the server; UUIDv7 ids keep them in the order they were made. */
  outbox: { key: string; value: QueuedMutation };
}

export type Store = IDBPDatabase<ParleyDB>;

let opened: Promise<Store> | undefined;

export function openStore(): Promise<Store> {
  opened ??= openDB<ParleyDB>('parley', 5, {
    upgrade(db, oldVersion, _newVersion, transaction) {
      if (oldVersion < 1) {
        db.createObjectStore('session');
        db.createObjectStore('customers', { keyPath: 'key' });
        db.createObjectStore('postCases', { keyPath: 'key' });
        db.createObjectStore('cases', { keyPath: 'id' });
        db.createObjectStore('templates', { keyPath: 'id' });
        db.createObjectStore('agents', { keyPath: 'id' });
      }
      if (oldVersion < 2) {
        db.createObjectStore('posts', { keyPath: 'id' });
        db.createObjectStore('meta');
      }
      if (oldVersion < 3) db.createObjectStore('outbox', { keyPath: 'id' });
      // A pulled case change finds the posts it shows on without reading every link.
      if (oldVersion < 4) transaction.objectStore('postCases').createIndex('byCase', 'caseId');
      // A changed customer finds its cards without reading them all; older cards are simply asked for again.
      if (oldVersion < 5) {
        transaction.objectStore('customers').clear();
        transaction.objectStore('customers').createIndex('byCustomer', 'customerId');
      }
    },
  });
  return opened;
}

/**
 * Signing out or in as someone else: nothing of the previous organisation stays. The outbox does:
 * each action is kept for the agent who made it (and only their session sends it), with the real
 * ids of the cases their queued actions opened.
 */
export async function clearCache(store: Store): Promise<void> {
  const tx = store.transaction(['customers', 'postCases', 'cases', 'templates', 'agents', 'posts', 'meta'], 'readwrite', { durability: 'strict' });
  const meta = tx.objectStore('meta');
  const forget = (await meta.getAllKeys()).filter((key) => !String(key).startsWith('created:'));
  await Promise.all([
    tx.objectStore('posts').clear(), ...forget.map((key) => meta.delete(key)),
    tx.objectStore('customers').clear(), tx.objectStore('postCases').clear(), tx.objectStore('cases').clear(),
    tx.objectStore('templates').clear(), tx.objectStore('agents').clear(), tx.done,
  ]);
}

export const postKey = (platform: string, externalId: string) => `${platform}:${externalId}`;
/** Where a post recorded as the team's reply on a case (a brand account's answer) is remembered, in `meta`. */
export const answerKey = (key: string) => `answer:${key}`;
export const customerKey = (platform: string, normalizedHandle: string) => `${platform}:${normalizedHandle}`;

/**
 * The cached cards of these customers, and of these handles (`platform:handle`): their keys, and
 * with `drop` they leave the cache, so the next look asks the server.
 */
export async function customerCards(store: Store, customerIds: Set<string>, keys: Set<string>, drop: boolean): Promise<string[]> {
  if (customerIds.size === 0 && keys.size === 0) return [];
  const found = new Set(keys);
  const index = store.transaction('customers').store.index('byCustomer');
  for (const id of customerIds) for (const key of await index.getAllKeys(id)) found.add(key);
  if (drop) {
    const tx = store.transaction('customers', 'readwrite');
    await Promise.all([...[...found].map((key) => tx.store.delete(key)), tx.done]);
  }
  return [...found];
}
