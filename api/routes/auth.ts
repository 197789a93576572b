import { and, eq } from 'drizzle-orm';
import { LoginBody, LoginResponse, MeResponse } from '../contract.js';
import { requireAuth } from '../auth/middleware.js';
import { verifyPassword } from '../auth/passwords.js';
import { newToken } from '../auth/tokens.js';
import { assertNotThrottled, clearFailures, clientAddress, recordFailure, throttleKeys } from '../auth/throttle.js';
import { newId } from '../db/ids.js';
import { agents, orgs, tokens } from '../db/schema.js';
import { toAgent, toOrg } from '../db/wire.js';
import { ApiError, createRoute, errors, json, jsonBody, router } from '../http.js';

const login = createRoute({
  method: 'post',
  path: '/auth/login',
  tags: ['Auth'],
  summary: 'Sign in with email and password; returns a bearer token',
  request: jsonBody(LoginBody),
  responses: { 200: json(LoginResponse, 'Signed in'), ...errors(400, 401, 429) },
});

const logout = createRoute({
  method: 'post',
  path: '/auth/logout',
  tags: ['Auth'],
  summary: 'Revoke the token used for this request',
  security: [{ bearer: [] }],
  middleware: [requireAuth] as const,
  responses: { 204: { description: 'Signed out' }, ...errors(401) },
});

const me = createRoute({
  method: 'get',
  path: '/me',
  tags: ['Auth'],
  summary: 'The signed-in agent and their organisation',
  security: [{ bearer: [] }],
  middleware: [requireAuth] as const,
  responses: { 200: json(MeResponse, 'The signed-in agent'), ...errors(401) },
});

export const authRoutes = router()
  .openapi(login, async (c) => {
    const { email, password } = c.req.valid('json');
    const { db, config } = c.var;
    const now = new Date();
    const keys = throttleKeys(email, clientAddress(c));
    await assertNotThrottled(db, keys, now);
    const [row] = await db.read
      .select({ agent: agents, org: orgs })
      .from(agents)
      .innerJoin(orgs, eq(orgs.id, agents.orgId))
      .where(eq(agents.email, email))
      .limit(1);
    const valid = await verifyPassword(row?.agent.passwordHash, password);
    if (!row || !valid || row.agent.disabled) {
      await db.tx((tx) => recordFailure(tx, keys, now));
      throw new ApiError(401, 'invalid_credentials', 'Wrong email or password');
    }
    const { token, hash } = newToken();
    const expiresAt = new Date(now.getTime() + config.TOKEN_TTL_DAYS * 86_400_000);
    await db.tx(async (tx) => {
      await tx.insert(tokens).values({ id: newId(), tokenHash: hash, agentId: row.agent.id, orgId: row.org.id, createdAt: now, expiresAt });
      await clearFailures(tx, keys[0]);
    });
    return c.json({ token, agent: toAgent(row.agent), org: toOrg(row.org), expiresAt: expiresAt.toISOString() }, 200);
  })
  .openapi(logout, async (c) => {
    const { db, auth } = c.var;
    await db.tx((tx) => tx.delete(tokens).where(and(eq(tokens.id, auth.tokenId), eq(tokens.agentId, auth.agentId))));
    return c.body(null, 204);
  })
  .openapi(me, async (c) => {
    const { db, auth } = c.var;
    const [row] = await db.read
      .select({ agent: agents, org: orgs })
      .from(agents)
      .innerJoin(orgs, eq(orgs.id, agents.orgId))
      .where(eq(agents.id, auth.agentId))
      .limit(1);
    if (!row) throw new ApiError(401, 'unauthorized', 'Your session has ended: sign in again');
    return c.json({ agent: toAgent(row.agent), org: toOrg(row.org) }, 200);
  });
