import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createWorld, expectError, freshHandle, postBy, type World } from './harness.js';
import { createLiveHub, type LiveEvent } from '../../api/live.js';
import { readEvents } from './sse.js';

let world: World;
beforeAll(async () => { world = await createWorld(); });
afterAll(async () => { await world.close(); });
afterEach(() => { expect(world.errors).toEqual([]); });

/** An open `GET /events` stream. */
async function listen(token: string) {
  const response = await world.app.request('/events', { headers: { authorization: `Bearer ${token}` } });
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toContain('text/event-stream');
  return readEvents(response.body!);
}

describe('GET /events', () => {
  it('opens with the current cursor, then announces each change to the organisation', async () => {
    const stream = await listen(world.a.agent.token);
    try {
      const first = await stream.next((event) => event.event === 'change');
      const start = Number(JSON.parse(first.data).cursor);
      const made = await world.call('POST', '/cases', { token: world.a.admin.token, body: { post: postBy(freshHandle()) } });
      expect(made.status).toBe(201);
      const later = await stream.next((event) => event.event === 'change' && Number(JSON.parse(event.data).cursor) > start);
      const pulled = await world.call('GET', `/sync/pull?cursor=${start}`, { token: world.a.agent.token });
      expect(JSON.parse(later.data).cursor).toBe(pulled.body.cursor);
    } finally {
      await stream.close();
    }
  });

  it('keeps telling an agent who connected while a colleague\'s stream was closing', async () => {
    const hub = createLiveHub(world.db, 20);
    const leaving = await hub.subscribe(world.a.id, () => undefined);
    leaving(); // the colleague's connection is aborted…
    const heard: LiveEvent[] = [];
    const staying = await hub.subscribe(world.a.id, (event) => heard.push(event));
    leaving(); // …and its stream's loop lets go of it again when it wakes
    try {
      const made = await world.call('POST', '/cases', { token: world.a.admin.token, body: { post: postBy(freshHandle()) } });
      expect(made.status).toBe(201);
      await expect.poll(() => heard.some((event) => event.event === 'change'), { timeout: 3000 }).toBe(true);
    } finally {
      staying();
    }
  });

  it('leaves no timer behind for each event it sends', async () => {
    const stream = await listen(world.a.agent.token);
    const timers = () => process.getActiveResourcesInfo().filter((kind) => kind === 'Timeout').length;
    try {
      await stream.next((event) => event.event === 'change');
      const before = timers();
      for (let k = 0; k < 20; k += 1) {
        const announced = await world.call('POST', '/presence', { token: world.a.admin.token, body: { platform: 'x', externalId: `timer-${k}`, activity: 'viewing' } });
        expect(announced.status).toBe(200);
        await stream.next((event) => event.event === 'presence' && event.data.includes(`"timer-${k}"`));
      }
      // Each event woke the stream before its 15 s keep-alive: none of those waits may still be armed.
      expect(timers() - before).toBeLessThan(10);
    } finally {
      await stream.close();
    }
  });

  it('tells the organisation who is replying to a post, and nobody else', async () => {
    const ours = await listen(world.a.agent.token);
    const theirs = await listen(world.b.agent.token);
    try {
      await theirs.next((event) => event.event === 'change');
      const announced = await world.call('POST', '/presence', { token: world.a.admin.token, body: { platform: 'x', externalId: '1851234567890123456', activity: 'replying' } });
      expect(announced.status).toBe(200);
      const seen = await ours.next((event) => event.event === 'presence');
      const me = (await world.call('GET', '/me', { token: world.a.admin.token })).body.agent;
      expect(JSON.parse(seen.data)).toEqual({
        agentId: me.id, agentName: me.name, platform: 'x', externalId: '1851234567890123456',
        activity: 'replying', expiresAt: announced.body.expiresAt,
      });
      expect(Date.parse(announced.body.expiresAt) - Date.now()).toBeGreaterThan(25_000);
      await world.call('POST', '/cases', { token: world.a.admin.token, body: { post: postBy(freshHandle()) } });
      await ours.next((event) => event.event === 'change' && ours.events.indexOf(event) > 0);
      expect(theirs.events.map((event) => event.event)).toEqual(['change']);
    } finally {
      await Promise.all([ours.close(), theirs.close()]);
    }
  });

  it('forgets announcements that ended long ago', async () => {
    const me = (await world.call('GET', '/me', { token: world.a.agent.token })).body;
    const longAgo = Date.now() - 2 * 60 * 60_000;
    await world.db.tx((tx) => tx.$client.execute({
      sql: "INSERT INTO presence (org_id, agent_id, platform, external_id, activity, expires_at, updated_at) VALUES (?, ?, 'x', 'old', 'viewing', ?, ?)",
      args: [me.org.id, me.agent.id, longAgo, longAgo],
    }));
    expect((await world.call('POST', '/presence', { token: world.a.agent.token, body: { platform: 'x', externalId: 'new', activity: 'viewing' } })).status).toBe(200);
    const left = await world.db.client.execute({ sql: 'SELECT external_id FROM presence WHERE org_id = ? AND agent_id = ? ORDER BY external_id', args: [me.org.id, me.agent.id] });
    expect(left.rows.map((row) => row[0])).toEqual(['new']);
  });

  it('needs a signed-in agent and a well-formed announcement', async () => {
    expectError(await world.call('GET', '/events'), 401, 'unauthorized');
    expectError(await world.call('POST', '/presence', { body: { platform: 'x', externalId: '1', activity: 'viewing' } }), 401, 'unauthorized');
    expectError(await world.call('POST', '/presence', { token: world.a.agent.token, body: { platform: 'x', externalId: '1', activity: 'typing' } }), 400, 'validation_failed');
    expectError(await world.call('POST', '/presence', { token: world.a.agent.token, body: { platform: 'x', externalId: '<b>', activity: 'viewing' } }), 400, 'validation_failed');
  });
});
