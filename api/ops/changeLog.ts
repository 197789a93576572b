/** The organisation's change log read back for sync: each changed entity once, as it is now. */
import { and, asc, desc, eq, gt, inArray } from 'drizzle-orm';
import type { changeEntities } from '../contract.js';
import type { ReadDb } from '../db/client.js';
import { agents, cases, changes, customers, events, identities, posts, templates } from '../db/schema.js';
import { toAgent, toCase, toCustomer, toEvent, toIdentity, toPost, toTemplate } from '../db/wire.js';

type Entity = (typeof changeEntities)[number];
type Data = Record<string, unknown>;

async function currentRows(db: ReadDb, orgId: string, entity: Entity, ids: string[]): Promise<Map<string, Data>> {
  const found = new Map<string, Data>();
  if (ids.length === 0) return found;
  switch (entity) {
    case 'case':
      for (const row of await db.select().from(cases).where(and(eq(cases.orgId, orgId), inArray(cases.id, ids)))) found.set(row.id, toCase(row));
      break;
    case 'customer':
      for (const row of await db.select().from(customers).where(and(eq(customers.orgId, orgId), inArray(customers.id, ids)))) found.set(row.id, toCustomer(row));
      break;
    case 'identity':
      for (const row of await db.select().from(identities).where(and(eq(identities.orgId, orgId), inArray(identities.id, ids)))) found.set(row.id, toIdentity(row));
      break;
    case 'post': {
      const rows = await db.select({ post: posts, author: identities }).from(posts)
        .innerJoin(identities, eq(identities.id, posts.identityId))
        .where(and(eq(posts.orgId, orgId), inArray(posts.id, ids)));
      for (const { post, author } of rows) found.set(post.id, toPost(post, author));
      break;
    }
    case 'event':
      for (const row of await db.select().from(events).where(and(eq(events.orgId, orgId), inArray(events.id, ids)))) found.set(row.id, toEvent(row));
      break;
    case 'template':
      for (const row of await db.select().from(templates).where(and(eq(templates.orgId, orgId), inArray(templates.id, ids)))) found.set(row.id, toTemplate(row));
      break;
    case 'agent':
      for (const row of await db.select().from(agents).where(and(eq(agents.orgId, orgId), inArray(agents.id, ids)))) found.set(row.id, toAgent(row));
      break;
  }
  return found;
}

/**
 * Up to `limit` change-log rows after `cursor`; an entity changed several times in them comes
 * once, as it is now (or deleted). The cursor goes to the last row read.
 */
export async function changesSince(db: ReadDb, orgId: string, cursor: number, limit: number) {
  const rows = await db
    .select({ seq: changes.seq, entity: changes.entity, id: changes.entityId, op: changes.op })
    .from(changes)
    .where(and(eq(changes.orgId, orgId), gt(changes.seq, cursor)))
    .orderBy(asc(changes.seq))
    .limit(limit + 1);
  const page = rows.slice(0, limit);
  const latest = new Map<string, { seq: number; entity: Entity; id: string; op: 'upsert' | 'delete' }>();
  for (const row of page) {
    const key = `${row.entity}:${row.id}`;
    latest.delete(key); // keep the order of each entity's last change
    latest.set(key, { ...row, entity: row.entity as Entity });
  }
  const byEntity = new Map<Entity, string[]>();
  for (const change of latest.values()) byEntity.set(change.entity, [...(byEntity.get(change.entity) ?? []), change.id]);
  const data = new Map<Entity, Map<string, Data>>();
  for (const [entity, ids] of byEntity) data.set(entity, await currentRows(db, orgId, entity, ids));
  const list = [...latest.values()].map((change) => {
    const now = data.get(change.entity)?.get(change.id) ?? null;
    return { entity: change.entity, id: change.id, op: now ? change.op : ('delete' as const), data: now };
  });
  return { changes: list, cursor: String(page.at(-1)?.seq ?? cursor), hasMore: rows.length > limit };
}

/** Where the organisation's change log ends now. */
export async function currentCursor(db: ReadDb, orgId: string): Promise<string> {
  const [last] = await db.select({ seq: changes.seq }).from(changes).where(eq(changes.orgId, orgId)).orderBy(desc(changes.seq)).limit(1);
  return String(last?.seq ?? 0);
}
