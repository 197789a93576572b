/**
 * Change-log rows → webhook events. A case row written at its creation is `case.created`, later
 * `case.updated`; a status event to resolved is `case.resolved`; reply, note and merged events are
 * `reply.recorded`, `note.added` and `customer.merged`. `data` is the object as the API sends it.
 */
import type { WebhookEventTypeT } from '../contract.js';
import type { cases, customers, events } from '../db/schema.js';
import { toCase, toCustomer, toEvent, toWireTime } from '../db/wire.js';

export interface ChangeRow {
  seq: number;
  entity: string;
  entityId: string;
  op: string;
  createdAt: Date;
}

export interface RowsOf {
  case(id: string): typeof cases.$inferSelect | undefined;
  event(id: string): typeof events.$inferSelect | undefined;
  customer(id: string): typeof customers.$inferSelect | undefined;
}

export interface WebhookEvent {
  type: WebhookEventTypeT;
  /** Once per endpoint: the change's seq, or for a merge the customer merged away (one event per merge, not per case). */
  key: string;
  seq: number;
  caseId: string | null;
  payload: string;
}

const body = (type: WebhookEventTypeT, at: Date, data: unknown) => JSON.stringify({ type, timestamp: toWireTime(at), data });

export function eventOf(change: ChangeRow, rows: RowsOf): WebhookEvent | undefined {
  if (change.op !== 'upsert') return undefined;
  const make = (type: WebhookEventTypeT, caseId: string, data: unknown, key = String(change.seq)): WebhookEvent => ({
    type, key, seq: change.seq, caseId, payload: body(type, change.createdAt, data),
  });
  if (change.entity === 'case') {
    const row = rows.case(change.entityId);
    if (!row) return undefined;
    // A case's creation writes its row and its change with the same clock reading.
    const created = row.createdAt.getTime() === change.createdAt.getTime();
    return make(created ? 'case.created' : 'case.updated', row.id, toCase(row));
  }
  if (change.entity !== 'event') return undefined;
  const event = rows.event(change.entityId);
  if (!event) return undefined;
  switch (event.type) {
    case 'reply':
      return make('reply.recorded', event.caseId, toEvent(event));
    case 'note':
      return make('note.added', event.caseId, toEvent(event));
    case 'status': {
      const row = event.data.to === 'resolved' ? rows.case(event.caseId) : undefined;
      return row ? make('case.resolved', event.caseId, toCase(row)) : undefined;
    }
    case 'merged': {
      const from = String(event.data.fromCustomerId);
      const customer = rows.customer(String(event.data.toCustomerId));
      return customer ? make('customer.merged', event.caseId, { ...toCustomer(customer), mergedCustomerId: from }, `merged:${from}`) : undefined;
    }
    default:
      return undefined;
  }
}
