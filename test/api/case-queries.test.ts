import { eq } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { cases, changes, events } from '../../api/db/schema.js';
import { createWorld, freshHandle, postBy, samplePost, type World } from './harness.js';

let world: World;
beforeAll(async () => { world = await createWorld(); });
afterAll(async () => { await world.close(); });
afterEach(() => { expect(world.errors).toEqual([]); });

const unknownId = '01900000-0000-7000-8000-000000000000';

async function openCase(body: Record<string, unknown>, token = world.a.agent.token) {
  const reply = await world.call('POST', '/cases', { token, body });
  expect(reply.status).toBe(201);
  return reply.body.case;
}

async function patch(kase: { id: string; version: number }, body: Record<string, unknown>) {
  const reply = await world.call('PATCH', `/cases/${kase.id}`, { token: world.a.agent.token, body: { ...body, version: kase.version } });
  expect(reply.status).toBe(200);
  return reply.body.case;
}

type Page = { cases: { id: string; number: number; status: string; assigneeId: string | null }[]; nextCursor: string | null };
async function list(query: Record<string, string | number>, token = world.a.agent.token): Promise<Page> {
  const reply = await world.call('GET', `/cases?${new URLSearchParams(Object.entries(query).map(([k, v]) => [k, String(v)]))}`, { token });
  expect(reply.status).toBe(200);
  return reply.body;
}
const numbersOf = (page: Page) => page.cases.map((kase) => kase.number);

describe('listing cases', () => {
  it('lists newest first, a page at a time, with a cursor to the next page', async () => {
    const handle = freshHandle();
    const made = [];
    for (let i = 0; i < 5; i++) made.push(await openCase({ post: postBy(handle) }));
    const customerId = made[0].customerId;
    const newestFirst = made.map((kase) => kase.number).reverse();

    const first = await list({ customerId, limit: 2 });
    expect(numbersOf(first)).toEqual(newestFirst.slice(0, 2));
    expect(first.nextCursor).not.toBeNull();
    const second = await list({ customerId, limit: 2, cursor: first.nextCursor! });
    expect(numbersOf(second)).toEqual(newestFirst.slice(2, 4));
    const last = await list({ customerId, limit: 2, cursor: second.nextCursor! });
    expect(numbersOf(last)).toEqual(newestFirst.slice(4));
    expect(last.nextCursor).toBeNull();

    const whole = await list({ customerId, limit: 5 });
    expect(numbersOf(whole)).toEqual(newestFirst);
    expect(whole.nextCursor).toBeNull();
  });

  it('filters by status', async () => {
    const handle = freshHandle();
    const fresh = await openCase({ post: postBy(handle) });
    const pending = await patch(await openCase({ post: postBy(handle) }), { status: 'pending' });
    const customerId = fresh.customerId;
    expect((await list({ customerId, status: 'pending' })).cases.map((kase) => kase.id)).toEqual([pending.id]);
    expect((await list({ customerId, status: 'new' })).cases.map((kase) => kase.id)).toEqual([fresh.id]);
    expect((await list({ customerId, status: 'closed' })).cases).toEqual([]);
  });

  it('filters by assignee', async () => {
    const handle = freshHandle();
    const mine = await openCase({ post: postBy(handle), assigneeId: world.a.admin.id });
    await openCase({ post: postBy(handle) });
    const page = await list({ customerId: mine.customerId, assigneeId: world.a.admin.id });
    expect(page.cases.map((kase) => kase.id)).toEqual([mine.id]);
  });

  it('filters by customer', async () => {
    const one = await openCase({ post: postBy(freshHandle()) });
    await openCase({ post: postBy(freshHandle()) });
    const page = await list({ customerId: one.customerId });
    expect(page.cases.map((kase) => kase.id)).toEqual([one.id]);
  });

  it('searches post text and subject with q', async () => {
    const word = freshHandle("zebra");
    const byText = await openCase({ post: postBy(freshHandle(), { text: `The ${word} parcel is lost` }) });
    const bySubject = await openCase({ post: postBy(freshHandle()), subject: `Refund for ${word}` });
    await openCase({ post: postBy(freshHandle(), { text: 'Nothing to see here' }) });
    const page = await list({ q: word });
    expect(page.cases.map((kase) => kase.id).sort()).toEqual([byText.id, bySubject.id].sort());
  });

  it('treats % and _ in q as literal characters', async () => {
    const word = freshHandle("promo");
    const percent = await openCase({ post: postBy(freshHandle(), { text: `${word} gave 50% off` }) });
    const underscore = await openCase({ post: postBy(freshHandle(), { text: `${word} code a_b` }) });
    await openCase({ post: postBy(freshHandle(), { text: `${word} gave 50 dollars off, code axb` }) });
    expect((await list({ q: `${word} gave 50%` })).cases.map((kase) => kase.id)).toEqual([percent.id]);
    expect((await list({ q: 'code a_b' })).cases.map((kase) => kase.id)).toEqual([underscore.id]);
  });

  it('never shows another organisation\u2019s cases', async () => {
    const word = freshHandle("private");
    const theirs = await openCase({ post: postBy(freshHandle(), { text: `${word} secret` }) }, world.b.agent.token);
    const ours = await openCase({ post: postBy(freshHandle(), { text: `${word} ours` }) });
    expect((await list({ q: word })).cases.map((kase) => kase.id)).toEqual([ours.id]);
    expect((await list({ q: word }, world.b.agent.token)).cases.map((kase) => kase.id)).toEqual([theirs.id]);
    expect((await list({ customerId: theirs.customerId })).cases).toEqual([]);

    const everything = await list({ limit: 200 });
    const orgA = new Set((await world.db.read.select({ id: cases.id }).from(cases).where(eq(cases.orgId, world.a.id))).map((row) => row.id));
    expect(everything.cases.length).toBeGreaterThan(0);
    expect(everything.cases.every((kase) => orgA.has(kase.id))).toBe(true);
  });

  it.each([
    ['an unknown status', 'status=waiting'],
    ['a limit of 0', 'limit=0'],
    ['a limit over 200', 'limit=201'],
    ['a cursor that is not a number', 'cursor=abc'],
    ['an assigneeId that is not a uuid', 'assigneeId=me'],
    ['an unknown parameter', 'sort=oldest'],
  ])('refuses %s with 400', async (_, query) => {
    const reply = await world.call('GET', `/cases?${query}`, { token: world.a.agent.token });
    expect(reply.status).toBe(400);
    expect(reply.body.code).toBe('validation_failed');
  });
});

describe('a case in detail', () => {
  it('shows the case, its customer, its posts with their excerpts and the timeline', async () => {
    const handle = freshHandle('Detail');
    const post = postBy(handle, { text: 'Where is my refund?' });
    const kase = await openCase({ post, excerpt: 'my refund' });
    const reply = await world.call('GET', `/cases/${kase.id}`, { token: world.a.admin.token });
    expect(reply.status).toBe(200);
    expect(reply.body.case).toEqual(kase);
    expect(reply.body.customer).toMatchObject({ id: kase.customerId, name: `Customer ${handle}`, vip: false, tags: [] });
    expect(reply.body.posts).toHaveLength(1);
    expect(reply.body.posts[0]).toMatchObject({
      externalId: post.externalId, url: post.url, text: 'Where is my refund?', excerpt: 'my refund', customerId: kase.customerId,
      platform: 'x', postedAt: post.postedAt, author: { handle: handle.toLowerCase(), displayName: `Customer ${handle}`, followers: 1200 },
    });
    expect(reply.body.timeline).toHaveLength(1);
    expect(reply.body.timeline[0]).toMatchObject({
      caseId: kase.id, type: 'created', actorId: world.a.agent.id, data: { postId: reply.body.posts[0].id, excerpt: 'my refund' },
    });
  });

  it('answers 404 for a case that does not exist and 400 for an id that is not a uuid', async () => {
    expect((await world.call('GET', `/cases/${unknownId}`, { token: world.a.agent.token })).status).toBe(404);
    const bad = await world.call('GET', '/cases/42', { token: world.a.agent.token });
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ code: 'validation_failed', issues: [{ path: 'id' }] });
  });
});

describe('another organisation\u2019s case', () => {
  const routes: [string, string, (version: number) => unknown][] = [
    ['GET', '', () => undefined],
    ['PATCH', '', (version) => ({ subject: 'taken over', version })],
    ['POST', '/posts', () => ({ post: samplePost() })],
    ['POST', '/notes', () => ({ body: 'peeking' })],
    ['POST', '/replies', () => ({ text: 'hello from a' })],
  ];

  it.each(routes)('answers 404 to %s /cases/:id%s and leaves it untouched', async (method, suffix, body) => {
    const theirs = await openCase({ post: postBy(freshHandle()) }, world.b.agent.token);
    const eventsBefore = await world.db.read.select().from(events).where(eq(events.caseId, theirs.id));
    const changesBefore = await world.db.read.select().from(changes).where(eq(changes.orgId, world.b.id));
    const reply = await world.call(method, `/cases/${theirs.id}${suffix}`, { token: world.a.admin.token, body: body(theirs.version) });
    expect(reply.status).toBe(404);
    expect(reply.body.code).toBe('not_found');
    const [row] = await world.db.read.select().from(cases).where(eq(cases.id, theirs.id));
    expect(row).toMatchObject({ version: 1, subject: '', status: 'new' });
    expect(await world.db.read.select().from(events).where(eq(events.caseId, theirs.id))).toEqual(eventsBefore);
    expect(await world.db.read.select().from(changes).where(eq(changes.orgId, world.b.id))).toEqual(changesBefore);
  });
});

describe('signed-out callers', () => {
  it.each([
    ['POST', '/cases', { post: samplePost() }],
    ['GET', '/cases', undefined],
    ['GET', `/cases/${unknownId}`, undefined],
    ['PATCH', `/cases/${unknownId}`, { subject: 'x', version: 1 }],
    ['POST', `/cases/${unknownId}/posts`, { post: samplePost() }],
    ['POST', `/cases/${unknownId}/notes`, { body: 'hi' }],
    ['POST', `/cases/${unknownId}/replies`, { text: 'hi' }],
  ])('get 401 from %s %s, with no token or a made-up one', async (method, path, body) => {
    const none = await world.call(method, path, { body });
    expect(none.status).toBe(401);
    expect(none.body.code).toBe('unauthorized');
    const madeUp = await world.call(method, path, { body, token: 'not-a-real-token-0123456789abcdef' });
    expect(madeUp.status).toBe(401);
  });
});
