import { createMiddleware } from 'hono/factory';
import { ApiError, type AppEnv, type Auth } from '../http.js';
import { hashToken } from './tokens.js';

const bearer = /^Bearer ([A-Za-z0-9_\-]{20,200})$/;

// Runs on every signed-in request: one indexed statement, kept as plain SQL.
const tokenQuery = `
  SELECT t.id AS tokenId, t.agent_id AS agentId, t.org_id AS orgId, a.role AS role
  FROM tokens t JOIN agents a ON a.id = t.agent_id
  WHERE t.token_hash = ? AND t.expires_at > ? AND a.disabled = 0
  LIMIT 1`;

export const requireAuth = createMiddleware<AppEnv>(async (c, next) => {
  const match = bearer.exec(c.req.header('authorization') ?? '');
  if (!match?.[1]) throw new ApiError(401, 'unauthorized', 'Sign in first: send Authorization: Bearer <token>');
  const row = await c.var.db.client.first({ sql: tokenQuery, args: [hashToken(match[1]), Date.now()] });
  if (!row) throw new ApiError(401, 'unauthorized', 'Your session has ended: sign in again');
  c.set('auth', { tokenId: String(row[0]), agentId: String(row[1]), orgId: String(row[2]), role: row[3] as Auth['role'] });
  await next();
});

export const requireAdmin = createMiddleware<AppEnv>(async (c, next) => {
  if (c.var.auth.role !== 'admin') throw new ApiError(403, 'forbidden', 'Only admins can do this');
  await next();
});
