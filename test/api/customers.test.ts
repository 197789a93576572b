import { eq } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { cases, changes, customers, identities, posts } from '../../api/db/schema.js';
import { createWorld, freshHandle, postBy, type World } from './harness.js';

let world: World;
beforeAll(async () => { world = await createWorld(); });
afterAll(async () => { await world.close(); });
afterEach(() => { expect(world.errors).toEqual([]); });

let seq = 0;
const unknownId = '01900000-0000-7000-8000-000000000000';
const token = () => world.a.agent.token;

async function openCase(post: Record<string, unknown>, as = token()) {
  const reply = await world.call('POST', '/cases', { token: as, body: { post } });
  expect(reply.status).toBe(201);
  return reply.body.case as { id: string; customerId: string; number: number };
}

const lookup = (platform: string, handle: string, as = token()) =>
  world.call('GET', `/customers/lookup?${new URLSearchParams({ platform, handle })}`, { token: as });
const getCustomer = (id: string, as = token()) => world.call('GET', `/customers/${id}`, { token: as });
const merge = (id: string, otherCustomerId: string, as = token()) =>
  world.call('POST', `/customers/${id}/merge`, { token: as, body: { otherCustomerId } });
const customerRow = async (id: string) => (await world.db.read.select().from(customers).where(eq(customers.id, id)))[0];

describe('looking up a customer by handle', () => {
  it.each([
    ['exactly as posted', (h: string) => h],
    ['in lower case', (h: string) => h.toLowerCase()],
    ['in upper case', (h: string) => h.toUpperCase()],
    ['with a leading @', (h: string) => `@${h}`],
    ['with a leading @ and mixed case', (h: string) => `@${h.toUpperCase()}`],
  ])('finds an X customer by a handle written %s', async (_, variant) => {
    const handle = freshHandle('Lookup');
    const post = postBy(`@${handle}`);
    const kase = await openCase(post);
    const reply = await lookup('x', variant(handle));
    expect(reply.status).toBe(200);
    expect(reply.body.customer).toMatchObject({ id: kase.customerId, name: `Customer @${handle}`, vip: false, tags: [], notes: '' });
    expect(reply.body.identities).toMatchObject([{ customerId: kase.customerId, platform: 'x', handle: handle.toLowerCase() }]);
    expect(reply.body.cases.map((c: { id: string }) => c.id)).toEqual([kase.id]);
    expect(reply.body.recentPosts.map((p: { externalId: string }) => p.externalId)).toEqual([post.externalId]);
  });

  it('finds a facebook customer on facebook only', async () => {
    const handle = `fb.${freshHandle('Cust').toLowerCase()}`;
    const kase = await openCase(postBy(handle, {
      platform: 'facebook', url: `https://www.facebook.com/${handle}/posts/1${seq}`,
      author: { handle, displayName: `Customer ${handle}`, profileUrl: `https://www.facebook.com/${handle}` },
    }));
    const reply = await lookup('facebook', handle);
    expect(reply.status).toBe(200);
    expect(reply.body.customer.id).toBe(kase.customerId);
    expect((await lookup('x', handle)).status).toBe(404);
  });

  it('answers 404 for a handle nobody has used', async () => {
    const reply = await lookup('x', 'nobody_ever_posted');
    expect(reply.status).toBe(404);
    expect(reply.body.code).toBe('not_found');
  });

  it('answers 404 for another organisation\u2019s customer handle', async () => {
    const handle = freshHandle('Theirs');
    await openCase(postBy(handle), world.b.agent.token);
    expect((await lookup('x', handle)).status).toBe(404);
    expect((await lookup('x', handle, world.b.agent.token)).status).toBe(200);
  });

  it.each([
    ['an unknown platform', 'platform=myspace&handle=jane'],
    ['no handle', 'platform=x'],
    ['an empty handle', 'platform=x&handle=%20'],
    ['no platform', 'handle=jane'],
  ])('refuses %s with 400', async (_, query) => {
    const reply = await world.call('GET', `/customers/lookup?${query}`, { token: token() });
    expect(reply.status).toBe(400);
    expect(reply.body.code).toBe('validation_failed');
  });
});

describe('getting a customer', () => {
  it('shows the customer with its identities, all its cases and its recent posts', async () => {
    const handle = freshHandle('Cust');
    const older = await openCase(postBy(handle));
    const resolve = await world.call('PATCH', `/cases/${older.id}`, { token: token(), body: { status: 'resolved', version: 1 } });
    expect(resolve.status).toBe(200);
    const newer = await openCase(postBy(handle));
    const reply = await getCustomer(older.customerId);
    expect(reply.status).toBe(200);
    expect(reply.body.customer.id).toBe(older.customerId);
    expect(reply.body.identities).toHaveLength(1);
    expect(reply.body.cases.map((c: { id: string }) => c.id).sort()).toEqual([newer.id, older.id].sort());
    expect(reply.body.recentPosts).toHaveLength(2);
  });

  it('answers 404 for an unknown id or another organisation\u2019s customer, 400 for a bad id, 401 without a token', async () => {
    const theirs = await openCase(postBy(freshHandle('Cust')), world.b.agent.token);
    expect((await getCustomer(unknownId)).status).toBe(404);
    expect((await getCustomer(theirs.customerId)).status).toBe(404);
    expect((await getCustomer('not-a-uuid')).status).toBe(400);
    expect((await world.call('GET', `/customers/${theirs.customerId}`)).status).toBe(401);
  });
});

describe('editing a customer', () => {
  it('changes name, notes, tags (without duplicates) and vip, and records the change', async () => {
    const kase = await openCase(postBy(freshHandle('Cust')));
    const reply = await world.call('PATCH', `/customers/${kase.customerId}`, {
      token: token(), body: { name: 'Jane Q. Doe', notes: 'Prefers DMs', tags: ['vip', 'refund', 'vip'], vip: true },
    });
    expect(reply.status).toBe(200);
    expect(reply.body.customer).toMatchObject({ id: kase.customerId, name: 'Jane Q. Doe', notes: 'Prefers DMs', tags: ['vip', 'refund'], vip: true });
    expect(await customerRow(kase.customerId)).toMatchObject({ name: 'Jane Q. Doe', tags: ['vip', 'refund'], vip: true });
    const logged = await world.db.read.select().from(changes).where(eq(changes.entityId, kase.customerId));
    expect(logged.map((row) => row.entity)).toEqual(['customer', 'customer']);
  });

  it('leaves fields it was not given alone', async () => {
    const kase = await openCase(postBy(freshHandle('Cust')));
    await world.call('PATCH', `/customers/${kase.customerId}`, { token: token(), body: { notes: 'Keep me', tags: ['a'] } });
    const reply = await world.call('PATCH', `/customers/${kase.customerId}`, { token: token(), body: { vip: true } });
    expect(reply.body.customer).toMatchObject({ notes: 'Keep me', tags: ['a'], vip: true });
  });

  it.each([
    ['an empty body', {}],
    ['an unknown key', { name: 'X', email: 'x@example.com' }],
    ['a blank name', { name: '   ' }],
    ['vip as a string', { vip: 'yes' }],
  ])('refuses %s with 400 and changes nothing', async (_, body) => {
    const kase = await openCase(postBy(freshHandle('Cust')));
    const before = await customerRow(kase.customerId);
    const reply = await world.call('PATCH', `/customers/${kase.customerId}`, { token: token(), body });
    expect(reply.status).toBe(400);
    expect(reply.body.code).toBe('validation_failed');
    expect(await customerRow(kase.customerId)).toEqual(before);
  });

  it('answers 404 for another organisation\u2019s customer and changes nothing', async () => {
    const theirs = await openCase(postBy(freshHandle('Cust')), world.b.agent.token);
    const before = await customerRow(theirs.customerId);
    const reply = await world.call('PATCH', `/customers/${theirs.customerId}`, { token: token(), body: { vip: true } });
    expect(reply.status).toBe(404);
    expect(await customerRow(theirs.customerId)).toEqual(before);
  });
});

describe('merging customers', () => {
  /** Two customers of org a, each with a case; the other one tagged and VIP. */
  async function twoCustomers() {
    const keepHandle = freshHandle('Keep');
    const goneHandle = freshHandle('Gone');
    const keep = await openCase(postBy(keepHandle));
    const gone = await openCase(postBy(goneHandle));
    await openCase(postBy(goneHandle));
    await world.call('PATCH', `/customers/${keep.customerId}`, { token: token(), body: { tags: ['refund', 'shipping'] } });
    await world.call('PATCH', `/customers/${gone.customerId}`, { token: token(), body: { tags: ['shipping', 'angry'], vip: true } });
    return { keep, gone, keepHandle, goneHandle };
  }

  it('moves the other customer\u2019s identities, posts and cases over, and the other disappears', async () => {
    const { keep, gone, goneHandle } = await twoCustomers();
    const reply = await merge(keep.customerId, gone.customerId);
    expect(reply.status).toBe(200);
    expect(reply.body.customer.id).toBe(keep.customerId);
    expect(reply.body.identities.map((i: { handle: string }) => i.handle)).toContain(goneHandle.toLowerCase());
    expect(reply.body.identities).toHaveLength(2);
    expect(reply.body.cases.map((c: { id: string }) => c.id)).toContain(gone.id);
    expect(reply.body.cases).toHaveLength(3);
    expect(reply.body.recentPosts).toHaveLength(3);

    const read = world.db.read;
    expect(await read.select().from(identities).where(eq(identities.customerId, gone.customerId))).toEqual([]);
    expect(await read.select().from(posts).where(eq(posts.customerId, gone.customerId))).toEqual([]);
    expect(await read.select().from(cases).where(eq(cases.customerId, gone.customerId))).toEqual([]);
    expect(await customerRow(gone.customerId)).toBeUndefined();
    expect((await getCustomer(gone.customerId)).status).toBe(404);
    const deleted = await read.select().from(changes).where(eq(changes.entityId, gone.customerId));
    expect(deleted.at(-1)).toMatchObject({ orgId: world.a.id, entity: 'customer', op: 'delete' });
  });

  it('finds the merged customer by the other customer\u2019s old handle', async () => {
    const { keep, gone, goneHandle } = await twoCustomers();
    await merge(keep.customerId, gone.customerId);
    const reply = await lookup('x', `@${goneHandle.toUpperCase()}`);
    expect(reply.status).toBe(200);
    expect(reply.body.customer.id).toBe(keep.customerId);
  });

  it('keeps the union of the tags and VIP if either was', async () => {
    const { keep, gone } = await twoCustomers();
    const reply = await merge(keep.customerId, gone.customerId);
    expect(reply.body.customer.tags).toEqual(['refund', 'shipping', 'angry']);
    expect(reply.body.customer.vip).toBe(true);
  });

  it('shows a merged event on the moved cases only', async () => {
    const { keep, gone } = await twoCustomers();
    await merge(keep.customerId, gone.customerId);
    const timelineOf = async (id: string) => (await world.call('GET', `/cases/${id}`, { token: token() })).body.timeline as { type: string }[];
    expect((await timelineOf(gone.id)).at(-1)).toMatchObject({ type: 'merged', data: { fromCustomerId: gone.customerId, toCustomerId: keep.customerId } });
    expect((await timelineOf(keep.id)).map((event) => event.type)).not.toContain('merged');
  });

  it('refuses to merge a customer with itself with 422', async () => {
    const kase = await openCase(postBy(freshHandle('Cust')));
    const reply = await merge(kase.customerId, kase.customerId);
    expect(reply.status).toBe(422);
    expect(await customerRow(kase.customerId)).toBeDefined();
  });

  it.each([
    ['the other customer is in another organisation', 'other'],
    ['the customer is in another organisation', 'self'],
  ])('answers 404 when %s and moves nothing', async (_, whose) => {
    const ours = await openCase(postBy(freshHandle('Cust')));
    const theirs = await openCase(postBy(freshHandle('Cust')), world.b.agent.token);
    const reply = whose === 'other' ? await merge(ours.customerId, theirs.customerId) : await merge(theirs.customerId, ours.customerId);
    expect(reply.status).toBe(404);
    expect(await customerRow(theirs.customerId)).toMatchObject({ orgId: world.b.id });
    expect(await customerRow(ours.customerId)).toMatchObject({ orgId: world.a.id });
    const [theirCase] = await world.db.read.select().from(cases).where(eq(cases.id, theirs.id));
    expect(theirCase).toMatchObject({ customerId: theirs.customerId, version: 1 });
    const [ourCase] = await world.db.read.select().from(cases).where(eq(cases.id, ours.id));
    expect(ourCase).toMatchObject({ customerId: ours.customerId, version: 1 });
  });

  it('answers 404 for an unknown other customer and 400 for a bad id', async () => {
    const kase = await openCase(postBy(freshHandle('Cust')));
    expect((await merge(kase.customerId, unknownId)).status).toBe(404);
    expect((await merge(kase.customerId, 'not-a-uuid')).status).toBe(400);
  });
});
