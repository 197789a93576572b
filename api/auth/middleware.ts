import { and, eq, gt } from 'drizzle-orm';
import { createMiddleware } from 'hono/factory';
import { agents, tokens } from '../db/schema.js';
import { ApiError, type AppEnv } from '../http.js';
import { hashToken } from './tokens.js';

const bearer = /^Bearer ([A-Za-z0-9_\-]{20,200})$/;

export const requireAuth = createMiddleware<AppEnv>(async (c, next) => {
  const match = bearer.exec(c.req.header('authorization') ?? '');
  if (!match?.[1]) throw new ApiError(401, 'unauthorized', 'Sign in first: send Authorization: Bearer <token>');
  const [row] = await c.var.db.read
    .select({ tokenId: tokens.id, agentId: tokens.agentId, orgId: tokens.orgId, role: agents.role })
    .from(tokens)
    .innerJoin(agents, eq(agents.id, tokens.agentId))
    .where(and(eq(tokens.tokenHash, hashToken(match[1])), gt(tokens.expiresAt, new Date()), eq(agents.disabled, false)))
    .limit(1);
  if (!row) throw new ApiError(401, 'unauthorized', 'Your session has ended: sign in again');
  c.set('auth', row);
  await next();
});

export const requireAdmin = createMiddleware<AppEnv>(async (c, next) => {
  if (c.var.auth.role !== 'admin') throw new ApiError(403, 'forbidden', 'Only admins can do this');
  await next();
});
