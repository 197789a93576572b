/**
 * Audit rows, written beside the change they describe: by `recordChanges` (api/db/changes.ts) for
 * what the change log carries, or as one more statement of the caller's batch.
 */
import type { InStatement } from '@libsql/client';
import { REDACTED, type AuditEntityT, type SystemActor } from '../contract.js';
import { newId } from './ids.js';

/** Who acts: an agent of the organisation, or a part of Parley itself. */
export type AuditActor = { orgId: string; agentId: string; system?: undefined } | { orgId: string; agentId?: undefined; system: SystemActor };

export type AuditChanges = Record<string, { from: unknown; to: unknown }>;

export interface AuditEntry {
  action: string;
  entity: AuditEntityT;
  entityId: string;
  changes: AuditChanges;
}

const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
const wire = (value: unknown) => (value instanceof Date ? value.toISOString() : value ?? null);

/** The fields whose values differ between `before` and `after`, as `{from, to}`; dates as ISO text. */
export function diff<T extends object>(before: Partial<T> | null, after: Partial<T> | null, fields: readonly (keyof T & string)[]): AuditChanges {
  const changes: AuditChanges = {};
  for (const field of fields) {
    const from = wire(before?.[field]);
    const to = wire(after?.[field]);
    if (!same(from, to)) changes[field] = { from, to };
  }
  return changes;
}

/** That a secret (a password, a signing secret) changed, without it. */
export const secretChanged = (): { from: unknown; to: unknown } => ({ from: REDACTED, to: REDACTED });

/** One INSERT of the entries, or none when there are none. */
export function auditStatement(actor: AuditActor, entries: AuditEntry[], now: Date): InStatement | undefined {
  if (entries.length === 0) return undefined;
  const [type, actorId] = actor.system ? ['system', actor.system] : ['agent', actor.agentId];
  return {
    sql: `INSERT INTO audit_log (id, org_id, at, actor_type, actor_id, action, entity, entity_id, changes) VALUES ${entries.map(() => '(?, ?, ?, ?, ?, ?, ?, ?, ?)').join(', ')}`,
    args: entries.flatMap((entry) => [newId(), actor.orgId, now.getTime(), type, actorId, entry.action, entry.entity, entry.entityId, JSON.stringify(entry.changes)]),
  };
}
