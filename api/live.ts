/**
 * Live events for `GET /events`: one poller per API process reads the change log and the
 * presence table a few times a second and tells the connected agents of each organisation. It
 * reads the database, not this process's memory, so an agent connected to any process hears
 * about a change made through any other.
 */
import type { Database } from './db/client.js';

export type LiveEvent =
  | { event: 'change'; data: { cursor: string } }
  /** Not sent on the wire: the subscriber's token was revoked or expired, or its agent disabled. */
  | { event: 'revoked' }
  | { event: 'presence'; data: { agentId: string; agentName: string; platform: string; externalId: string; activity: string; expiresAt: string } };

type Send = (event: LiveEvent) => void;

const changesAfter = 'SELECT org_id, MAX(seq) FROM changes WHERE seq > ? GROUP BY org_id';
const lastSeq = 'SELECT COALESCE(MAX(seq), 0) FROM changes';
// Presence written in the last seconds; what was already told is skipped by its update time.
const recentPresence = `SELECT p.org_id, p.agent_id, a.name, p.platform, p.external_id, p.activity, p.expires_at, p.updated_at
  FROM presence p JOIN agents a ON a.id = p.agent_id WHERE p.updated_at > ? ORDER BY p.updated_at`;
const PRESENCE_LOOKBACK_MS = 2_000;
// Every stream's token is checked this often, so a revoked one ends within the promised 5 s.
const TOKEN_CHECK_MS = 1_000;
// One statement for every stream of the process, however many: the ids go in as one JSON array.
const validTokens = `SELECT t.id FROM tokens t JOIN agents a ON a.id = t.agent_id
  WHERE t.id IN (SELECT value FROM json_each(?)) AND t.expires_at > ? AND a.disabled = 0`;

export interface LiveHub {
  /**
   * Tells `send` every change (from now on) and presence of the organisation until the returned
   * function is called (once or more).
   */
  subscribe(orgId: string, send: Send, tokenId?: string): Promise<() => void>;
  /** The organisation's latest cursor. */
  cursor(orgId: string): Promise<string>;
}

export function createLiveHub(db: Database, intervalMs = 250): LiveHub {
  const listeners = new Map<string, Set<Send>>();
  let timer: NodeJS.Timeout | undefined;
  let seenSeq: number | undefined;
  const told = new Map<string, number>(); // presence key → the update time last told
  const tokenOf = new Map<Send, string>();
  let tokensCheckedAt = 0;

  const tell = (orgId: string, event: LiveEvent) => {
    for (const send of listeners.get(orgId) ?? []) send(event);
  };

  async function poll(): Promise<void> {
    seenSeq ??= Number((await db.client.first({ sql: lastSeq }))?.[0] ?? 0);
    for (const row of (await db.client.execute({ sql: changesAfter, args: [seenSeq] })).rows) {
      const seq = Number(row[1]);
      seenSeq = Math.max(seenSeq, seq);
      tell(String(row[0]), { event: 'change', data: { cursor: String(seq) } });
    }
    const now = Date.now();
    for (const row of (await db.client.execute({ sql: recentPresence, args: [now - PRESENCE_LOOKBACK_MS] })).rows) {
      const key = `${row[0]}:${row[1]}:${row[3]}:${row[4]}`;
      const updatedAt = Number(row[7]);
      if (told.get(key) === updatedAt) continue;
      told.set(key, updatedAt);
      tell(String(row[0]), {
        event: 'presence',
        data: {
          agentId: String(row[1]), agentName: String(row[2]), platform: String(row[3]), externalId: String(row[4]),
          activity: String(row[5]), expiresAt: new Date(Number(row[6])).toISOString(),
        },
      });
    }
    for (const [key, at] of told) if (at < now - PRESENCE_LOOKBACK_MS * 2) told.delete(key);
    if (now - tokensCheckedAt >= TOKEN_CHECK_MS) await endRevoked(now);
  }

  /** Ends the streams whose token no longer signs anyone in: revoked, expired, or its agent disabled. */
  async function endRevoked(now: number): Promise<void> {
    tokensCheckedAt = now;
    // Only the streams there when the query runs: one that subscribes meanwhile is not in its answer.
    const checked = [...tokenOf];
    if (checked.length === 0) return;
    const ids = [...new Set(checked.map(([, tokenId]) => tokenId))];
    const rows = (await db.client.execute({ sql: validTokens, args: [JSON.stringify(ids), now] })).rows;
    const valid = new Set(rows.map((row) => String(row[0])));
    for (const [send, tokenId] of checked) {
      if (valid.has(tokenId) || !tokenOf.has(send)) continue;
      tokenOf.delete(send);
      send({ event: 'revoked' });
    }
  }

  // One chain of polls at a time, running while anyone listens.
  const loop = () => {
    if (timer || listeners.size === 0) return;
    timer = setTimeout(() => {
      poll().catch((error: unknown) => console.error('live events poll failed', error)).finally(() => {
        timer = undefined;
        if (listeners.size === 0) seenSeq = undefined;
        else loop();
      });
    }, intervalMs);
  };

  return {
    async subscribe(orgId, send, tokenId) {
      // From now on: a change made before the first poll still gets announced.
      seenSeq ??= Number((await db.client.first({ sql: lastSeq }))?.[0] ?? 0);
      let set = listeners.get(orgId);
      if (!set) listeners.set(orgId, (set = new Set()));
      set.add(send);
      if (tokenId) tokenOf.set(send, tokenId);
      loop();
      return () => {
        set.delete(send);
        tokenOf.delete(send);
        // Only this organisation's current set: a stream that leaves late must not take newer listeners with it.
        if (set.size === 0 && listeners.get(orgId) === set) listeners.delete(orgId);
      };
    },
    async cursor(orgId) {
      const row = await db.client.first({ sql: 'SELECT COALESCE(MAX(seq), 0) FROM changes WHERE org_id = ?', args: [orgId] });
      return String(row?.[0] ?? 0);
    },
  };
}
