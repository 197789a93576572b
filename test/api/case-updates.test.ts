import { eq } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { cases, changes, events } from '../../api/db/schema.js';
import { createWorld, freshHandle, postBy, type World } from './harness.js';

let world: World;
beforeAll(async () => { world = await createWorld(); });
afterAll(async () => { await world.close(); });
afterEach(() => { expect(world.errors).toEqual([]); });

type Status = 'new' | 'open' | 'pending' | 'resolved' | 'closed';
interface CaseBody { id: string; version: number; status: Status; [field: string]: any }

let seq = 0;
const token = () => world.a.agent.token;
const minutes = (from: string, to: string) => (Date.parse(to) - Date.parse(from)) / 60_000;

async function openCase(body: Record<string, unknown> = {}): Promise<CaseBody> {
  const reply = await world.call('POST', '/cases', { token: token(), body: { post: postBy(freshHandle('upd')), priority: 'normal', ...body } });
  expect(reply.status).toBe(201);
  return reply.body.case;
}

const patchCase = (kase: { id: string }, body: Record<string, unknown>) =>
  world.call('PATCH', `/cases/${kase.id}`, { token: token(), body });

async function patched(kase: CaseBody, body: Record<string, unknown>): Promise<CaseBody> {
  const reply = await patchCase(kase, { ...body, version: kase.version });
  expect(reply.status).toBe(200);
  return reply.body.case;
}

// The shortest allowed path from new to each status.
const pathTo: Record<Status, Status[]> = { new: [], open: ['open'], pending: ['pending'], resolved: ['resolved'], closed: ['resolved', 'closed'] };
async function caseIn(status: Status, body: Record<string, unknown> = {}): Promise<CaseBody> {
  let kase = await openCase(body);
  for (const step of pathTo[status]) kase = await patched(kase, { status: step });
  expect(kase.status).toBe(status);
  return kase;
}

const timeline = async (caseId: string) => (await world.call('GET', `/cases/${caseId}`, { token: token() })).body.timeline as { id: string; type: string; data: any }[];

/** Everything a refused request must leave as it was. */
async function snapshot(caseId: string) {
  const read = world.db.read;
  return {
    row: (await read.select().from(cases).where(eq(cases.id, caseId)))[0],
    events: await read.select().from(events).where(eq(events.caseId, caseId)),
    changes: (await read.select().from(changes).where(eq(changes.orgId, world.a.id))).length,
  };
}

describe('changing a case', () => {
  it.each<[string, () => Record<string, unknown>, string, (kase: CaseBody) => unknown, () => Record<string, unknown>]>([
    ['status', () => ({ status: 'pending' }), 'status', (kase) => kase.status, () => ({ from: 'new', to: 'pending' })],
    ['priority', () => ({ priority: 'high' }), 'priority', (kase) => kase.priority, () => ({ from: 'normal', to: 'high' })],
    ['assignee', () => ({ assigneeId: world.a.admin.id }), 'assigned', (kase) => kase.assigneeId, () => ({ from: null, to: world.a.admin.id })],
    ['tags', () => ({ tags: ['refund', 'angry'] }), 'tags', (kase) => kase.tags, () => ({ from: [], to: ['refund', 'angry'] })],
    ['subject', () => ({ subject: 'Late parcel' }), 'subject', (kase) => kase.subject, () => ({ from: '', to: 'Late parcel' })],
  ])('changes the %s, bumps the version and logs one %s event', async (_, change, type, read, data) => {
    const kase = await openCase();
    const changesOf = async (id: string) => world.db.read.select().from(changes).where(eq(changes.entityId, id));
    const caseChangesBefore = (await changesOf(kase.id)).length;
    const updated = await patched(kase, change());
    expect(read(updated)).toEqual(Object.values(change())[0]);
    expect(updated.version).toBe(kase.version + 1);
    const logged = (await timeline(kase.id)).filter((event) => event.type !== 'created');
    expect(logged).toEqual([expect.objectContaining({ type, data: data(), actorId: world.a.agent.id })]);
    expect(await changesOf(kase.id)).toHaveLength(caseChangesBefore + 1);
    expect(await changesOf(logged[0]!.id)).toMatchObject([{ orgId: world.a.id, entity: 'event', op: 'upsert' }]);
  });

  it('changes several fields at once with one version bump and one event per change', async () => {
    const kase = await openCase();
    const updated = await patched(kase, { status: 'open', priority: 'low', assigneeId: world.a.agent.id, tags: ['x'], subject: 'All of it' });
    expect(updated).toMatchObject({ status: 'open', priority: 'low', assigneeId: world.a.agent.id, tags: ['x'], subject: 'All of it', version: 2 });
    expect((await timeline(kase.id)).map((event) => event.type).sort()).toEqual(['assigned', 'created', 'priority', 'status', 'subject', 'tags']);
  });

  it('removes duplicate tags and unassigns with a null assignee', async () => {
    const kase = await openCase({ assigneeId: world.a.admin.id });
    const updated = await patched(kase, { tags: ['vip', 'vip', 'refund'], assigneeId: null });
    expect(updated.tags).toEqual(['vip', 'refund']);
    expect(updated.assigneeId).toBeNull();
  });

  it('sets resolvedAt when the case is resolved', async () => {
    const before = Date.now();
    const resolved = await patched(await openCase(), { status: 'resolved' });
    expect(resolved.resolvedAt).not.toBeNull();
    expect(Date.parse(resolved.resolvedAt)).toBeGreaterThanOrEqual(before);
    expect(Date.parse(resolved.resolvedAt)).toBeLessThanOrEqual(Date.now());
  });

  it.each([['urgent', 15], ['high', 60], ['low', 1440]])('recomputes slaDueAt from creation when the priority becomes %s', async (priority, due) => {
    const kase = await openCase();
    expect(minutes(kase.createdAt, kase.slaDueAt)).toBe(240);
    const updated = await patched(kase, { priority });
    expect(minutes(kase.createdAt, updated.slaDueAt)).toBe(due);
  });

  it('refuses a stale version with 409 and changes nothing', async () => {
    const kase = await openCase();
    await patched(kase, { subject: 'First edit' });
    const before = await snapshot(kase.id);
    const reply = await patchCase(kase, { subject: 'Second edit', version: kase.version });
    expect(reply.status).toBe(409);
    expect(reply.body.code).toBe('version_conflict');
    expect(await snapshot(kase.id)).toEqual(before);
  });

  it('refuses a change without a version with 400', async () => {
    const kase = await openCase();
    const reply = await patchCase(kase, { subject: 'no version' });
    expect(reply.status).toBe(400);
    expect(reply.body).toMatchObject({ code: 'validation_failed', issues: [{ path: 'version' }] });
  });

  it('refuses an assignee from another organisation with 404 and changes nothing', async () => {
    const kase = await openCase();
    const before = await snapshot(kase.id);
    const reply = await patchCase(kase, { assigneeId: world.b.admin.id, version: kase.version });
    expect(reply.status).toBe(404);
    expect(await snapshot(kase.id)).toEqual(before);
  });
});

describe('the status rules', () => {
  it.each<[Status, Status]>([
    ['new', 'open'], ['new', 'pending'], ['new', 'resolved'], ['open', 'pending'], ['open', 'resolved'],
    ['pending', 'open'], ['pending', 'resolved'], ['resolved', 'open'], ['resolved', 'closed'], ['closed', 'open'],
  ])('allow %s → %s', async (from, to) => {
    const updated = await patched(await caseIn(from), { status: to });
    expect(updated.status).toBe(to);
  });

  it.each<[Status, Status]>([
    ['new', 'closed'], ['open', 'new'], ['open', 'closed'], ['pending', 'new'], ['pending', 'closed'],
    ['resolved', 'new'], ['resolved', 'pending'], ['closed', 'new'], ['closed', 'pending'], ['closed', 'resolved'],
  ])('refuse %s → %s with 422 and change nothing', async (from, to) => {
    const kase = await caseIn(from);
    const before = await snapshot(kase.id);
    const reply = await patchCase(kase, { status: to, subject: 'should not stick', version: kase.version });
    expect(reply.status).toBe(422);
    expect(reply.body.code).toBe('invalid_transition');
    expect(await snapshot(kase.id)).toEqual(before);
  });
});

describe('notes', () => {
  it('adds a note to the timeline and answers 201 with the event', async () => {
    const kase = await openCase();
    const reply = await world.call('POST', `/cases/${kase.id}/notes`, { token: token(), body: { body: '  Called the courier  ' } });
    expect(reply.status).toBe(201);
    expect(reply.body.event).toMatchObject({ caseId: kase.id, type: 'note', actorId: world.a.agent.id, data: { body: 'Called the courier' } });
    expect((await timeline(kase.id)).map((event) => event.id)).toContain(reply.body.event.id);
    const logged = await world.db.read.select().from(changes).where(eq(changes.entityId, reply.body.event.id));
    expect(logged).toMatchObject([{ orgId: world.a.id, entity: 'event', op: 'upsert' }]);
  });

  it('refuses an empty note with 400 and writes nothing', async () => {
    const kase = await openCase();
    const before = await snapshot(kase.id);
    const reply = await world.call('POST', `/cases/${kase.id}/notes`, { token: token(), body: { body: '   ' } });
    expect(reply.status).toBe(400);
    expect(await snapshot(kase.id)).toEqual(before);
  });
});

describe('replies', () => {
  it('the first reply sets firstResponseAt and moves a new case to open', async () => {
    const kase = await openCase();
    const sentAt = kase.createdAt; // a reply can never predate its case: the earliest it may say
    const reply = await world.call('POST', `/cases/${kase.id}/replies`, { token: token(), body: { text: 'On it!', postExternalId: `r${++seq}`, sentAt } });
    expect(reply.status).toBe(201);
    expect(reply.body.case).toMatchObject({ status: 'open', firstResponseAt: sentAt, version: kase.version + 1 });
    expect(reply.body.event).toMatchObject({ type: 'reply', caseId: kase.id, data: { text: 'On it!', sentAt } });
    expect((await timeline(kase.id)).map((event) => event.type)).toEqual(['created', 'reply', 'status']);
  });

  it('later replies leave firstResponseAt alone', async () => {
    const kase = await openCase();
    const first = await world.call('POST', `/cases/${kase.id}/replies`, { token: token(), body: { text: 'First' } });
    const second = await world.call('POST', `/cases/${kase.id}/replies`, { token: token(), body: { text: 'Second' } });
    expect([first.status, second.status]).toEqual([201, 201]);
    expect(first.body.case.firstResponseAt).not.toBeNull();
    expect(second.body.case.firstResponseAt).toBe(first.body.case.firstResponseAt);
    expect((await timeline(kase.id)).filter((event) => event.type === 'reply')).toHaveLength(2);
  });

  it('does not move a pending case', async () => {
    const kase = await caseIn('pending');
    const reply = await world.call('POST', `/cases/${kase.id}/replies`, { token: token(), body: { text: 'Still waiting on you' } });
    expect(reply.body.case.status).toBe('pending');
  });

  it('records the same reply post only once: 200 with the same event', async () => {
    const kase = await openCase();
    const body = { text: 'Sorry!', postExternalId: `r${++seq}` };
    const first = await world.call('POST', `/cases/${kase.id}/replies`, { token: token(), body });
    const again = await world.call('POST', `/cases/${kase.id}/replies`, { token: token(), body });
    expect([first.status, again.status]).toEqual([201, 200]);
    expect(again.body.event).toEqual(first.body.event);
    expect(again.body.case.version).toBe(first.body.case.version);
    expect((await timeline(kase.id)).filter((event) => event.type === 'reply')).toHaveLength(1);
  });
});

describe('linking posts', () => {
  const link = (kase: { id: string }, body: Record<string, unknown>) => world.call('POST', `/cases/${kase.id}/posts`, { token: token(), body });
  const handleOf = async (kase: CaseBody) => (await world.call('GET', `/cases/${kase.id}`, { token: token() })).body.posts[0].author.handle as string;

  it('links another post with 201, and the same post again with 200 without linking it twice', async () => {
    const kase = await openCase();
    const post = postBy(await handleOf(kase), { text: 'Any news?' });
    const first = await link(kase, { post, excerpt: 'news' });
    expect(first.status).toBe(201);
    expect(first.body.post).toMatchObject({ externalId: post.externalId, excerpt: 'news', customerId: kase.customerId });
    const again = await link(kase, { post });
    expect(again.status).toBe(200);
    expect(again.body.post.id).toBe(first.body.post.id);
    const detail = (await world.call('GET', `/cases/${kase.id}`, { token: token() })).body;
    expect(detail.posts.map((p: { externalId: string; excerpt: string | null }) => [p.externalId, p.excerpt]).slice(1)).toEqual([[post.externalId, 'news']]);
    expect(detail.timeline.filter((event: { type: string }) => event.type === 'post_linked')).toHaveLength(1);
  });

  it.each<Status>(['resolved', 'closed'])('reopens a %s case when its customer posts again', async (status) => {
    const kase = await caseIn(status);
    const reply = await link(kase, { post: postBy(await handleOf(kase), { text: 'It broke again' }) });
    expect(reply.status).toBe(201);
    expect(reply.body.case.status).toBe('open');
    expect((await timeline(kase.id)).at(-1)).toMatchObject({ type: 'status', data: { from: status, to: 'open' } });
  });

  it('does not reopen a resolved case for someone else\u2019s post', async () => {
    const kase = await caseIn('resolved');
    const reply = await link(kase, { post: postBy(freshHandle('upd'), { text: 'Same here!' }) });
    expect(reply.status).toBe(201);
    expect(reply.body.case.status).toBe('resolved');
    expect(reply.body.case.resolvedAt).toBe(kase.resolvedAt);
  });
});
