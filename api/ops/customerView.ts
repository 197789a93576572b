import type { z } from 'zod';
import type { Platform } from '../contract.js';
import { normalizeHandle } from '../domain/handles.js';
import type { Queryable } from '../db/client.js';
import { notFound } from '../http.js';

// The views are kept current by every write (api/db/customerViews.ts): a read is one indexed row.
// Read as the UTF-8 bytes stored, and sent as they are: decoding a view into a string only to
// encode it again for the socket costs a lookup more than finding it.
const byId = 'SELECT CAST(json AS BLOB) FROM customer_views WHERE customer_id = ? AND org_id = ?';
const byHandle = `SELECT CAST(v.json AS BLOB) FROM identities i JOIN customer_views v ON v.customer_id = i.customer_id
  WHERE i.org_id = ? AND i.platform = ? AND i.handle = ?`;

/** A BLOB as the drivers give it: a Buffer on a local file, an ArrayBuffer from @libsql/client. */
const bytesOf = (value: unknown): Uint8Array<ArrayBuffer> => (value instanceof Uint8Array ? value as Uint8Array<ArrayBuffer> : new Uint8Array(value as ArrayBuffer));

/** `{customer, identities, cases, recentPosts}` as JSON, UTF-8 encoded, ready to send. */
export async function customerViewJson(client: Queryable, orgId: string, customerId: string): Promise<Uint8Array<ArrayBuffer>> {
  const row = await client.first({ sql: byId, args: [customerId, orgId] });
  if (!row) throw notFound('Customer');
  return bytesOf(row[0]);
}

export async function lookupCustomerJson(client: Queryable, orgId: string, platform: z.infer<typeof Platform>, handle: string): Promise<Uint8Array<ArrayBuffer>> {
  const row = await client.first({ sql: byHandle, args: [orgId, platform, normalizeHandle(platform, handle)] });
  if (!row) throw notFound('Customer');
  return bytesOf(row[0]);
}
