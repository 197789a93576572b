import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { v7 as uuidv7 } from 'uuid';
import { SyncSnapshotResponse, type CaseT } from '../../api/contract.js';
import { SNAPSHOT_MAX_CASES } from '../../api/ops/snapshot.js';
import { createWorld, expectError, freshHandle, postBy, type World } from './harness.js';

type Snapshot = ReturnType<typeof SyncSnapshotResponse.parse>;
type Change = { entity: string; id: string; op: string; data: Record<string, unknown> | null };

let world: World;
beforeAll(async () => { world = await createWorld(); });
afterAll(async () => { await world.close(); });
afterEach(() => { expect(world.errors).toEqual([]); });

const token = () => world.a.agent.token;
const snapshot = async (as = token()): Promise<Snapshot> => {
  const reply = await world.call('GET', '/sync/snapshot', { token: as });
  expect(reply.status).toBe(200);
  // The exact wire shape: parsing keeps every field and adds none.
  expect(SyncSnapshotResponse.parse(reply.body)).toEqual(reply.body);
  return reply.body;
};
const openCase = async (handle = freshHandle(), as = token()): Promise<CaseT> => {
  const reply = await world.call('POST', '/cases', { token: as, body: { post: postBy(handle) } });
  expect(reply.status).toBe(201);
  return reply.body.case;
};
const patch = async (kase: CaseT, body: Record<string, unknown>): Promise<CaseT> => {
  const reply = await world.call('PATCH', `/cases/${kase.id}`, { token: token(), body: { ...body, version: kase.version } });
  expect(reply.status).toBe(200);
  return reply.body.case;
};
/** Every change after `cursor`, page by page. */
async function pullAll(cursor: string): Promise<{ changes: Change[]; cursor: string }> {
  const changes: Change[] = [];
  for (let more = true; more;) {
    const page = (await world.call('GET', `/sync/pull?cursor=${cursor}&limit=50`, { token: token() })).body;
    changes.push(...page.changes);
    cursor = page.cursor;
    more = page.hasMore;
  }
  return { changes, cursor };
}

describe('GET /sync/snapshot', () => {
  it('holds the open cases with their posts and customers, the templates and the agents', async () => {
    const handle = freshHandle();
    const fresh = await openCase(handle);
    const sameCustomer = await openCase(handle);
    const second = (await world.call('POST', `/cases/${sameCustomer.id}/posts`, { token: token(), body: { post: postBy(handle) } })).body;
    const waiting = await patch(await openCase(), { status: 'pending' });
    const resolved = await patch(await openCase(), { status: 'resolved' });
    const closedOnly = await patch(resolved, { status: 'closed' });
    await world.call('POST', '/templates', { token: token(), body: { title: 'Sorry', body: 'Sorry {{customer.name}}!', examples: ['my parcel is "late" — again', 'ünïcode ✓'] } });

    const body = await snapshot();
    expect(body.truncated).toBe(false);
    const listed = await Promise.all(['new', 'open', 'pending'].map(async (status) =>
      (await world.call('GET', `/cases?status=${status}&limit=200`, { token: token() })).body.cases as CaseT[]));
    const byUpdate = (x: CaseT, y: CaseT) => y.updatedAt.localeCompare(x.updatedAt) || y.number - x.number;
    expect(body.cases).toEqual(listed.flat().sort(byUpdate));
    const ids = body.cases.map((c) => c.id);
    expect(ids).toEqual(expect.arrayContaining([fresh.id, second.case.id, waiting.id]));
    expect(ids).not.toContain(closedOnly.id);

    // Links: every post of every open case, those of closed cases not at all.
    const details = await Promise.all(body.cases.map(async (c) => (await world.call('GET', `/cases/${c.id}`, { token: token() })).body));
    const expectedLinks = details.flatMap((d) => d.posts.map((p: { platform: string; externalId: string }) => ({ platform: p.platform, externalId: p.externalId, caseId: d.case.id })));
    expect(body.links).toHaveLength(expectedLinks.length);
    expect(body.links).toEqual(expect.arrayContaining(expectedLinks));
    expect(body.links.filter((l) => l.caseId === sameCustomer.id)).toHaveLength(2);
    expect(body.links.some((l) => l.caseId === closedOnly.id)).toBe(false);

    // Customers: one view per customer of an open case, as GET /customers/{id} answers it.
    const customerIds = [...new Set(body.cases.map((c) => c.customerId))];
    expect(body.customers.map((v) => v.customer.id).sort()).toEqual([...customerIds].sort());
    expect(body.customers.map((v) => v.customer.id)).not.toContain(closedOnly.customerId);
    for (const view of body.customers) {
      expect(view).toEqual((await world.call('GET', `/customers/${view.customer.id}`, { token: token() })).body);
    }
    expect(body.customers.find((v) => v.customer.id === fresh.customerId)!.cases.map((c) => c.id))
      .toEqual(expect.arrayContaining([fresh.id, sameCustomer.id]));

    expect(body.templates).toEqual((await world.call('GET', '/templates', { token: token() })).body.templates);
    expect(body.templates.find((t) => t.title === 'Sorry')?.examples).toEqual(['my parcel is "late" — again', 'ünïcode ✓']);
    expect(body.agents).toEqual((await world.call('GET', '/agents', { token: token() })).body.agents);
    expect(body.agents.map((a) => a.id).sort()).toEqual([world.a.admin.id, world.a.agent.id].sort());
  });

  it('never holds another organisation\'s cases, posts, customers, templates or agents', async () => {
    const ours = await openCase();
    const theirs = await openCase(freshHandle(), world.b.agent.token);
    const template = (await world.call('POST', '/templates', { token: world.b.agent.token, body: { title: 'Theirs', body: 'Hi' } })).body.template;
    const text = JSON.stringify(await snapshot());
    for (const id of [theirs.id, theirs.customerId, template.id, world.b.admin.id, world.b.agent.id]) expect(text).not.toContain(id);
    const b = await snapshot(world.b.agent.token);
    expect(b.cases.map((c) => c.id)).toContain(theirs.id);
    expect(JSON.stringify(b)).not.toContain(ours.id);
    expect(Number(b.cursor)).toBeGreaterThan(0);
  });

  it('is as of its cursor: a pull from it repeats nothing and brings every later change', async () => {
    const kept = await openCase();
    const before = await snapshot();
    expect(await pullAll(before.cursor)).toEqual({ changes: [], cursor: before.cursor });

    const made = await openCase();
    const changed = await patch(kept, { priority: 'urgent' });
    const later = await pullAll(before.cursor);
    const cases = later.changes.filter((c) => c.entity === 'case');
    expect(cases.map((c) => c.id).sort()).toEqual([made.id, kept.id].sort());
    expect(cases.find((c) => c.id === kept.id)!.data).toEqual(changed);
    expect(later.changes.map((c) => c.entity)).toEqual(expect.arrayContaining(['customer', 'identity', 'post', 'event']));
    expect(later.cursor).toBe((await snapshot()).cursor);
  });

  it('taken while writes go on, then pulled from its cursor, ends at the same open cases as a snapshot taken after', async () => {
    const seed = await Promise.all(Array.from({ length: 6 }, () => openCase()));
    const write = async (i: number) => {
      const target = seed[i % seed.length]!;
      if (i % 3 === 0) return openCase();
      if (i % 10 === 4) {
        const now = (await world.call('GET', `/cases/${target.id}`, { token: token() })).body.case as CaseT;
        // A write that lands in between makes this a 409: that is one of the outcomes under test.
        return world.call('PATCH', `/cases/${target.id}`, { token: token(), body: { status: 'resolved', version: now.version } });
      }
      const reply = { id: uuidv7(), name: 'recordReply', args: { caseId: target.id, text: `Reply ${i}` } };
      return world.call('POST', '/sync/push', { token: token(), body: { mutations: [reply] } });
    };
    // Three writers one after another each, and snapshots taken one after another meanwhile.
    let writing = true;
    const writers = Promise.all([0, 1, 2].map(async (lane) => {
      for (let i = lane; i < 45; i += 3) await write(i);
    })).finally(() => { writing = false; });
    const taken: Snapshot[] = [];
    while (writing) {
      taken.push(await snapshot());
      await new Promise((next) => setImmediate(next)); // the writers' commits wait on the event loop
    }
    await writers;
    const after = await snapshot();
    const openNow = new Map(after.cases.map((c) => [c.id, c.version]));
    expect(new Set(taken.map((t) => t.cursor)).size).toBeGreaterThan(3);
    for (const start of taken) {
      const state = new Map(start.cases.map((c) => [c.id, c.version]));
      for (const change of (await pullAll(start.cursor)).changes) {
        if (change.entity !== 'case') continue;
        const data = change.data as CaseT | null;
        if (data && ['new', 'open', 'pending'].includes(data.status)) state.set(change.id, data.version);
        else state.delete(change.id);
      }
      expect(state).toEqual(openNow);
    }
  });

  it('refuses a request without a valid token', async () => {
    expectError(await world.call('GET', '/sync/snapshot'), 401, 'unauthorized');
    expectError(await world.call('GET', '/sync/snapshot', { token: 'not-a-token' }), 401, 'unauthorized');
  });
});

describe('GET /sync/snapshot on a busy desk', () => {
  let busy: World;
  beforeAll(async () => { busy = await createWorld(); });
  afterAll(async () => { await busy.close(); });

  it(`holds the ${SNAPSHOT_MAX_CASES} most recently updated open cases and says more are open`, async () => {
    const as = busy.a.agent.token;
    const total = SNAPSHOT_MAX_CASES + 1;
    for (let from = 0; from < total; from += 500) {
      const mutations = Array.from({ length: Math.min(500, total - from) }, (_, i) => ({
        id: uuidv7(), name: 'createCase', args: { post: postBy(`busy_${(from + i) % 40}`) },
      }));
      const reply = await busy.call('POST', '/sync/push', { token: as, body: { mutations } });
      expect(reply.body.results.every((r: { ok: boolean }) => r.ok)).toBe(true);
    }
    const get = async () => (await busy.call('GET', '/sync/snapshot', { token: as })).body as Snapshot;
    const full = await get();
    expect(full.truncated).toBe(true);
    expect(full.cases).toHaveLength(SNAPSHOT_MAX_CASES);
    expect(full.cases.map((c) => c.number)).not.toContain(1);
    expect(full.customers).toHaveLength(40);
    expect(full.links).toHaveLength(SNAPSHOT_MAX_CASES);

    // The oldest case, touched now, comes first; the next oldest drops out.
    const oldest = (await busy.call('GET', '/cases?limit=1&cursor=2', { token: as })).body.cases[0] as CaseT;
    expect(oldest.number).toBe(1);
    await busy.call('PATCH', `/cases/${oldest.id}`, { token: as, body: { priority: oldest.priority === 'low' ? 'high' : 'low', version: oldest.version } });
    const after = await get();
    expect(after.cases[0]!.id).toBe(oldest.id);
    expect(after.cases.map((c) => c.number)).not.toContain(2);

    // Below the bound again: nothing left out.
    await busy.call('PATCH', `/cases/${oldest.id}`, { token: as, body: { status: 'resolved', version: oldest.version + 1 } });
    expect((await get()).truncated).toBe(false);
    expect(busy.errors).toEqual([]);
  });
});
