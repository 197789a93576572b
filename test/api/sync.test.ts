import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { v7 as uuidv7 } from 'uuid';
import { createWorld, expectError, freshHandle, postBy, type World } from './harness.js';

let world: World;
/** A case of the other organisation. */
let theirs: string;
beforeAll(async () => {
  world = await createWorld();
  theirs = (await world.call('POST', '/cases', { token: world.b.agent.token, body: { post: postBy(freshHandle()) } })).body.case.id;
});
afterAll(async () => { await world.close(); });
afterEach(() => { expect(world.errors).toEqual([]); });

const push = (mutations: unknown[], token = world.a.agent.token) => world.call('POST', '/sync/push', { token, body: { mutations } });
const pull = (query: string, token = world.a.agent.token) => world.call('GET', `/sync/pull?${query}`, { token });
const detail = async (caseId: string) => (await world.call('GET', `/cases/${caseId}`, { token: world.a.agent.token })).body;

describe('POST /sync/push', () => {
  it('applies a batch in order and answers a result per mutation', async () => {
    const create = { id: uuidv7(), name: 'createCase', args: { post: postBy(freshHandle()), priority: 'high' } };
    const first = await push([create]);
    expect(first.status).toBe(200);
    expect(first.body.results).toEqual([{ id: create.id, ok: true, result: { case: expect.objectContaining({ priority: 'high', status: 'new' }) } }]);
    const caseId = first.body.results[0].result.case.id;
    const later = [
      { id: uuidv7(), name: 'updateCase', args: { caseId, status: 'open', version: 1 } },
      { id: uuidv7(), name: 'addNote', args: { caseId, body: 'Called them back' } },
      { id: uuidv7(), name: 'recordReply', args: { caseId, text: 'We are on it' } },
    ];
    const second = await push(later);
    expect(second.body.results.map((r: { ok: boolean }) => r.ok)).toEqual([true, true, true]);
    expect(Number(second.body.cursor)).toBeGreaterThan(Number(first.body.cursor));
    const now = await detail(caseId);
    expect(now.case.status).toBe('open');
    expect(now.case.firstResponseAt).not.toBeNull();
    expect(now.timeline.map((e: { type: string }) => e.type)).toEqual(['created', 'status', 'note', 'reply']);
  });

  it('applies each mutation once: a batch delivered again changes nothing and answers the same', async () => {
    const create = { id: uuidv7(), name: 'createCase', args: { post: postBy(freshHandle()) } };
    const made = await push([create]);
    const caseId = made.body.results[0].result.case.id;
    const batch = [create, { id: uuidv7(), name: 'addNote', args: { caseId, body: 'once' } }];
    const once = await push(batch);
    const twice = await push([...batch].reverse());
    expect(twice.body.results.find((r: { id: string }) => r.id === batch[1]!.id)).toEqual(once.body.results[1]);
    expect(twice.body.results.find((r: { id: string }) => r.id === create.id)).toEqual(made.body.results[0]);
    expect((await detail(caseId)).timeline.filter((e: { type: string }) => e.type === 'note')).toHaveLength(1);
    expect(twice.body.cursor).toBe(once.body.cursor);
  });

  it('rejects a mutation alone, with why, and applies the others', async () => {
    const caseId = (await push([{ id: uuidv7(), name: 'createCase', args: { post: postBy(freshHandle()) } }])).body.results[0].result.case.id;
    const reused = uuidv7();
    await push([{ id: reused, name: 'addNote', args: { caseId, body: 'first' } }]);
    const results = (await push([
      { id: uuidv7(), name: 'updateCase', args: { caseId, status: 'closed', version: 1 } }, // new → closed is not allowed
      { id: uuidv7(), name: 'updateCase', args: { caseId, priority: 'urgent', version: 7 } }, // stale version
      { id: reused, name: 'addNote', args: { caseId, body: 'other words' } }, // same id, other content
      { id: uuidv7(), name: 'addNote', args: { caseId: theirs, body: 'not ours' } }, // another organisation's case
      { id: uuidv7(), name: 'updateCase', args: { caseId, priority: 'low', version: 1 } },
    ])).body.results;
    expect(results.map((r: { ok: boolean; error?: { code: string } }) => (r.ok ? 'ok' : r.error!.code)))
      .toEqual(['invalid_transition', 'version_conflict', 'mutation_id_reused', 'not_found', 'ok']);
    const now = await detail(caseId);
    expect([now.case.status, now.case.priority, now.case.version]).toEqual(['new', 'low', 2]);
    expect(now.timeline.filter((e: { type: string }) => e.type === 'note').map((e: { data: { body: string } }) => e.data.body)).toEqual(['first']);
  });

  it('refuses a malformed batch whole and an unsigned one', async () => {
    expectError(await push([{ id: uuidv7(), name: 'dropTables', args: {} }]), 400, 'validation_failed');
    expectError(await push([{ id: 'not-a-uuid', name: 'addNote', args: { caseId: theirs, body: 'x' } }]), 400, 'validation_failed');
    expectError(await push([]), 400, 'validation_failed');
    const tooMany = Array.from({ length: 501 }, () => ({ id: uuidv7(), name: 'addNote', args: { caseId: theirs, body: 'x' } }));
    expectError(await push(tooMany), 400, 'validation_failed');
    expectError(await world.call('POST', '/sync/push', { body: { mutations: [] } }), 401, 'unauthorized');
  });
});

describe('POST /sync/push: old and failing mutations', () => {
  const DAY = 24 * 60 * 60 * 1000;
  const note = (caseId: string, body: string, madeAgo = 0) => ({ id: uuidv7({ msecs: Date.now() - madeAgo }), name: 'addNote', args: { caseId, body } });
  const notes = async (caseId: string) => (await detail(caseId)).timeline.filter((event: { type: string }) => event.type === 'note').map((event: { data: { body: string } }) => event.data.body);
  const remembered = async (id: string) => Number((await world.db.client.first({ sql: 'SELECT count(*) FROM mutations WHERE id = ?', args: [id] }))![0]);
  const newCase = async () => (await push([{ id: uuidv7(), name: 'createCase', args: { post: postBy(freshHandle()) } }])).body.results[0].result.case.id as string;

  it('refuses a mutation made longer ago than ids are remembered, alone, and remembers nothing of it', async () => {
    const caseId = await newCase();
    const old = note(caseId, 'from last week', 8 * DAY);
    const batch = [note(caseId, 'six days ago', 6 * DAY), old, note(caseId, 'now')];
    const reply = await push(batch);
    expect(reply.status).toBe(200);
    expect(reply.body.results.map((result: { ok: boolean }) => result.ok)).toEqual([true, false, true]);
    expect(reply.body.results[1]).toEqual({ id: old.id, ok: false, error: { code: 'mutation_expired', message: expect.stringContaining('8 days ago') } });
    expect(await notes(caseId)).toEqual(['six days ago', 'now']);
    expect(await remembered(old.id)).toBe(0);
    // Sent again, it is refused again: it never applies.
    expect((await push([old])).body.results[0].error.code).toBe('mutation_expired');
    expect(await notes(caseId)).toEqual(['six days ago', 'now']);
  });

  it('requires UUIDv7 ids, whose time the retention is judged by', async () => {
    const caseId = await newCase();
    const v4 = { id: '3b241101-e2bb-4255-8caf-4136c566a962', name: 'addNote', args: { caseId, body: 'x' } };
    expectError(await push([v4]), 400, 'validation_failed');
    expect(await notes(caseId)).toEqual([]);
  });

  it('answers an unexpected error in one mutation for it alone, applies the rest, and lets it be sent again', async () => {
    const caseId = await newCase();
    // A fault the API cannot foresee: the database refuses this one note.
    await world.db.tx((tx) => tx.$client.execute(
      "CREATE TRIGGER parley_test_fault BEFORE INSERT ON events WHEN NEW.data LIKE '%disk on fire%' BEGIN SELECT RAISE(ABORT, 'injected fault'); END"));
    const failing = note(caseId, 'disk on fire');
    try {
      const reply = await push([note(caseId, 'before'), failing, note(caseId, 'after')]);
      expect(reply.status).toBe(200);
      expect(reply.body.results.map((result: { ok: boolean }) => result.ok)).toEqual([true, false, true]);
      expect(reply.body.results[1]).toEqual({ id: failing.id, ok: false, error: { code: 'internal', message: expect.any(String) } });
      expect(JSON.stringify(reply.body)).not.toContain('injected fault');
      expect(await notes(caseId)).toEqual(['before', 'after']);
      expect(await remembered(failing.id)).toBe(0);
      expect(world.errors).toHaveLength(1);
    } finally {
      await world.db.tx((tx) => tx.$client.execute('DROP TRIGGER parley_test_fault'));
      world.errors.length = 0;
    }
    // Not remembered as failed: the same mutation, sent again, applies once.
    expect((await push([failing])).body.results[0].ok).toBe(true);
    expect((await push([failing])).body.results[0].ok).toBe(true);
    expect(await notes(caseId)).toEqual(['before', 'after', 'disk on fire']);
  });
});

describe('GET /sync/pull', () => {
  it('pages through what changed after the cursor, each entity once as it is now, never another organisation\'s', async () => {
    const start = (await pull('')).body;
    let cursor = start.cursor;
    let page = start;
    while (page.hasMore) { page = (await pull(`cursor=${cursor}`)).body; cursor = page.cursor; }

    const handle = freshHandle();
    const made = (await push([{ id: uuidv7(), name: 'createCase', args: { post: postBy(handle) } }])).body.results[0].result.case;
    await push([{ id: uuidv7(), name: 'updateCase', args: { caseId: made.id, status: 'pending', version: 1 } }]);
    await world.call('POST', '/cases', { token: world.b.agent.token, body: { post: postBy(freshHandle()) } });

    type Entry = { entity: string; id: string; op: string; data: Record<string, unknown> | null };
    // One page: every changed entity once, as it is now.
    const whole: Entry[] = (await pull(`cursor=${cursor}`)).body.changes;
    expect(whole.map((c) => c.entity).sort()).toEqual(['case', 'customer', 'event', 'event', 'identity', 'post']);
    const kase = whole.find((c) => c.entity === 'case')!;
    expect(kase.id).toBe(made.id);
    expect(kase.data).toEqual(expect.objectContaining({ id: made.id, status: 'pending', version: 2 }));

    // Small pages: the same changes in order; an entity may come again in a later page, never twice in one.
    const seen: Entry[] = [];
    let next = cursor;
    let pages = 0;
    for (let more = true; more; pages += 1) {
      const reply = await pull(`cursor=${next}&limit=2`);
      expect(reply.status).toBe(200);
      const keys = reply.body.changes.map((c: Entry) => `${c.entity}:${c.id}`);
      expect(new Set(keys).size).toBe(keys.length);
      seen.push(...reply.body.changes);
      next = reply.body.cursor;
      more = reply.body.hasMore;
    }
    expect(pages).toBeGreaterThan(1);
    expect(new Set(seen.map((c) => `${c.entity}:${c.id}`))).toEqual(new Set(whole.map((c) => `${c.entity}:${c.id}`)));
    expect(seen.filter((c) => c.entity === 'case').at(-1)!.data).toEqual(kase.data);
    expect((await pull(`cursor=${next}`)).body).toEqual({ changes: [], cursor: next, hasMore: false });
  });

  it('refuses a cursor it did not give and a limit out of range', async () => {
    expectError(await pull('cursor=abc'), 400, 'validation_failed');
    expectError(await pull('limit=0'), 400, 'validation_failed');
    expectError(await pull('limit=5000'), 400, 'validation_failed');
    expectError(await world.call('GET', '/sync/pull'), 401, 'unauthorized');
  });
});
