import { BrandAccounts, SlaPolicy } from '../contract.js';
import { requireAdmin, requireAuth } from '../auth/middleware.js';
import { getBrandAccounts, getSlaPolicy, setBrandAccounts, setSlaPolicy } from '../ops/settings.js';
import { createRoute, errors, json, jsonBody, router } from '../http.js';

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
  .openapi(getSla, async (c) => c.json(await getSlaPolicy(c.get('db'), c.get('auth').orgId), 200))
  .openapi(putSla, async (c) => c.json(await setSlaPolicy(c.get('db'), c.get('auth'), c.req.valid('json'), new Date()), 200))
  .openapi(getAccounts, async (c) => c.json({ accounts: await getBrandAccounts(c.get('db'), c.get('auth').orgId) }, 200))
  .openapi(putAccounts, async (c) => c.json({ accounts: await setBrandAccounts(c.get('db'), c.get('auth'), c.req.valid('json').accounts, new Date()) }, 200));
