import { and, eq, sql } from 'drizzle-orm';
import type { Tx } from '../db/client.js';
import { diff, type AuditEntry } from '../db/audit.js';
import { recordChanges, type Change } from '../db/changes.js';
import { cases, customers, identities, posts } from '../db/schema.js';
import { ApiError, notFound } from '../http.js';
import { addEvent, type Actor } from './cases.js';

type CustomerRow = typeof customers.$inferSelect;

export async function loadCustomer(tx: Tx, orgId: string, customerId: string): Promise<CustomerRow> {
  const [row] = await tx.select().from(customers).where(and(eq(customers.id, customerId), eq(customers.orgId, orgId))).limit(1);
  if (!row) throw notFound('Customer');
  return row;
}

const customerFields = ['name', 'notes', 'tags', 'vip'] as const satisfies readonly (keyof CustomerRow)[];

export interface CustomerPatch {
  name?: string;
  notes?: string;
  tags?: string[];
  vip?: boolean;
}

export async function updateCustomer(tx: Tx, actor: Actor, customerId: string, patch: CustomerPatch, now: Date): Promise<CustomerRow> {
  const current = await loadCustomer(tx, actor.orgId, customerId);
  const set = { ...patch, ...(patch.tags ? { tags: [...new Set(patch.tags)] } : {}), updatedAt: now };
  const [row] = await tx.update(customers).set(set).where(eq(customers.id, customerId)).returning();
  await recordChanges(tx, actor, [{ entity: 'customer', id: customerId }], now, [
    { action: 'customer.updated', entity: 'customer', entityId: customerId, changes: diff(current, row!, customerFields) },
  ]);
  return row!;
}

/** Moves the other customer's identities, posts and cases onto this one; the other disappears. */
export async function mergeCustomers(tx: Tx, actor: Actor, customerId: string, otherId: string, now: Date): Promise<CustomerRow> {
  const target = await loadCustomer(tx, actor.orgId, customerId);
  const other = await loadCustomer(tx, actor.orgId, otherId);
  if (customerId === otherId) throw new ApiError(422, 'cannot_merge_self', 'A customer cannot be merged into itself');
  const changed: Change[] = [];

  const movedIdentities = await tx.update(identities).set({ customerId, updatedAt: now }).where(eq(identities.customerId, otherId)).returning({ id: identities.id });
  const movedPosts = await tx.update(posts).set({ customerId }).where(eq(posts.customerId, otherId)).returning({ id: posts.id });
  const movedCases = await tx
    .update(cases)
    .set({ customerId, version: sql`${cases.version} + 1`, updatedAt: now })
    .where(eq(cases.customerId, otherId))
    .returning({ id: cases.id });
  for (const { id } of movedIdentities) changed.push({ entity: 'identity', id });
  for (const { id } of movedPosts) changed.push({ entity: 'post', id });
  const audit: AuditEntry[] = [];
  for (const { id } of movedCases) {
    changed.push({ entity: 'case', id });
    audit.push({ action: 'case.updated', entity: 'case', entityId: id, changes: { customerId: { from: otherId, to: customerId } } });
    await addEvent(tx, actor, id, 'merged', { fromCustomerId: otherId, toCustomerId: customerId }, now, changed);
  }

  const notes = [target.notes, other.notes].filter((note) => note.trim() !== '').join('\n\n');
  const [row] = await tx
    .update(customers)
    .set({ notes, tags: [...new Set([...target.tags, ...other.tags])], vip: target.vip || other.vip, updatedAt: now })
    .where(eq(customers.id, customerId))
    .returning();
  await tx.delete(customers).where(eq(customers.id, otherId));
  changed.push({ entity: 'customer', id: customerId }, { entity: 'customer', id: otherId, op: 'delete' });
  audit.push(
    {
      action: 'customer.merged', entity: 'customer', entityId: customerId,
      changes: { mergedCustomer: { from: `${other.name} (${otherId})`, to: null }, ...diff(target, row!, customerFields) },
    },
    { action: 'customer.merged_away', entity: 'customer', entityId: otherId, changes: { mergedInto: { from: null, to: customerId } } },
  );
  await recordChanges(tx, actor, changed, now, audit);
  return row!;
}
