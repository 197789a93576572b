import type { InStatement } from '@libsql/client';
import type { changeEntities, changeOps } from '../contract.js';
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

/** Appends to the organisation's change log, inside the caller's transaction. */
export async function recordChanges(tx: Tx, orgId: string, list: Change[], now: Date): Promise<void> {
  if (list.length > 0) await tx.$client.execute(changeStatement(orgId, list, now));
}
