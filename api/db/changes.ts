import type { changeEntities, changeOps } from '../contract.js';
import type { Tx } from './client.js';
import { changes } from './schema.js';

export interface Change {
  entity: (typeof changeEntities)[number];
  id: string;
  op?: (typeof changeOps)[number];
}

/** Appends to the organisation's change log, inside the caller's transaction. */
export async function recordChanges(tx: Tx, orgId: string, list: Change[], now: Date): Promise<void> {
  if (list.length === 0) return;
  await tx.insert(changes).values(
    list.map((change) => ({ orgId, entity: change.entity, entityId: change.id, op: change.op ?? 'upsert', createdAt: now })),
  );
}
