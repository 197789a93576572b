import { eq } from 'drizzle-orm';
import { BrandAccounts, SlaPolicy } from '../contract.js';
import { isValidHandle, normalizeHandle } from '../domain/handles.js';
import { requireAdmin, requireAuth } from '../auth/middleware.js';
import { orgs } from '../db/schema.js';
import { policyOf } from '../ops/cases.js';
import { ApiError, createRoute, errors, json, jsonBody, notFound, router } from '../http.js';

const security = [{ bearer: [] }];
const tags = ['Settings'];

const getSla = createRoute({
  method: 'get', path: '/settings/sla', tags, security, middleware: [requireAuth] as const,
  summary: 'The organisation\'s SLA policy: budgets per priority, business hours, holidays',
  responses: { 200: json(SlaPolicy, 'The policy'), ...errors(401) },
});
const putSla = createRoute({
  method: 'put', path: '/settings/sla', tags, security, middleware: [requireAuth, requireAdmin] as const,
  summary: 'Set the SLA policy (admins only); cases opened after it follow it, open cases keep their due times',
  request: jsonBody(SlaPolicy),
  responses: { 200: json(SlaPolicy, 'The policy as stored'), ...errors(400, 401, 403) },
});

const getAccounts = createRoute({
  method: 'get', path: '/settings/accounts', tags, security, middleware: [requireAuth] as const,
  summary: 'The team\'s own profiles on X and Facebook',
  responses: { 200: json(BrandAccounts, 'The accounts'), ...errors(401) },
});
const putAccounts = createRoute({
  method: 'put', path: '/settings/accounts', tags, security, middleware: [requireAuth, requireAdmin] as const,
  summary: 'Set the team\'s own profiles (admins only): their posts get no "Create case"',
  request: jsonBody(BrandAccounts),
  responses: { 200: json(BrandAccounts, 'The accounts as stored: handles without `@`, lower-cased, each once'), ...errors(400, 401, 403) },
});

export const settingsRoutes = router()
  .openapi(getSla, async (c) => {
    const { db, auth } = c.var;
    const [org] = await db.read.select().from(orgs).where(eq(orgs.id, auth.orgId)).limit(1);
    if (!org) throw notFound('Organisation');
    return c.json(policyOf(org), 200);
  })
  .openapi(putSla, async (c) => {
    const { db, auth } = c.var;
    const policy = c.req.valid('json');
    const { urgent, high, normal, low } = policy.firstResponseMinutes;
    await db.tx((tx) => tx.update(orgs).set({
      slaPolicy: policy, slaUrgentMinutes: urgent, slaHighMinutes: high, slaNormalMinutes: normal, slaLowMinutes: low,
    }).where(eq(orgs.id, auth.orgId)));
    return c.json(policy, 200);
  })
  .openapi(getAccounts, async (c) => {
    const { db, auth } = c.var;
    const [org] = await db.read.select({ accounts: orgs.brandAccounts }).from(orgs).where(eq(orgs.id, auth.orgId)).limit(1);
    if (!org) throw notFound('Organisation');
    return c.json({ accounts: org.accounts }, 200);
  })
  .openapi(putAccounts, async (c) => {
    const { db, auth } = c.var;
    const seen = new Set<string>();
    const accounts = c.req.valid('json').accounts
      .map(({ platform, handle }) => ({ platform, handle: normalizeHandle(platform, handle) }))
      .filter(({ platform, handle }) => !seen.has(`${platform}:${handle}`) && Boolean(seen.add(`${platform}:${handle}`)));
    const wrong = accounts.find(({ platform, handle }) => !isValidHandle(platform, handle));
    if (wrong) throw new ApiError(400, 'validation_failed', `accounts: "${wrong.handle}" is not a handle on ${wrong.platform === 'x' ? 'X' : 'Facebook'}`);
    await db.tx((tx) => tx.update(orgs).set({ brandAccounts: accounts }).where(eq(orgs.id, auth.orgId)));
    return c.json({ accounts }, 200);
  });
