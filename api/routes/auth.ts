import { and, eq, ne } from 'drizzle-orm';
import { ChangePasswordBody, LoginBody, LoginResponse, MeResponse } from '../contract.js';
import { requireAuth } from '../auth/middleware.js';
import { hashPassword, withPasswordSlot } from '../auth/passwords.js';
import { newToken } from '../auth/tokens.js';
import { clearFailures, clientAddress, releaseAttempt, throttledVerify, throttleKeys } from '../auth/throttle.js';
import { newId } from '../db/ids.js';
import { agents, orgs, tokens } from '../db/schema.js';
import { toAgent, toOrg } from '../db/wire.js';
import { secretChanged } from '../db/audit.js';
import { recordChanges } from '../db/changes.js';
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

const changePassword = createRoute({
  method: 'post',
  path: '/auth/password',
  tags: ['Auth'],
  summary: 'Change your own password; every other sign-in of yours is revoked (this one stays)',
  security: [{ bearer: [] }],
  middleware: [requireAuth] as const,
  request: jsonBody(ChangePasswordBody),
  responses: { 204: { description: 'Changed' }, ...errors(400, 401, 429) },
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
    const [row] = await db.read
      .select({ agent: agents, org: orgs })
      .from(agents)
      .innerJoin(orgs, eq(orgs.id, agents.orgId))
      .where(eq(agents.email, email))
      .limit(1);
    // Unknown emails are checked against a decoy, so they take as long and count the same.
    const reserved = await throttledVerify(db, keys, row?.agent.passwordHash, password, now);
    // A wrong password keeps the failure its attempt reserved.
    if (!row || !reserved || row.agent.disabled) throw new ApiError(401, 'invalid_credentials', 'Wrong email or password');
    const { token, hash } = newToken();
    const expiresAt = new Date(now.getTime() + config.TOKEN_TTL_DAYS * 86_400_000);
    await db.tx(async (tx) => {
      await tx.insert(tokens).values({ id: newId(), tokenHash: hash, agentId: row.agent.id, orgId: row.org.id, createdAt: now, expiresAt });
      await clearFailures(tx, keys, reserved);
    });
    return c.json({ token, agent: toAgent(row.agent), org: toOrg(row.org), expiresAt: expiresAt.toISOString() }, 200);
  })
  .openapi(logout, async (c) => {
    const { db, auth } = c.var;
    await db.tx((tx) => tx.delete(tokens).where(and(eq(tokens.id, auth.tokenId), eq(tokens.agentId, auth.agentId))));
    return c.body(null, 204);
  })
  .openapi(changePassword, async (c) => {
    const { db, auth } = c.var;
    const { currentPassword, newPassword } = c.req.valid('json');
    const [agent] = await db.read.select().from(agents).where(and(eq(agents.id, auth.agentId), eq(agents.orgId, auth.orgId))).limit(1);
    if (!agent) throw new ApiError(401, 'unauthorized', 'Your session has ended: sign in again');
    // Throttled like a sign-in: a stolen token must not become a way to guess the password.
    const keys = throttleKeys(agent.email, clientAddress(c));
    const reserved = await throttledVerify(db, keys, agent.passwordHash, currentPassword, new Date());
    if (!reserved) throw new ApiError(400, 'wrong_password', 'Your current password is not right');
    const passwordHash = await withPasswordSlot(() => hashPassword(newPassword)).catch(async (error: unknown) => {
      await releaseAttempt(db, reserved); // the right password is no failure, even if the server was too busy to go on
      throw error;
    });
    const now = new Date();
    await db.tx(async (tx) => {
      await clearFailures(tx, keys, reserved);
      await tx.update(agents).set({ passwordHash, updatedAt: now }).where(eq(agents.id, agent.id));
      // Whoever else holds a sign-in of this agent (a lost laptop, a shared password) is out.
      await tx.delete(tokens).where(and(eq(tokens.agentId, agent.id), ne(tokens.id, auth.tokenId)));
      await recordChanges(tx, auth, [], now, [{ action: 'agent.password_changed', entity: 'agent', entityId: agent.id, changes: { password: secretChanged() } }]);
    });
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
