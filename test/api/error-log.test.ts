/**
 * A real database fault in the middle of a request: the server's log names the request, the error
 * classes and their codes, and none of the values the failed statement was bound to.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createApp } from '../../api/app.js';
import { createWorld, postBy, freshHandle, SIGNUP_TOKEN, testDatabase, type World } from './harness.js';

// The driver's error classes: the embedded file's, or the libSQL server client's.
const classes = testDatabase === 'remote' ? /^\[[\w-]+\] \w+Error( ← \w+Error)*: SQLITE_CONSTRAINT(_TRIGGER)?$/ : /^\[[\w-]+\] DrizzleQueryError ← SqliteError: SQLITE_CONSTRAINT_TRIGGER$/;

let world: World;
let app: ReturnType<typeof createApp>;
const logged: string[] = [];
beforeAll(async () => {
  world = await createWorld();
  // The app as production builds it: its own default error log.
  app = createApp({ db: world.db, config: { PARLEY_SIGNUP_TOKEN: SIGNUP_TOKEN, TOKEN_TTL_DAYS: 30, TRUST_PROXY: false } });
  vi.spyOn(console, 'error').mockImplementation((...parts: unknown[]) => void logged.push(parts.map(String).join(' ')));
});
afterAll(async () => {
  vi.restoreAllMocks();
  await world.close();
});
afterEach(async () => {
  logged.splice(0);
  await world.db.tx(async (tx) => {
    await tx.$client.execute('DROP TRIGGER IF EXISTS fail_notes');
    await tx.$client.execute('DROP TRIGGER IF EXISTS fail_agents');
  });
});

const send = async (method: string, path: string, token: string, body: unknown) => {
  const response = await app.request(path, {
    method, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as { code: string; message: string; requestId: string } };
};

/** The fault: the database refuses every insert into `table` (matching `when`), as a full disk or a broken trigger would. */
const failInserts = (name: string, table: string, when = '1') =>
  world.db.tx((tx) => tx.$client.execute(`CREATE TRIGGER ${name} BEFORE INSERT ON ${table} WHEN ${when} BEGIN SELECT RAISE(ABORT, 'refused'); END`));

describe('the log of an unexpected error', () => {
  it('names the request and the error classes, never the note text or the email it was writing', async () => {
    const { token } = world.a.agent;
    const made = await world.call('POST', '/cases', { token, body: { post: postBy(freshHandle()) } });
    expect(made.status).toBe(201);
    await failInserts('fail_notes', 'events', "NEW.type = 'note'");
    const note = 'Customer asked us to call jane.secret@example.com about the chargeback';
    const reply = await send('POST', `/cases/${made.body.case.id}/notes`, token, { body: note });
    expect(reply.status).toBe(500);
    expect(reply.body).toMatchObject({ code: 'internal', message: 'Something went wrong on the server' });
    expect(JSON.stringify(reply.body)).not.toContain('chargeback');

    expect(logged).toHaveLength(1);
    const line = logged[0]!;
    expect(line.split('\n')[0]).toMatch(classes);
    expect(line.startsWith(`[${reply.body.requestId}] `)).toBe(true);
    expect(line).toMatch(/\n\s+at /); // where it happened
    for (const secret of ['jane.secret@example.com', 'chargeback', made.body.case.id, world.a.agent.id, 'refused', 'insert into']) {
      expect(line).not.toContain(secret);
    }
  });

  it('leaves out an agent\'s email and password hash', async () => {
    await failInserts('fail_agents', 'agents');
    const email = `hidden.agent.${Date.now()}@a.test`;
    const reply = await send('POST', '/agents', world.a.admin.token, { email, name: 'Hidden Agent', password: 'correct horse battery', role: 'agent' });
    expect(reply.status, JSON.stringify(reply.body)).toBe(500);
    expect(logged).toHaveLength(1);
    const line = logged[0]!;
    expect(line.startsWith(`[${reply.body.requestId}] `)).toBe(true);
    expect(line.split('\n')[0]).toMatch(/Error/);
    for (const secret of [email, 'Hidden Agent', '$argon2', '$scrypt', 'correct horse battery']) expect(line).not.toContain(secret);
  });
});
