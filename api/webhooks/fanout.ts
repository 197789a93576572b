/**
 * The change log → the delivery outbox. Each endpoint keeps the seq it has read to; every process
 * may run this, and since it reads and writes in one write transaction, two never make the same
 * delivery twice (and the unique event key would refuse it anyway).
 */
import { and, asc, eq, gt, inArray, isNull, sql } from 'drizzle-orm';
import type { Database, Tx } from '../db/client.js';
import { newId } from '../db/ids.js';
import { cases, changes, customers, events, webhookDeliveries, webhooks } from '../db/schema.js';
import { eventOf, type ChangeRow } from './events.js';

const BATCH = 200;
const anyBehind = `SELECT 1 FROM webhooks w WHERE w.disabled_at IS NULL
  AND EXISTS (SELECT 1 FROM changes c WHERE c.org_id = w.org_id AND c.seq > w.cursor) LIMIT 1`;

async function rowsFor(tx: Tx, orgId: string, page: ChangeRow[]) {
  const ids = (entity: string) => page.filter((change) => change.entity === entity).map((change) => change.entityId);
  const eventRows = ids('event').length ? await tx.select().from(events).where(and(eq(events.orgId, orgId), inArray(events.id, ids('event')))) : [];
  const caseIds = [...new Set([...ids('case'), ...eventRows.map((event) => event.caseId)])];
  const caseRows = caseIds.length ? await tx.select().from(cases).where(and(eq(cases.orgId, orgId), inArray(cases.id, caseIds))) : [];
  const customerIds = eventRows.filter((event) => event.type === 'merged').map((event) => String(event.data.toCustomerId));
  const customerRows = customerIds.length ? await tx.select().from(customers).where(and(eq(customers.orgId, orgId), inArray(customers.id, customerIds))) : [];
  const byId = <T extends { id: string }>(rows: T[]) => new Map(rows.map((row) => [row.id, row]));
  const [caseMap, eventMap, customerMap] = [byId(caseRows), byId(eventRows), byId(customerRows)];
  return { case: (id: string) => caseMap.get(id), event: (id: string) => eventMap.get(id), customer: (id: string) => customerMap.get(id) };
}

/**
 * Turns what the change log gained into pending deliveries, in the caller's transaction; returns
 * how many were made. Run after each write (api/db/client.ts), so `data` is the object as that
 * write left it; on its own savepoint, so a failure leaves the write whole, and the dispatcher's
 * next round makes what it missed.
 */
export async function recordDeliveries(tx: Tx, now: Date): Promise<number> {
  // The one statement every write pays, as kept plain SQL (drizzle builds its text anew on each
  // call): nothing more when no endpoint is behind the log.
  if (!(await tx.$client.first({ sql: anyBehind }))) return 0;
  const behind = await tx.select().from(webhooks).where(and(
    isNull(webhooks.disabledAt),
    sql`EXISTS (SELECT 1 FROM changes c WHERE c.org_id = ${webhooks.orgId} AND c.seq > ${webhooks.cursor})`,
  ));
  if (behind.length === 0) return 0;
  await tx.$client.execute('SAVEPOINT parley_webhooks');
  try {
    const made = await deliveriesFor(tx, behind, now);
    await tx.$client.execute('RELEASE parley_webhooks');
    return made;
  } catch (error) {
    await tx.$client.batch(['ROLLBACK TO parley_webhooks', 'RELEASE parley_webhooks']);
    throw error;
  }
}

/** The same, in a write transaction of its own: the dispatcher's catch-up. */
export const fanOut = (db: Database, now: Date) => db.tx((tx) => recordDeliveries(tx, now));

async function deliveriesFor(tx: Tx, behind: (typeof webhooks.$inferSelect)[], now: Date): Promise<number> {
  let made = 0;
  for (const webhook of behind) {
    const page = await tx
      .select({ seq: changes.seq, entity: changes.entity, entityId: changes.entityId, op: changes.op, createdAt: changes.createdAt })
      .from(changes)
      .where(and(eq(changes.orgId, webhook.orgId), gt(changes.seq, webhook.cursor)))
      .orderBy(asc(changes.seq))
      .limit(BATCH);
    if (page.length === 0) continue;
    const rows = await rowsFor(tx, webhook.orgId, page);
    const wanted = new Set(webhook.events);
    const deliveries = page
      .map((change) => eventOf(change, rows))
      .filter((event) => event !== undefined && wanted.has(event.type))
      .map((event) => ({
        id: newId(), orgId: webhook.orgId, webhookId: webhook.id, eventKey: event!.key, seq: event!.seq, type: event!.type,
        caseId: event!.caseId, payload: event!.payload, status: 'pending' as const, nextAttemptAt: now, createdAt: now,
      }));
    if (deliveries.length > 0) {
      const inserted = await tx.insert(webhookDeliveries).values(deliveries).onConflictDoNothing().returning({ id: webhookDeliveries.id });
      made += inserted.length;
    }
    await tx.update(webhooks).set({ cursor: page.at(-1)!.seq }).where(eq(webhooks.id, webhook.id));
  }
  return made;
}
