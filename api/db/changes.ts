import type { InStatement } from '@libsql/client';
import type { changeEntities, changeOps } from '../contract.js';
import { auditStatement, type AuditActor, type AuditEntry } from './audit.js';
import type { Tx } from './client.js';

export interface Change {
  entity: (typeof changeEntities)[number];
  id: string;
  op?: (typeof changeOps)[number];
}

/** One INSERT appending to the organisation's change log. */
export function changeStatement(orgId: string, list: Change[], now: Date): InStatement {
  const at = now.getTime();
  return {
    sql: `INSERT INTO changes (org_id, entity, entity_id, op, created_at) VALUES ${list.map(() => '(?, ?, ?, ?, ?)').join(', ')}`,
    args: list.flatMap((change) => [orgId, change.entity, change.id, change.op ?? 'upsert', at]),
  };
}

/**
 * Appends to the organisation's change log what changed, and to its audit log who changed it and
 * how, inside the caller's transaction: every write of an entity goes through here.
 */
export async function recordChanges(tx: Tx, actor: AuditActor, list: Change[], now: Date, audit: AuditEntry[] = []): Promise<void> {
  const writes: InStatement[] = list.length > 0 ? [changeStatement(actor.orgId, list, now)] : [];
  const audited = auditStatement(actor, audit, now);
  if (audited) writes.push(audited);
  if (writes.length === 1) await tx.$client.execute(writes[0]!);
  else if (writes.length > 1) await tx.$client.batch(writes);
}
