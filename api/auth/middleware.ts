import { createMiddleware } from 'hono/factory';
import type { Database } from '../db/client.js';
import { ApiError, type AppEnv, type Auth } from '../http.js';
import { hashToken } from './tokens.js';

const bearer = /^Bearer ([A-Za-z0-9_\-]{20,200})$/;

const tokenQuery = `
  SELECT t.id AS tokenId, t.agent_id AS agentId, t.org_id AS orgId, a.role AS role, t.expires_at AS expiresAt
  FROM tokens t JOIN agents a ON a.id = t.agent_id
  WHERE t.token_hash = ? AND t.expires_at > ? AND a.disabled = 0
  LIMIT 1`;
// Moved by every revocation, on any process (triggers of the auth_generation migration).
const generationQuery = 'SELECT value FROM auth_generation WHERE id = 1';

/** A sign-in checked against the tokens table, kept while the generation it was read under stands. */
interface KeptSession {
  auth: Readonly<Auth>;
  expiresAt: number;
  generation: number;
}

const MAX_KEPT = 10_000;
// Per database: tests run several apps, each on its own file, in one process. Keyed by the token's hash, never the token.
const keptSessions = new WeakMap<Database, Map<string, KeptSession>>();

function keptOf(db: Database): Map<string, KeptSession> {
  let kept = keptSessions.get(db);
  if (!kept) keptSessions.set(db, (kept = new Map()));
  return kept;
}

/**
 * Every signed-in request reads one row: the generation. While it stands, nothing has revoked,
 * disabled or changed a sign-in since it was checked, so the kept one answers; any move, from any
 * process, sends the next request back to the tokens table.
 */
export const requireAuth = createMiddleware<AppEnv>(async (c, next) => {
  const match = bearer.exec(c.req.header('authorization') ?? '');
  if (!match?.[1]) throw new ApiError(401, 'unauthorized', 'Sign in first: send Authorization: Bearer <token>');
  const db = c.get('db');
  // Read before the token: a revocation committed in between leaves what is kept under an older generation.
  const generationRow = await db.client.first({ sql: generationQuery });
  const generation = generationRow ? Number(generationRow[0]) : undefined;
  const hash = hashToken(match[1]);
  const now = Date.now();
  const kept = keptOf(db);
  let session = kept.get(hash);
  if (!session || session.generation !== generation || session.expiresAt <= now) {
    const row = await db.client.first({ sql: tokenQuery, args: [hash, now] });
    if (!row) {
      kept.delete(hash);
      throw new ApiError(401, 'unauthorized', 'Your session has ended: sign in again');
    }
    session = {
      auth: Object.freeze({ tokenId: String(row[0]), agentId: String(row[1]), orgId: String(row[2]), role: row[3] as Auth['role'] }),
      expiresAt: Number(row[4]),
      generation: generation ?? Number.NaN, // no generation row: never kept (NaN equals nothing)
    };
    if (kept.size >= MAX_KEPT) kept.clear();
    kept.set(hash, session);
  }
  c.set('auth', session.auth);
  await next();
});

export const requireAdmin = createMiddleware<AppEnv>(async (c, next) => {
  if (c.get('auth').role !== 'admin') throw new ApiError(403, 'forbidden', 'Only admins can do this');
  await next();
});
