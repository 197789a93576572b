/** /audit: who changed what in the organisation, for its admins. */
import { AuditList, AuditQuery, auditEntities } from '../contract.js';
import { requireAdmin, requireAuth } from '../auth/middleware.js';
import { createRoute, errors, json, router } from '../http.js';
import { listAudit } from '../ops/audit.js';

const list = createRoute({
  method: 'get', path: '/audit', tags: ['Audit'], security: [{ bearer: [] }], middleware: [requireAuth, requireAdmin] as const,
  summary: 'The audit log, newest first (admins only)',
  description: `Every change to ${auditEntities.join(', ')}: who made it (an agent, or the system), when, and each field before and after. Written in the same transaction as the change. Pages follow \`nextCursor\`.`,
  request: { query: AuditQuery },
  responses: { 200: json(AuditList, 'A page of entries'), ...errors(400, 401, 403) },
});

export const auditRoutes = router().openapi(list, async (c) => c.json(await listAudit(c.get('db'), c.get('auth').orgId, c.req.valid('query')), 200));
