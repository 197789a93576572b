import { createHash } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import type { Tx } from '../db/client.js';
import { mutations } from '../db/schema.js';
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
  const [row] = await tx
    .select()
    .from(mutations)
    .where(and(eq(mutations.orgId, key.orgId), eq(mutations.id, key.id)))
    .limit(1);
  if (!row) return undefined;
  if (row.name !== key.name || row.argsHash !== key.argsHash) {
    throw new ApiError(409, 'mutation_id_reused', `The id ${key.id} was already used for a different change`);
  }
  return row.result as T;
}

export async function saveResult(tx: Tx, key: MutationKey, result: unknown, now: Date): Promise<void> {
  await tx.insert(mutations).values({ ...key, result, createdAt: now });
}
