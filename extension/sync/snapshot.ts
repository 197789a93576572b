/**
 * A fresh install (or a new sign-in) loads the team's working set in one request: open cases with
 * their posts and customers, templates and agents; then pulls from the cursor it came with.
 */
import { SyncSnapshotResponse } from '../../api/contract.js';
import { normalizeHandle } from '../../api/domain/handles.js';
import { cachedCard, customerKey, postKey, type Store, type StoredSession } from '../store/db.js';
import { callApi } from '../background/api.js';

export const cursorKey = (session: StoredSession) => `cursor:${session.org.id}`;
export const TRUNCATED_KEY = 'snapshot:truncated';

/** Loads the working set into the cache; answers the posts and customers it brought. */
export async function loadWorkingSet(store: Store, session: StoredSession): Promise<{ posts: string[]; customers: string[] }> {
  const snapshot = await callApi({ serverUrl: session.serverUrl, token: session.token }, 'GET', '/sync/snapshot', SyncSnapshotResponse);
  const now = Date.now();
  const posts = snapshot.links.map((link) => postKey(link.platform, link.externalId));
  const customers: string[] = [];
  const tx = store.transaction(['cases', 'postCases', 'customers', 'templates', 'agents', 'meta'], 'readwrite', { durability: 'strict' });
  const writes: Promise<unknown>[] = [
    ...snapshot.cases.map((kase) => tx.objectStore('cases').put(kase)),
    ...snapshot.links.map((link, i) => tx.objectStore('postCases').put({ key: posts[i]!, caseId: link.caseId, fetchedAt: now })),
    tx.objectStore('templates').clear(), ...snapshot.templates.map((template) => tx.objectStore('templates').put(template)),
    tx.objectStore('agents').clear(), ...snapshot.agents.map((agent) => tx.objectStore('agents').put(agent)),
  ];
  for (const card of snapshot.customers) {
    for (const identity of card.identities) {
      const key = customerKey(identity.platform, normalizeHandle(identity.platform, identity.handle));
      customers.push(key);
      writes.push(tx.objectStore('customers').put(cachedCard(key, card, now)));
    }
  }
  // More open cases than a snapshot holds: the queue says its counts leave the oldest out.
  writes.push(tx.objectStore('meta').put(snapshot.truncated, TRUNCATED_KEY));
  // The cursor last, in the same transaction: a snapshot is kept whole or not at all.
  writes.push(tx.objectStore('meta').put(snapshot.cursor, cursorKey(session)));
  await Promise.all([...writes, tx.done]);
  return { posts, customers };
}
