import type { z } from 'zod';
import type { Platform } from '../contract.js';
import { normalizeHandle } from '../domain/handles.js';
import type { Queryable } from '../db/client.js';
import { notFound } from '../http.js';

// The views are kept current by every write (api/db/customerViews.ts): a read is one indexed row.
const byId = 'SELECT json FROM customer_views WHERE customer_id = ? AND org_id = ?';
const byHandle = `SELECT v.json FROM identities i JOIN customer_views v ON v.customer_id = i.customer_id
  WHERE i.org_id = ? AND i.platform = ? AND i.handle = ?`;

/** `{customer, identities, cases, recentPosts}` as JSON text, ready to send. */
export async function customerViewJson(client: Queryable, orgId: string, customerId: string): Promise<string> {
  const row = await client.first({ sql: byId, args: [customerId, orgId] });
  if (!row) throw notFound('Customer');
  return String(row[0]);
}

export async function lookupCustomerJson(client: Queryable, orgId: string, platform: z.infer<typeof Platform>, handle: string): Promise<string> {
  const row = await client.first({ sql: byHandle, args: [orgId, platform, normalizeHandle(platform, handle)] });
  if (!row) throw notFound('Customer');
  return String(row[0]);
}
