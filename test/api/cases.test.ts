import { and, count, eq, max } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { casePosts, cases, changes, customers, events, identities, mutations, posts } from '../../api/db/schema.js';
import { suggestPriority } from '../../api/domain/priority.js';
import { storedTone } from '../../api/ops/postTones.js';
import { createWorld, freshHandle, postBy, samplePost, type World } from './harness.js';

let world: World;
beforeAll(async () => { world = await createWorld(); });
afterAll(async () => { await world.close(); });
afterEach(() => { expect(world.errors).toEqual([]); });

const minutes = (from: string, to: string) => (Date.parse(to) - Date.parse(from)) / 60_000;

async function openCase(body: Record<string, unknown>, token = world.a.agent.token) {
  const reply = await world.call('POST', '/cases', { token, body });
  expect(reply.status).toBe(201);
  return reply.body.case;
}

async function resolve(kase: { id: string; version: number }) {
  const reply = await world.call('PATCH', `/cases/${kase.id}`, { token: world.a.agent.token, body: { status: 'resolved', version: kase.version } });
  expect(reply.status).toBe(200);
  return reply.body.case;
}

async function rowCounts() {
  const read = world.db.read;
  const tally = async (table: typeof cases | typeof posts | typeof customers | typeof changes | typeof mutations | typeof casePosts) =>
    (await read.select({ n: count() }).from(table))[0]!.n;
  return {
    cases: await tally(cases), posts: await tally(posts), customers: await tally(customers),
    changes: await tally(changes), mutations: await tally(mutations), casePosts: await tally(casePosts),
  };
}

async function highestNumber(orgId: string) {
  const [row] = await world.db.read.select({ n: max(cases.number) }).from(cases).where(eq(cases.orgId, orgId));
  return row?.n ?? 0;
}

describe('creating a case', () => {
  it('answers 201 with a new case in status new, at the priority its post suggests, on a new customer, identity and post', async () => {
    const handle = freshHandle('Creator');
    const post = postBy(`@${handle}`);
    const reply = await world.call('POST', '/cases', {
      token: world.a.agent.token, body: { post, subject: 'Missing order', tags: ['shipping'], excerpt: 'never arrived' },
    });

    expect(reply.status).toBe(201);
    const kase = reply.body.case;
    const suggested = suggestPriority({
      tone: storedTone(post.text), followers: post.author.followers, vip: false, text: post.text,
      waitingMinutes: (Date.now() - Date.parse(post.postedAt)) / 60_000,
    });
    expect(kase).toMatchObject({
      status: 'new', priority: suggested.priority, assigneeId: null, subject: 'Missing order', tags: ['shipping'],
      firstResponseAt: null, resolvedAt: null, version: 1,
    });
    expect(kase.number).toBeGreaterThan(0);
    expect(kase.createdAt).toBe(kase.updatedAt);

    const [identity] = await world.db.read.select().from(identities).where(eq(identities.customerId, kase.customerId));
    expect(identity).toMatchObject({ orgId: world.a.id, platform: 'x', handle: handle.toLowerCase(), displayName: `Customer @${handle}` });
    const [customer] = await world.db.read.select().from(customers).where(eq(customers.id, kase.customerId));
    expect(customer).toMatchObject({ orgId: world.a.id, name: `Customer @${handle}` });
    const [row] = await world.db.read.select().from(posts).where(and(eq(posts.orgId, world.a.id), eq(posts.externalId, post.externalId)));
    expect(row).toMatchObject({ customerId: kase.customerId, identityId: identity!.id, text: post.text, url: post.url });
  });

  it('records a change for the case, customer, identity, post and created event in the same write', async () => {
    const kase = await openCase({ post: postBy(freshHandle()) });
    const [post] = await world.db.read.select().from(posts).where(eq(posts.customerId, kase.customerId));
    const [identity] = await world.db.read.select().from(identities).where(eq(identities.customerId, kase.customerId));
    const [event] = await world.db.read.select().from(events).where(eq(events.caseId, kase.id));
    const logged = await world.db.read.select().from(changes).where(eq(changes.orgId, world.a.id));
    const pairs = logged.map((change) => `${change.entity}:${change.entityId}:${change.op}`);
    expect(pairs).toEqual(expect.arrayContaining([
      `case:${kase.id}:upsert`, `customer:${kase.customerId}:upsert`, `identity:${identity!.id}:upsert`,
      `post:${post!.id}:upsert`, `event:${event!.id}:upsert`,
    ]));
    expect(event).toMatchObject({ type: 'created', actorId: world.a.agent.id });
  });

  it('numbers cases 1, 2, 3 … per organisation, independently of the other organisation', async () => {
    const aStart = await highestNumber(world.a.id);
    const bStart = await highestNumber(world.b.id);
    const first = await openCase({ post: samplePost() });
    const second = await openCase({ post: samplePost() });
    const inB = await openCase({ post: samplePost() }, world.b.agent.token);
    const third = await openCase({ post: samplePost() });
    expect([first.number, second.number, third.number]).toEqual([aStart + 1, aStart + 2, aStart + 3]);
    expect(inB.number).toBe(bStart + 1);
  });

  it('gives concurrent cases distinct consecutive numbers', async () => {
    const start = await highestNumber(world.a.id);
    const replies = await Promise.all(
      Array.from({ length: 5 }, () => world.call('POST', '/cases', { token: world.a.agent.token, body: { post: samplePost() } })),
    );
    expect(replies.map((reply) => reply.status)).toEqual([201, 201, 201, 201, 201]);
    expect(replies.map((reply) => reply.body.case.number).sort((x, y) => x - y)).toEqual([1, 2, 3, 4, 5].map((n) => start + n));
  });

  it.each([
    ['urgent', 15],
    ['high', 60],
    ['normal', 240],
    ['low', 1440],
  ])('makes a %s case due %i minutes after it was created', async (priority, dueInMinutes) => {
    const kase = await openCase({ post: samplePost(), priority });
    expect(kase.priority).toBe(priority);
    expect(minutes(kase.createdAt, kase.slaDueAt)).toBe(dueInMinutes);
  });

  it('finds the existing customer when the same author posts again, whatever the handle case', async () => {
    const handle = freshHandle('Repeat');
    const first = await openCase({ post: postBy(handle) });
    const second = await openCase({ post: postBy(`@${handle.toUpperCase()}`) });
    expect(second.id).not.toBe(first.id);
    expect(second.customerId).toBe(first.customerId);
  });

  it('assigns the case to an agent of the organisation', async () => {
    const kase = await openCase({ post: samplePost(), assigneeId: world.a.admin.id });
    expect(kase.assigneeId).toBe(world.a.admin.id);
  });

  it('refuses an assignee from another organisation with 404 and writes nothing', async () => {
    const before = await rowCounts();
    const reply = await world.call('POST', '/cases', { token: world.a.agent.token, body: { post: postBy(freshHandle()), assigneeId: world.b.agent.id } });
    expect(reply.status).toBe(404);
    expect(await rowCounts()).toEqual(before);
  });
});

describe('creating the same case twice', () => {
  it('returns the same case with 200 for the same clientId, with exactly one case row and one mutations row', async () => {
    const clientId = crypto.randomUUID();
    const body = { clientId, post: postBy(freshHandle()), subject: 'Retry me' };
    const first = await world.call('POST', '/cases', { token: world.a.agent.token, body });
    const again = await world.call('POST', '/cases', { token: world.a.agent.token, body });
    expect([first.status, again.status]).toEqual([201, 200]);
    expect(again.body.case).toEqual(first.body.case);
    const caseRows = await world.db.read.select().from(cases).where(eq(cases.customerId, first.body.case.customerId));
    expect(caseRows).toHaveLength(1);
    const mutationRows = await world.db.read.select().from(mutations).where(eq(mutations.id, clientId));
    expect(mutationRows).toHaveLength(1);
    expect(mutationRows[0]).toMatchObject({ orgId: world.a.id, agentId: world.a.agent.id, name: 'createCase' });
  });

  it('refuses the same clientId with different content with 409 and writes nothing', async () => {
    const clientId = crypto.randomUUID();
    const handle = freshHandle();
    await openCase({ clientId, post: postBy(handle) });
    const before = await rowCounts();
    const reply = await world.call('POST', '/cases', { token: world.a.agent.token, body: { clientId, post: postBy(handle) } });
    expect(reply.status).toBe(409);
    expect(reply.body.code).toBe('mutation_id_reused');
    expect(await rowCounts()).toEqual(before);
  });

  it('returns the open case with 200 when its post is sent again without a clientId', async () => {
    const post = postBy(freshHandle());
    const first = await openCase({ post });
    const again = await world.call('POST', '/cases', { token: world.a.agent.token, body: { post, subject: 'another try' } });
    expect(again.status).toBe(200);
    expect(again.body.case.id).toBe(first.id);
    expect(again.body.case.number).toBe(first.number);
    expect(await world.db.read.select().from(cases).where(eq(cases.customerId, first.customerId))).toHaveLength(1);
  });

  it('makes one case when the same post arrives from several agents at once', async () => {
    const post = postBy(freshHandle());
    const replies = await Promise.all(
      [world.a.agent.token, world.a.admin.token, world.a.agent.token, world.a.admin.token].map((token) =>
        world.call('POST', '/cases', { token, body: { post } })),
    );
    expect(replies.map((reply) => reply.status).sort()).toEqual([200, 200, 200, 201]);
    expect(new Set(replies.map((reply) => reply.body.case.id)).size).toBe(1);
  });

  it('makes one case when the same clientId is retried while the first try is still in flight', async () => {
    const body = { clientId: crypto.randomUUID(), post: postBy(freshHandle()) };
    const replies = await Promise.all([1, 2, 3].map(() => world.call('POST', '/cases', { token: world.a.agent.token, body })));
    expect(replies.map((reply) => reply.status).sort()).toEqual([200, 200, 201]);
    expect(new Set(replies.map((reply) => reply.body.case.id)).size).toBe(1);
    expect(await world.db.read.select().from(mutations).where(eq(mutations.id, body.clientId))).toHaveLength(1);
  });

  it('opens a new case on the same post once the first case is resolved', async () => {
    const post = postBy(freshHandle());
    const first = await openCase({ post });
    await resolve(first);
    const reply = await world.call('POST', '/cases', { token: world.a.agent.token, body: { post } });
    expect(reply.status).toBe(201);
    expect(reply.body.case.id).not.toBe(first.id);
    expect(reply.body.case.number).toBe(first.number + 1);
    expect(reply.body.case.status).toBe('new');
  });
});

describe('creating a case with bad input', () => {
  const post = () => postBy(freshHandle());
  it.each<[string, () => Record<string, unknown>, string]>([
    ['a post without a url', () => ({ post: { ...post(), url: undefined } }), 'post.url'],
    ['a post without text', () => ({ post: { ...post(), text: undefined } }), 'post.text'],
    ['a post without an author', () => ({ post: { ...post(), author: undefined } }), 'post.author'],
    ['an unknown platform', () => ({ post: { ...post(), platform: 'myspace' } }), 'post.platform'],
    ['a plain http url', () => ({ post: { ...post(), url: 'http://x.com/jane_doe/status/1' } }), 'post.url'],
    ['a plain http author profile url', () => ({ post: samplePost({}, { handle: freshHandle(), profileUrl: 'http://x.com/jane_doe' }) }), 'post.author.profileUrl'],
    ['a javascript: url', () => ({ post: { ...post(), url: 'javascript:alert(1)' } }), 'post.url'],
    ['an unknown extra key', () => ({ post: post(), surprise: true }), ''],
    ['an unknown key in the author', () => ({ post: samplePost({}, { handle: freshHandle(), extra: 1 }) }), 'post.author'],
    ['an excerpt that is not text', () => ({ post: post(), excerpt: 1 }), 'excerpt'],
    ['an invalid handle', () => ({ post: postBy('has space') }), 'post.author.handle'],
    ['a clientId that is not a uuid', () => ({ clientId: 'retry-1', post: post() }), 'clientId'],
    ['an unknown priority', () => ({ post: post(), priority: 'asap' }), 'priority'],
  ])('refuses %s with 400 validation_failed and writes nothing', async (_, body, path) => {
    const before = await rowCounts();
    const reply = await world.call('POST', '/cases', { token: world.a.agent.token, body: body() });
    expect(reply.status).toBe(400);
    expect(reply.body).toMatchObject({ code: 'validation_failed', message: expect.any(String) });
    expect(reply.body.issues.map((issue: { path: string }) => issue.path)).toContain(path);
    expect(await rowCounts()).toEqual(before);
  });
});
