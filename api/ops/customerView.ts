import type { Queryable } from '../db/client.js';
import type { z } from 'zod';
import type { Platform } from '../contract.js';
import { normalizeHandle } from '../domain/handles.js';
import { caseJson, customerJson, identityJson, postJson } from '../db/json.js';
import { notFound } from '../http.js';

export const RECENT_POSTS = 20;
export const CUSTOMER_CASES = 100;

/** The customer view for the customer chosen by `target` (a SELECT of one customers row). */
const viewOf = (target: string) => `
WITH target AS (${target})
SELECT json_object(
  'customer', json((SELECT ${customerJson('t')} FROM target t)),
  'identities', (SELECT json_group_array(json(j)) FROM (
    SELECT ${identityJson('i')} AS j FROM identities i
    WHERE i.customer_id = (SELECT id FROM target) ORDER BY i.created_at, i.id)),
  'cases', (SELECT json_group_array(json(j)) FROM (
    SELECT ${caseJson('k')} AS j FROM cases k
    WHERE k.customer_id = (SELECT id FROM target)
    ORDER BY CASE WHEN k.status IN ('new', 'open', 'pending') THEN 0 ELSE 1 END, k.number DESC
    LIMIT ${CUSTOMER_CASES})),
  'recentPosts', (SELECT json_group_array(json(j)) FROM (
    SELECT ${postJson('p', 'a')} AS j FROM posts p JOIN identities a ON a.id = p.identity_id
    WHERE p.customer_id = (SELECT id FROM target) ORDER BY p.created_at DESC, p.id DESC
    LIMIT ${RECENT_POSTS}))
) AS view
FROM target`;

const byId = viewOf('SELECT * FROM customers WHERE id = ? AND org_id = ?');
const byHandle = viewOf(`SELECT c.* FROM identities i JOIN customers c ON c.id = i.customer_id
  WHERE i.org_id = ? AND i.platform = ? AND i.handle = ?`);

/** `{customer, identities, cases, recentPosts}` as JSON text, ready to send. */
export async function customerViewJson(client: Queryable, orgId: string, customerId: string): Promise<string> {
  const { rows } = await client.execute({ sql: byId, args: [customerId, orgId] });
  if (!rows[0]) throw notFound('Customer');
  return String(rows[0][0]);
}

export async function lookupCustomerJson(client: Queryable, orgId: string, platform: z.infer<typeof Platform>, handle: string): Promise<string> {
  const { rows } = await client.execute({ sql: byHandle, args: [orgId, platform, normalizeHandle(platform, handle)] });
  if (!rows[0]) throw notFound('Customer');
  return String(rows[0][0]);
}
