import { and, asc, eq, ne } from 'drizzle-orm';
import { AgentList, CreateAgentBody, ErrorBody, IdParam, UpdateAgentBody, Agent } from '../contract.js';
import { requireAdmin, requireAuth } from '../auth/middleware.js';
import { diff, secretChanged } from '../db/audit.js';
import { recordChanges } from '../db/changes.js';
import { agents, tokens } from '../db/schema.js';
import { toAgent } from '../db/wire.js';
import { createAgent, EMAIL_UNAVAILABLE } from '../ops/orgs.js';
import { hashPassword, withPasswordSlot } from '../auth/passwords.js';
import { ApiError, createRoute, errors, json, jsonBody, notFound, router } from '../http.js';
import { z } from 'zod';

const security = [{ bearer: [] }];

const create = createRoute({
  method: 'post', path: '/agents', tags: ['Agents'], summary: 'Add an agent (admins only)', security,
  middleware: [requireAuth, requireAdmin] as const,
  request: jsonBody(CreateAgentBody),
  responses: {
    201: json(z.object({ agent: Agent }), 'Created'), ...errors(400, 401, 403, 429),
    409: json(ErrorBody, `\`email_unavailable\`: ${EMAIL_UNAVAILABLE}`),
  },
});

const list = createRoute({
  method: 'get', path: '/agents', tags: ['Agents'], summary: 'The organisation\'s agents', security,
  middleware: [requireAuth] as const,
  responses: { 200: json(AgentList, 'Agents'), ...errors(401) },
});

const update = createRoute({
  method: 'patch', path: '/agents/{id}', tags: ['Agents'],
  summary: 'Rename, change role, disable an agent or set their password (admins only)',
  description: 'A disabled agent\'s sign-ins, or those of one given a new password, stop working at once (event streams end within 5 s); an admin setting their own password keeps the sign-in they used for it.',
  security,
  middleware: [requireAuth, requireAdmin] as const,
  request: { params: IdParam, ...jsonBody(UpdateAgentBody) },
  responses: { 200: json(z.object({ agent: Agent }), 'Updated'), ...errors(400, 401, 403, 404, 422, 429) },
});

export const agentRoutes = router()
  .openapi(create, async (c) => {
    const { db, auth } = c.var;
    const { password, ...body } = c.req.valid('json');
    const passwordHash = await withPasswordSlot(() => hashPassword(password));
    const agent = await db.tx((tx) => createAgent(tx, auth, { ...body, passwordHash }, new Date()));
    return c.json({ agent: toAgent(agent) }, 201);
  })
  .openapi(list, async (c) => {
    const { db, auth } = c.var;
    const rows = await db.read.select().from(agents).where(eq(agents.orgId, auth.orgId)).orderBy(asc(agents.createdAt));
    return c.json({ agents: rows.map(toAgent) }, 200);
  })
  .openapi(update, async (c) => {
    const { db, auth } = c.var;
    const { id } = c.req.valid('param');
    const { password, ...body } = c.req.valid('json');
    const now = new Date();
    const passwordHash = password === undefined ? undefined : await withPasswordSlot(() => hashPassword(password));
    const agent = await db.tx(async (tx) => {
      const [current] = await tx.select().from(agents).where(and(eq(agents.id, id), eq(agents.orgId, auth.orgId)));
      if (!current) throw notFound('Agent');
      if (id === auth.agentId && (body.disabled === true || body.role === 'agent')) {
        // An organisation must never be left without an admin who can sign in.
        throw new ApiError(422, 'cannot_demote_self', 'You cannot disable yourself or remove your own admin role');
      }
      const [updated] = await tx.update(agents).set({ ...body, ...(passwordHash ? { passwordHash } : {}), updatedAt: now }).where(eq(agents.id, id)).returning();
      // A disabled agent, or one given a new password, signs in again (or never); an admin setting
      // their own keeps the sign-in they did it with, as with POST /auth/password.
      if (body.disabled || passwordHash) {
        await tx.delete(tokens).where(and(eq(tokens.agentId, id), id === auth.agentId ? ne(tokens.id, auth.tokenId) : undefined));
      }
      await recordChanges(tx, auth, [{ entity: 'agent', id }], now, [{
        action: 'agent.updated', entity: 'agent', entityId: id,
        changes: { ...diff(current, updated!, ['name', 'role', 'disabled']), ...(passwordHash ? { password: secretChanged() } : {}) },
      }]);
      return updated!;
    });
    return c.json({ agent: toAgent(agent) }, 200);
  });
