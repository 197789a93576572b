/** Bad data is refused with a 400 and changes nothing; a bad time already stored never breaks a reader. */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createWorld, expectError, freshHandle, postBy, type World } from './harness.js';
import { v7 as uuidv7 } from 'uuid';

let world: World;
beforeAll(async () => { world = await createWorld(); });
afterAll(async () => { await world.close(); });
afterEach(() => { expect(world.errors).toEqual([]); });

const cursorOf = async (token: string) => {
  let page = (await world.call('GET', '/sync/pull?limit=1000', { token })).body;
  while (page.hasMore) page = (await world.call('GET', `/sync/pull?limit=1000&cursor=${page.cursor}`, { token })).body;
  return page.cursor as string;
};

/** Sends `body` as raw JSON text, so escapes like \u0000 and \ud800 arrive as written. */
const raw = (method: string, path: string, token: string, text: string) =>
  world.call(method, path, { token, body: text, headers: { 'content-type': 'application/json' } });

async function openCase(overrides: Record<string, unknown> = {}) {
  const reply = await world.call('POST', '/cases', { token: world.a.agent.token, body: { post: postBy(freshHandle(), overrides) } });
  expect(reply.status).toBe(201);
  return reply.body.case as { id: string; number: number; version: number; createdAt: string };
}

describe('times a client reports', () => {
  it('refuses a post dated before 2004 or more than a day ahead, and stores nothing', async () => {
    const { token } = world.a.agent;
    const before = await cursorOf(token);
    for (const postedAt of ['1969-12-31T23:59:59.500Z', '2003-12-31T23:59:59.999Z', new Date(Date.now() + 25 * 3600_000).toISOString()]) {
      const reply = await world.call('POST', '/cases', { token, body: { post: postBy(freshHandle(), { postedAt }) } });
      expectError(reply, 400, 'validation_failed');
      expect(JSON.stringify(reply.body.issues)).toContain('postedAt');
    }
    expect(await cursorOf(token)).toBe(before);
    await openCase({ postedAt: '2004-01-01T00:00:00.000Z' });
  });

  it('refuses a reply sent before its case was created: the first response time stays unset', async () => {
    const { token } = world.a.agent;
    const kase = await openCase();
    const before = await cursorOf(token);
    const early = new Date(Date.parse(kase.createdAt) - 10 * 60_000).toISOString();
    expectError(await world.call('POST', `/cases/${kase.id}/replies`, { token, body: { text: 'Sorry!', sentAt: early } }), 400, 'reply_before_case');
    const push = await world.call('POST', '/sync/push', {
      token, body: { mutations: [{ id: uuidv7(), name: 'recordReply', args: { caseId: kase.id, text: 'Sorry!', sentAt: early } }] },
    });
    expect(push.body.results[0]).toMatchObject({ ok: false, error: { code: 'reply_before_case' } });
    expect(await cursorOf(token)).toBe(before);
    expect((await world.call('GET', `/cases/${kase.id}`, { token })).body.case.firstResponseAt).toBeNull();
    // A clock a minute slow is a clock, not a forgery: the reply counts from the case's creation.
    const slowClock = new Date(Date.parse(kase.createdAt) - 60_000).toISOString();
    const fine = await world.call('POST', `/cases/${kase.id}/replies`, { token, body: { text: 'Sorry!', sentAt: slowClock } });
    expect(fine.status).toBe(201);
    expect(fine.body.case.firstResponseAt).toBe(kase.createdAt);
    expect(fine.body.event.data.sentAt).toBe(kase.createdAt);
  });

  it('reads back a time stored before 1970 (or past year 9999) as valid ISO in the snapshot and the customer card', async () => {
    const { token } = world.a.agent;
    const handle = freshHandle('old');
    const kase = await world.call('POST', '/cases', { token, body: { post: postBy(handle) } });
    const customerId = kase.body.case.customerId as string;
    // As an older version would have stored them.
    await world.db.tx((tx) => tx.$client.execute({ sql: 'UPDATE posts SET posted_at = -500 WHERE customer_id = ?', args: [customerId] }));
    await world.db.tx((tx) => tx.$client.execute({ sql: 'UPDATE customers SET created_at = 300000000000000 WHERE id = ?', args: [customerId] }));
    const snapshot = await world.call('GET', '/sync/snapshot', { token });
    expect(snapshot.status).toBe(200);
    const view = snapshot.body.customers.find((c: { customer: { id: string } }) => c.customer.id === customerId);
    const times = JSON.stringify(view).match(/\d{4}-\d\d-\d\dT[^"]*/g) ?? [];
    expect(times.length).toBeGreaterThan(0);
    for (const time of times) expect(new Date(time).toISOString()).toBe(time);
    expect(JSON.stringify(view)).toContain('1969-12-31T23:59:59.500Z');
    expect(JSON.stringify(view)).toContain('9999-12-31T23:59:59.999Z');
    const card = await world.call('GET', `/customers/lookup?platform=x&handle=${handle}`, { token });
    expect(card.status).toBe(200);
    expect(JSON.stringify(card.body)).toContain('1969-12-31T23:59:59.500Z');
  });
});

describe('addresses', () => {
  it.each([
    ['a post on another site', { url: 'https://evil.example/phish' }],
    ['a look-alike host', { url: 'https://x.com.evil.example/jane/status/1' }],
    ['user info before the host', { url: 'https://x.com@evil.example/jane/status/1' }],
    ['a port', { url: 'https://x.com:8443/jane/status/1' }],
    ['a Facebook address for an X post', { url: 'https://www.facebook.com/jane/posts/1' }],
    ['plain http', { url: 'http://x.com/jane/status/1' }],
  ])('refuses %s', async (_what, overrides) => {
    const reply = await world.call('POST', '/cases', { token: world.a.agent.token, body: { post: postBy(freshHandle(), overrides) } });
    expectError(reply, 400, 'validation_failed');
    expect(JSON.stringify(reply.body.issues)).toContain('url');
  });

  it('refuses a profile address off the post\'s platform, and takes twitter.com and facebook.com hosts', async () => {
    const { token } = world.a.agent;
    const off = postBy(freshHandle());
    off.author = { ...off.author, profileUrl: 'https://evil.example/jane' };
    expectError(await world.call('POST', '/cases', { token, body: { post: off } }), 400, 'validation_failed');
    await openCase({ url: 'https://twitter.com/jane_doe/status/1800000000000000001' });
    const facebook = {
      platform: 'facebook', externalId: `fb_${freshHandle()}`, url: 'https://www.facebook.com/jane/posts/123',
      author: { handle: freshHandle('fb'), displayName: 'Jane', profileUrl: 'https://m.facebook.com/jane' }, text: 'Hello',
    };
    expect((await world.call('POST', '/cases', { token, body: { post: facebook } })).status).toBe(201);
  });
});

describe('text', () => {
  it('refuses NUL bytes and lone surrogates in bodies, queries and paths, and changes nothing', async () => {
    const { token } = world.a.agent;
    const kase = await openCase();
    const before = await cursorOf(token);
    const post = JSON.stringify(postBy(freshHandle()));
    for (const bad of ['\\u0000', '\\ud800', '\\uDBFF', '\\udfff', 'a\\udc00b']) {
      expectError(await raw('POST', `/cases/${kase.id}/notes`, token, `{"body":"note ${bad}"}`), 400, 'invalid_text');
      expectError(await raw('POST', '/cases', token, `{"post":${post},"subject":"${bad}"}`), 400, 'invalid_text');
      expectError(await raw('POST', '/cases', token, post.replace('"text":"', `"text":"${bad}`).replace(/^/, '{"post":').replace(/$/, '}')), 400, 'invalid_text');
      expectError(await raw('POST', '/sync/push', token,
        `{"mutations":[{"id":"${uuidv7()}","name":"addNote","args":{"caseId":"${kase.id}","body":"x${bad}"}}]}`), 400, 'invalid_text');
      expectError(await raw('POST', '/templates', token, `{"title":"T","body":"B","tags":["${bad}"]}`), 400, 'invalid_text');
      expectError(await raw('PATCH', `/customers/${'0'.repeat(8)}-0000-7000-8000-000000000000`, token, `{"${bad}":1}`), 400, 'invalid_text');
    }
    expectError(await world.call('GET', '/cases?q=a%00b', { token }), 400, 'invalid_text');
    const invalidUtf8 = await world.app.request(`/cases/${kase.id}/notes`, {
      method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: new Uint8Array([...Buffer.from('{"body":"caf'), 0xc3, 0x28, ...Buffer.from('"}')]),
    });
    expect(invalidUtf8.status).toBe(400);
    expect((await invalidUtf8.json()).code).toBe('invalid_text');
    expectError(await world.call('GET', '/customers/lookup?platform=x&handle=%ED%A0%80', { token }), 400, 'invalid_text');
    expectError(await world.call('GET', `/cases/${kase.id}%00`, { token }), 400, 'invalid_text');
    expect(await cursorOf(token)).toBe(before);
    // A pair that makes one character is text like any other.
    expect((await raw('POST', `/cases/${kase.id}/notes`, token, '{"body":"thanks \\ud83d\\ude00"}')).status).toBe(201);
    // An escaped backslash before "u0000" is the six characters \u0000, not a NUL.
    expect((await raw('POST', `/cases/${kase.id}/notes`, token, '{"body":"see C:\\\\u0000 and \\uD83D\\uDE00"}')).status).toBe(201);
  });
});

describe('assignees', () => {
  it('never gives a case to a disabled agent', async () => {
    const admin = world.a.admin.token;
    const added = await world.call('POST', '/agents', { token: admin, body: { email: `gone-${freshHandle()}@a.test`, name: 'Gone', password: 'correct horse battery', role: 'agent' } });
    expect(added.status).toBe(201);
    const goneId = added.body.agent.id as string;
    expect((await world.call('PATCH', `/agents/${goneId}`, { token: admin, body: { disabled: true } })).status).toBe(200);
    const kase = await openCase();
    const before = await cursorOf(admin);
    expectError(await world.call('PATCH', `/cases/${kase.id}`, { token: admin, body: { assigneeId: goneId, version: kase.version } }), 422, 'assignee_disabled');
    expectError(await world.call('POST', '/cases', { token: admin, body: { post: postBy(freshHandle()), assigneeId: goneId } }), 422, 'assignee_disabled');
    const push = await world.call('POST', '/sync/push', {
      token: admin, body: {
        mutations: [
          { id: uuidv7(), name: 'updateCase', args: { caseId: kase.id, assigneeId: goneId, version: kase.version } },
          { id: uuidv7(), name: 'createCase', args: { post: postBy(freshHandle()), assigneeId: goneId } },
        ],
      },
    });
    expect(push.status).toBe(200);
    expect(push.body.results.map((result: { ok: boolean; error?: { code: string } }) => [result.ok, result.error?.code]))
      .toEqual([[false, 'assignee_disabled'], [false, 'assignee_disabled']]);
    expect(await cursorOf(admin)).toBe(before);
    // Another organisation's agent is still no agent at all here.
    expectError(await world.call('PATCH', `/cases/${kase.id}`, { token: admin, body: { assigneeId: world.b.agent.id, version: kase.version } }), 404, 'not_found');
    // An active agent takes it.
    const given = await world.call('PATCH', `/cases/${kase.id}`, { token: admin, body: { assigneeId: world.a.agent.id, version: kase.version } });
    expect(given.status).toBe(200);
  });
});
