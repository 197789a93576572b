import type { Database } from '../db/client.js';

// Small write transactions: other writes wait behind each one, not behind the whole backlog.
const PRUNE_CHUNK = 2000;
const pruneChunk = 'DELETE FROM tokens WHERE rowid IN (SELECT rowid FROM tokens WHERE expires_at <= ? LIMIT ?)';

/** Deletes sign-ins that have expired (they already sign nobody in); answers how many. */
export async function pruneExpiredTokens(db: Database, now: Date): Promise<number> {
  let removed = 0;
  for (;;) {
    const deleted = await db.tx(async (tx) => (await tx.$client.execute({ sql: pruneChunk, args: [now.getTime(), PRUNE_CHUNK] })).rowsAffected);
    removed += deleted;
    if (deleted < PRUNE_CHUNK) return removed;
  }
}
