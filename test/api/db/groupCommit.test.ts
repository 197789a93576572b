/** Write groups on a real libSQL file: shared commits, failures rolled back alone, reads isolated. */
import { rmSync } from 'node:fs';
import { count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../../api/db/client.js';
import { changes, customerViews, customerViewsStale, customers, orgs } from '../../../api/db/schema.js';
import { newId } from '../../../api/db/ids.js';
import { openTestDatabase } from '../harness.js';

let db: Database;
let dir: string;
let orgId: string;
beforeAll(async () => {
  ({ db, dir } = await openTestDatabase());
  orgId = newId();
  await db.tx((tx) => tx.insert(orgs).values({ id: orgId, name: 'Group commit', createdAt: new Date() }));
});
afterAll(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

const addCustomer = (name: string) => (tx: Parameters<Parameters<Database['tx']>[0]>[0]) =>
  tx.insert(customers).values({ id: newId(), orgId, name, createdAt: new Date(), updatedAt: new Date() }).returning();

const customerNames = async () =>
  (await db.read.select({ name: customers.name }).from(customers).where(eq(customers.orgId, orgId))).map((row) => row.name).sort();

describe('write groups', () => {
  it('commits concurrent writes together and rolls back a failing one alone', async () => {
    const results = await Promise.allSettled([
      db.tx(addCustomer('ada')),
      db.tx(async (tx) => {
        await addCustomer('doomed')(tx);
        throw new Error('refused');
      }),
      db.tx(addCustomer('grace')),
    ]);
    expect(results.map((result) => result.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect((results[1] as PromiseRejectedResult).reason).toEqual(new Error('refused'));
    expect(await customerNames()).toEqual(['ada', 'grace']);
  });

  it('rolls back a lone failing write', async () => {
    await expect(db.tx(async (tx) => {
      await addCustomer('alone')(tx);
      throw new Error('no');
    })).rejects.toThrow('no');
    expect(await customerNames()).not.toContain('alone');
  });

  it('keeps uncommitted writes invisible to reads', async () => {
    let seenInside = -1;
    await db.tx(async (tx) => {
      await addCustomer('pending')(tx);
      const [row] = await db.read.select({ n: count() }).from(customers).where(eq(customers.name, 'pending'));
      seenInside = row!.n;
    });
    expect(seenInside).toBe(0);
    expect(await customerNames()).toContain('pending');
  });

  it('builds every touched customer view before the commit, and leaves nothing stale', async () => {
    const [created] = await db.tx(addCustomer('viewed'));
    const [view] = await db.read.select().from(customerViews).where(eq(customerViews.customerId, created!.id));
    expect(JSON.parse(view!.json)).toMatchObject({ customer: { id: created!.id, name: 'viewed' }, identities: [], cases: [], recentPosts: [] });
    await db.tx((tx) => tx.update(customers).set({ name: 'renamed' }).where(eq(customers.id, created!.id)));
    const [updated] = await db.read.select().from(customerViews).where(eq(customerViews.customerId, created!.id));
    expect(JSON.parse(updated!.json).customer.name).toBe('renamed');
    const [stale] = await db.read.select({ n: count() }).from(customerViewsStale);
    expect(stale!.n).toBe(0);
  });

  it('applies a hundred concurrent writes exactly once each', async () => {
    const before = (await db.read.select({ n: count() }).from(changes))[0]!.n;
    await Promise.all(
      Array.from({ length: 100 }, (_, i) =>
        db.tx(async (tx) => {
          const [row] = await addCustomer(`bulk-${i}`)(tx);
          await tx.insert(changes).values({ orgId, entity: 'customer', entityId: row!.id, op: 'upsert', createdAt: new Date() });
        }),
      ),
    );
    const names = await customerNames();
    expect(names.filter((name) => name.startsWith('bulk-'))).toHaveLength(100);
    expect((await db.read.select({ n: count() }).from(changes))[0]!.n - before).toBe(100);
  });
});
