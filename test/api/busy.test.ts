/** A write that cannot get the database's write lock in time: 503 with Retry-After, nothing written, and it goes through once the lock is free. */
import { createClient } from '@libsql/client';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createWorld, expectError, freshHandle, postBy, type World } from './harness.js';

let world: World;
beforeAll(async () => { world = await createWorld(); });
afterAll(async () => { await world.close(); });

it('answers 503 busy when another process holds the write lock past the wait, and changes nothing', async () => {
  const opened = await world.call('POST', '/cases', { token: world.a.agent.token, body: { post: postBy(freshHandle()) } });
  const { id, version } = opened.body.case as { id: string; version: number };
  // Another process on the same file, holding its write lock for longer than the API waits (5 s).
  const other = createClient({ url: world.url });
  const holder = await other.transaction('write');
  await holder.execute('SELECT 1');
  try {
    const reply = await world.call('PATCH', `/cases/${id}`, { token: world.a.agent.token, body: { version, subject: 'Waited too long' } });
    expectError(reply, 503, 'busy');
    expect(reply.headers.get('retry-after')).toBe('2');
    expect(JSON.stringify(reply.body)).not.toMatch(/SQLITE|at \//);
  } finally {
    await holder.rollback();
    other.close();
  }
  expect(world.errors.length).toBeGreaterThan(0); // logged for the operator
  world.errors.length = 0;
  const stored = await world.call('GET', `/cases/${id}`, { token: world.a.agent.token });
  expect(stored.body.case).toMatchObject({ subject: '', version });
  const retried = await world.call('PATCH', `/cases/${id}`, { token: world.a.agent.token, body: { version, subject: 'Waited too long' } });
  expect(retried.status).toBe(200);
}, 30_000);
