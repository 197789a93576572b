/** Reading the audit log (written by api/db/audit.ts beside each change): newest first, a page at a time. */
import { and, desc, eq, gte, lt, or, type SQL } from 'drizzle-orm';
import { systemActors, type AuditEntityT, type AuditEntryT, type SystemActor } from '../contract.js';
import type { Database } from '../db/client.js';
import { agents, auditLog } from '../db/schema.js';
import { toWireTime } from '../db/wire.js';

export interface AuditFilter {
  from?: string | undefined;
  to?: string | undefined;
  actorId?: string | undefined;
  entity?: AuditEntityT | undefined;
  cursor?: string | undefined;
  limit: number;
}

/** A page ends at an entry; the next starts after it. Entries of one millisecond are told apart by id. */
const cursorOf = (row: { at: Date; id: string }) => `${row.at.getTime()}.${row.id}`;
function afterCursor(cursor: string): SQL {
  const dot = cursor.indexOf('.');
  const at = new Date(Number(cursor.slice(0, dot)));
  const id = cursor.slice(dot + 1);
  return or(lt(auditLog.at, at), and(eq(auditLog.at, at), lt(auditLog.id, id)))!;
}

export async function listAudit(db: Database, orgId: string, filter: AuditFilter): Promise<{ entries: AuditEntryT[]; nextCursor: string | null }> {
  const where = and(
    eq(auditLog.orgId, orgId),
    filter.from ? gte(auditLog.at, new Date(filter.from)) : undefined,
    filter.to ? lt(auditLog.at, new Date(filter.to)) : undefined,
    filter.actorId ? eq(auditLog.actorId, filter.actorId) : undefined,
    filter.entity ? eq(auditLog.entity, filter.entity) : undefined,
    filter.cursor ? afterCursor(filter.cursor) : undefined,
  );
  const rows = await db.read
    .select({ entry: auditLog, agentName: agents.name })
    .from(auditLog)
    // Agents are disabled, never deleted, so an agent's entry always has their name.
    .leftJoin(agents, and(eq(auditLog.actorType, 'agent'), eq(agents.id, auditLog.actorId), eq(agents.orgId, orgId)))
    .where(where)
    .orderBy(desc(auditLog.at), desc(auditLog.id))
    .limit(filter.limit + 1);
  const page = rows.slice(0, filter.limit);
  const entries = page.map(({ entry, agentName }): AuditEntryT => ({
    id: entry.id,
    at: toWireTime(entry.at),
    actor: {
      type: entry.actorType, id: entry.actorId,
      name: entry.actorType === 'system' ? systemActors[entry.actorId as SystemActor] ?? entry.actorId : agentName ?? 'Unknown agent',
    },
    action: entry.action,
    entity: entry.entity,
    entityId: entry.entityId,
    changes: entry.changes,
  }));
  return { entries, nextCursor: rows.length > filter.limit ? cursorOf(page.at(-1)!.entry) : null };
}
