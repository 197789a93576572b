/** The service verbs behind /webhooks: every one scoped to the caller's organisation. */
import { randomBytes } from 'node:crypto';
import { and, desc, eq, max } from 'drizzle-orm';
import type { WebhookDeliveryT, WebhookEventTypeT, WebhookT } from '../contract.js';
import type { Database, ReadDb, Tx } from '../db/client.js';
import { diff, secretChanged, type AuditActor } from '../db/audit.js';
import { recordChanges } from '../db/changes.js';
import { newId } from '../db/ids.js';
import { changes, webhookDeliveries, webhooks } from '../db/schema.js';
import { toWireTime } from '../db/wire.js';
import { checkEndpoint } from '../webhooks/addresses.js';
import { ServiceError } from './serviceError.js';

/** After a rotation the old secret keeps signing this long, beside the new one. */
export const SECRET_OVERLAP_MS = 24 * 60 * 60 * 1000;

type WebhookRow = typeof webhooks.$inferSelect;
type DeliveryRow = typeof webhookDeliveries.$inferSelect;
const isoOrNull = (date: Date | null) => (date ? toWireTime(date) : null);

export const toWebhook = (row: WebhookRow): WebhookT => ({
  id: row.id, url: row.url, events: row.events as WebhookEventTypeT[], description: row.description,
  disabled: row.disabledAt !== null, disabledReason: row.disabledReason, disabledAt: isoOrNull(row.disabledAt),
  failingSince: isoOrNull(row.failingSince), previousSecretExpiresAt: isoOrNull(row.previousSecretExpiresAt),
  createdAt: toWireTime(row.createdAt), updatedAt: toWireTime(row.updatedAt),
});

export const toDelivery = (row: DeliveryRow): WebhookDeliveryT => ({
  id: row.id, type: row.type, status: row.status, attempts: row.attempts, responseStatus: row.responseStatus, error: row.error,
  caseId: row.caseId, createdAt: toWireTime(row.createdAt), lastAttemptAt: isoOrNull(row.lastAttemptAt),
  nextAttemptAt: row.status === 'pending' ? isoOrNull(row.nextAttemptAt) : null, deliveredAt: isoOrNull(row.deliveredAt),
});

/** A Standard Webhooks secret: `whsec_` and 32 random bytes in base64. */
const newSecret = () => `whsec_${randomBytes(32).toString('base64')}`;

interface Options {
  allowPrivate: boolean;
  now: Date;
}

async function assertEndpoint(url: string, allowPrivate: boolean): Promise<void> {
  const check = await checkEndpoint(url, { allowPrivate });
  if (!check.ok) throw new ServiceError('endpoint_refused', `The endpoint ${check.reason}`);
}

async function loadWebhook(tx: Tx | ReadDb, orgId: string, id: string): Promise<WebhookRow> {
  const [row] = await tx.select().from(webhooks).where(and(eq(webhooks.id, id), eq(webhooks.orgId, orgId))).limit(1);
  if (!row) throw new ServiceError('not_found', 'Webhook not found');
  return row;
}

/** Where the organisation's change log ends: a new or re-enabled endpoint gets what comes after. */
async function logEnd(tx: Tx, orgId: string): Promise<number> {
  const [row] = await tx.select({ seq: max(changes.seq) }).from(changes).where(eq(changes.orgId, orgId));
  return row?.seq ?? 0;
}

export async function listWebhooks(db: Database, orgId: string): Promise<WebhookT[]> {
  const rows = await db.read.select().from(webhooks).where(eq(webhooks.orgId, orgId)).orderBy(webhooks.createdAt);
  return rows.map(toWebhook);
}

const webhookFields = ['url', 'events', 'description', 'disabledReason'] as const satisfies readonly (keyof WebhookRow)[];

export async function createWebhook(
  db: Database, actor: AuditActor, body: { url: string; events: WebhookEventTypeT[]; description?: string }, { allowPrivate, now }: Options,
): Promise<{ webhook: WebhookT; secret: string }> {
  const { orgId } = actor;
  await assertEndpoint(body.url, allowPrivate);
  const secret = newSecret();
  const row = await db.tx(async (tx) => {
    const [inserted] = await tx.insert(webhooks).values({
      id: newId(), orgId, url: body.url, events: body.events, description: body.description ?? '', secret,
      cursor: await logEnd(tx, orgId), createdAt: now, updatedAt: now,
    }).returning();
    await recordChanges(tx, actor, [], now, [{
      action: 'webhook.created', entity: 'webhook', entityId: inserted!.id,
      changes: { ...diff(null, inserted!, webhookFields), secret: secretChanged() },
    }]);
    return inserted!;
  });
  return { webhook: toWebhook(row), secret };
}

export async function updateWebhook(
  db: Database, actor: AuditActor, id: string,
  body: { url?: string; events?: WebhookEventTypeT[]; description?: string; disabled?: boolean }, { allowPrivate, now }: Options,
): Promise<WebhookT> {
  if (body.url !== undefined) await assertEndpoint(body.url, allowPrivate);
  const { orgId } = actor;
  const row = await db.tx(async (tx) => {
    const current = await loadWebhook(tx, orgId, id);
    const { disabled, ...fields } = body;
    const set: Partial<WebhookRow> = { ...fields, updatedAt: now };
    if (disabled === true && current.disabledAt === null) Object.assign(set, { disabledAt: now, disabledReason: 'admin' });
    if (disabled === false && current.disabledAt !== null) {
      // Back on, it starts from now: what happened while it was off is not sent.
      Object.assign(set, { disabledAt: null, disabledReason: null, failingSince: null, cursor: await logEnd(tx, orgId) });
    }
    const [updated] = await tx.update(webhooks).set(set).where(eq(webhooks.id, id)).returning();
    const changed = { ...diff(current, updated!, webhookFields), ...diff({ disabled: current.disabledAt !== null }, { disabled: updated!.disabledAt !== null }, ['disabled']) };
    await recordChanges(tx, actor, [], now, [{ action: 'webhook.updated', entity: 'webhook', entityId: id, changes: changed }]);
    return updated!;
  });
  return toWebhook(row);
}

export async function deleteWebhook(db: Database, actor: AuditActor, id: string, now: Date): Promise<void> {
  await db.tx(async (tx) => {
    const current = await loadWebhook(tx, actor.orgId, id);
    await recordChanges(tx, actor, [], now, [{ action: 'webhook.deleted', entity: 'webhook', entityId: id, changes: diff(current, null, webhookFields) }]);
    await tx.delete(webhookDeliveries).where(eq(webhookDeliveries.webhookId, id));
    await tx.delete(webhooks).where(eq(webhooks.id, id));
  });
}

/** A new secret; the old one keeps signing beside it for SECRET_OVERLAP_MS. */
export async function rotateSecret(db: Database, actor: AuditActor, id: string, now: Date): Promise<{ webhook: WebhookT; secret: string }> {
  const secret = newSecret();
  const row = await db.tx(async (tx) => {
    const current = await loadWebhook(tx, actor.orgId, id);
    const [updated] = await tx.update(webhooks).set({
      secret, previousSecret: current.secret, previousSecretExpiresAt: new Date(now.getTime() + SECRET_OVERLAP_MS), updatedAt: now,
    }).where(eq(webhooks.id, id)).returning();
    await recordChanges(tx, actor, [], now, [{ action: 'webhook.secret_rotated', entity: 'webhook', entityId: id, changes: { secret: secretChanged() } }]);
    return updated!;
  });
  return { webhook: toWebhook(row), secret };
}

export async function listDeliveries(db: Database, orgId: string, id: string, limit: number): Promise<WebhookDeliveryT[]> {
  await loadWebhook(db.read, orgId, id);
  const rows = await db.read.select().from(webhookDeliveries)
    .where(and(eq(webhookDeliveries.webhookId, id), eq(webhookDeliveries.orgId, orgId)))
    .orderBy(desc(webhookDeliveries.createdAt), desc(webhookDeliveries.seq))
    .limit(limit);
  return rows.map(toDelivery);
}

/** Sends a delivered or failed delivery again, as it was (the same `webhook-id` and body). */
export async function redeliver(db: Database, actor: AuditActor, id: string, deliveryId: string, now: Date): Promise<WebhookDeliveryT> {
  const row = await db.tx(async (tx) => {
    const webhook = await loadWebhook(tx, actor.orgId, id);
    if (webhook.disabledAt !== null) throw new ServiceError('webhook_disabled', 'The endpoint is disabled: enable it first');
    const [delivery] = await tx.select().from(webhookDeliveries)
      .where(and(eq(webhookDeliveries.id, deliveryId), eq(webhookDeliveries.webhookId, id))).limit(1);
    if (!delivery) throw new ServiceError('not_found', 'Delivery not found');
    if (delivery.status === 'pending') throw new ServiceError('delivery_pending', 'The delivery is still being tried');
    const [updated] = await tx.update(webhookDeliveries).set({
      status: 'pending', attempts: 0, nextAttemptAt: now, responseStatus: null, error: null, deliveredAt: null,
    }).where(eq(webhookDeliveries.id, deliveryId)).returning();
    await recordChanges(tx, actor, [], now, [{
      action: 'webhook.redelivered', entity: 'webhook', entityId: id, changes: { delivery: { from: null, to: `${delivery.type} ${deliveryId}` }, status: { from: delivery.status, to: 'pending' } },
    }]);
    return updated!;
  });
  return toDelivery(row);
}

/** Deliveries are kept for a month once settled; pending ones stay until they are. */
export const DELIVERY_RETENTION_MS = 30 * 24 * 60 * 60 * 1000;

export async function pruneDeliveries(db: Database, now: Date): Promise<number> {
  return db.tx(async (tx) => {
    const result = await tx.$client.execute({
      sql: `DELETE FROM webhook_deliveries WHERE status != 'pending' AND created_at < ?`,
      args: [now.getTime() - DELIVERY_RETENTION_MS],
    });
    return result.rowsAffected;
  });
}
