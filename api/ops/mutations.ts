import { createHash } from 'node:crypto';
import type { InStatement } from '@libsql/client';
import type { Database, Tx } from '../db/client.js';
import { ApiError } from '../http.js';

/** Key order must not change the hash: the same content sent twice is the same mutation. */
function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

export const hashArgs = (name: string, args: unknown) => createHash('sha256').update(name).update(stableJson(args)).digest('hex');

export interface MutationKey {
  orgId: string;
  agentId: string;
  id: string;
  name: string;
  argsHash: string;
}

/** The stored result of a mutation applied before, or undefined; the same id with other content is refused. */
export async function priorResult<T>(tx: Tx, key: MutationKey): Promise<T | undefined> {
  const row = await tx.$client.first({
    sql: 'SELECT name, args_hash, result FROM mutations WHERE org_id = ? AND id = ?',
    args: [key.orgId, key.id],
  });
  if (!row) return undefined;
  if (row[0] !== key.name || row[1] !== key.argsHash) {
    throw new ApiError(409, 'mutation_id_reused', `The id ${key.id} was already used for a different change`);
  }
  return JSON.parse(String(row[2])) as T;
}

export function resultStatement(key: MutationKey, result: unknown, now: Date): InStatement {
  return {
    sql: 'INSERT INTO mutations (org_id, id, agent_id, name, args_hash, result, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
    args: [key.orgId, key.id, key.agentId, key.name, key.argsHash, JSON.stringify(result), now.getTime()],
  };
}

/**
 * How long a mutation id is remembered. The protocol promises at least 24 h; a week also covers an
 * outbox left on a laptop shut over a long weekend.
 */
export const MUTATION_RETENTION_MS = 7 * 24 * 60 * 60 * 1000;
/** When the client made the action: the first 48 bits of its UUIDv7 id, in ms since 1970. */
export const mutationMadeAt = (id: string): number => Number.parseInt(id.replace(/-/g, '').slice(0, 12), 16);

/**
 * An action made longer ago than the server remembers ids may have been applied and forgotten:
 * applying it now could apply it twice, so the agent decides instead.
 */
export function refuseExpired(id: string, now: Date): void {
  const madeAt = mutationMadeAt(id);
  if (now.getTime() - madeAt <= MUTATION_RETENTION_MS) return;
  const days = Math.floor((now.getTime() - madeAt) / (24 * 60 * 60 * 1000));
  throw new ApiError(409, 'mutation_expired', `This change was made ${days} days ago, longer ago than the server remembers changes (7 days): send it again as a new change, or discard it`);
}

// Small write transactions: other writes wait behind each one, not behind the whole backlog.
const PRUNE_CHUNK = 2000;
const pruneChunk = 'DELETE FROM mutations WHERE rowid IN (SELECT rowid FROM mutations WHERE created_at < ? LIMIT ?)';

/** Forgets mutation ids older than the retention; answers how many it removed. */
export async function pruneMutations(db: Database, now: Date): Promise<number> {
  const before = now.getTime() - MUTATION_RETENTION_MS;
  let removed = 0;
  for (;;) {
    const deleted = await db.tx(async (tx) => (await tx.$client.execute({ sql: pruneChunk, args: [before, PRUNE_CHUNK] })).rowsAffected);
    removed += deleted;
    if (deleted < PRUNE_CHUNK) return removed;
  }
}
