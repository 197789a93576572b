/** A revoked sign-in stops at once, everywhere: its event streams end, on every API process. */
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../api/app.js';
import { openDatabase, type Database } from '../../api/db/client.js';
import { startHousekeeping } from '../../api/housekeeping.js';
import { pruneExpiredTokens } from '../../api/ops/tokens.js';
import { createWorld, expectError, PASSWORD, SIGNUP_TOKEN, type World } from './harness.js';
import { readEvents } from './sse.js';

let world: World;
let otherDb: Database;
let otherProcess: ReturnType<typeof createApp>;
beforeAll(async () => {
  world = await createWorld();
  // A second API process on the same database file: its own connections and its own live hub.
  otherDb = await openDatabase({ url: `file:${join(world.dir, 'parley.db')}` });
  otherProcess = createApp({ db: otherDb, config: { PARLEY_SIGNUP_TOKEN: SIGNUP_TOKEN, TOKEN_TTL_DAYS: 30, TRUST_PROXY: false }, logError: (e) => world.errors.push(e) });
});
afterAll(async () => { otherDb.close(); await world.close(); });
afterEach(() => { expect(world.errors).toEqual([]); });

let agents = 0;
async function newAgent() {
  const email = `revoke${++agents}@a.test`;
  const made = await world.call('POST', '/agents', { token: world.a.admin.token, body: { email, name: `Revoke ${agents}`, password: PASSWORD, role: 'agent' } });
  expect(made.status).toBe(201);
  return { id: made.body.agent.id as string, email, token: await world.login(email) };
}

async function listenOnOtherProcess(token: string) {
  const response = await otherProcess.request('/events', { headers: { authorization: `Bearer ${token}` } });
  expect(response.status).toBe(200);
  const stream = readEvents(response.body!);
  await stream.next((event) => event.event === 'change');
  return stream;
}

async function endsWithin(stream: { ended: boolean }, ms: number) {
  const until = Date.now() + ms;
  while (!stream.ended && Date.now() < until) await new Promise((done) => setTimeout(done, 50));
  return stream.ended;
}

describe('revocation ends event streams within 5 s on every process', () => {
  it.each([
    ['signing out', async (agent: { token: string }) => {
      expect((await world.call('POST', '/auth/logout', { token: agent.token })).status).toBe(204);
    }],
    ['an admin disabling the agent', async (agent: { id: string }) => {
      expect((await world.call('PATCH', `/agents/${agent.id}`, { token: world.a.admin.token, body: { disabled: true } })).status).toBe(200);
    }],
    ['an admin setting a new password', async (agent: { id: string }) => {
      expect((await world.call('PATCH', `/agents/${agent.id}`, { token: world.a.admin.token, body: { password: 'a brand new passphrase' } })).status).toBe(200);
    }],
    ['the sign-in expiring', async (agent: { id: string }) => {
      await world.db.tx((tx) => tx.$client.execute({ sql: 'UPDATE tokens SET expires_at = ? WHERE agent_id = ?', args: [Date.now() - 1, agent.id] }));
    }],
  ])('after %s', async (_what, revoke) => {
    const agent = await newAgent();
    const colleague = await listenOnOtherProcess(world.a.agent.token);
    const stream = await listenOnOtherProcess(agent.token);
    try {
      await revoke(agent);
      expect(await endsWithin(stream, 5000)).toBe(true);
      expect((await otherProcess.request('/me', { headers: { authorization: `Bearer ${agent.token}` } })).status).toBe(401);
      // A colleague whose sign-in stands keeps theirs, and it still tells them of changes.
      expect(colleague.ended).toBe(false);
      const heard = colleague.events.length;
      expect((await world.call('POST', '/presence', { token: world.a.admin.token, body: { platform: 'x', externalId: `kept${agents}`, activity: 'viewing' } })).status).toBe(200);
      await colleague.next((event) => event.event === 'presence' && colleague.events.indexOf(event) >= heard, 4000);
    } finally {
      await stream.close();
      await colleague.close();
    }
  });
});

describe('a sign-in a process has already checked', () => {
  it('fails on its next request there once another process revokes it, and a new role applies at once', async () => {
    const agent = await newAgent();
    const me = () => otherProcess.request('/me', { headers: { authorization: `Bearer ${agent.token}` } });
    expect((await me()).status).toBe(200);
    expect((await me()).status).toBe(200); // the second is answered from what the process kept
    // An invalid new agent: refused 403 to an agent, 400 to an admin.
    const addAgent = () => otherProcess.request('/agents', {
      method: 'POST', headers: { authorization: `Bearer ${agent.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'probe@a.test', name: 'Probe', password: 'x', role: 'agent' }),
    });
    expect((await addAgent()).status).toBe(403);
    expect((await world.call('PATCH', `/agents/${agent.id}`, { token: world.a.admin.token, body: { role: 'admin' } })).status).toBe(200);
    expect((await addAgent()).status).toBe(400);
    expect((await world.call('POST', '/auth/logout', { token: agent.token })).status).toBe(204);
    expect((await me()).status).toBe(401);
  });
});

describe('POST /auth/password', () => {
  it('changes the password and revokes every other sign-in, keeping this one; its streams end', async () => {
    const agent = await newAgent();
    const elsewhere = await world.login(agent.email);
    const stream = await listenOnOtherProcess(elsewhere);
    try {
      const changed = await world.call('POST', '/auth/password', { token: agent.token, body: { currentPassword: PASSWORD, newPassword: 'another fine passphrase' } });
      expect(changed.status).toBe(204);
      expect(await endsWithin(stream, 5000)).toBe(true);
      expect((await world.call('GET', '/me', { token: elsewhere })).status).toBe(401);
      expect((await world.call('GET', '/me', { token: agent.token })).status).toBe(200);
      expect((await world.call('POST', '/auth/login', { body: { email: agent.email, password: PASSWORD } })).status).toBe(401);
      await world.login(agent.email, 'another fine passphrase');
    } finally {
      await stream.close();
    }
  });

  it('refuses a wrong current password or a short new one, and changes nothing', async () => {
    const agent = await newAgent();
    const elsewhere = await world.login(agent.email);
    expectError(await world.call('POST', '/auth/password', { token: agent.token, body: { currentPassword: 'not it at all', newPassword: 'another fine passphrase' } }), 400, 'wrong_password');
    expectError(await world.call('POST', '/auth/password', { token: agent.token, body: { currentPassword: PASSWORD, newPassword: 'short' } }), 400, 'validation_failed');
    expectError(await world.call('POST', '/auth/password', { body: { currentPassword: PASSWORD, newPassword: 'another fine passphrase' } }), 401);
    expect((await world.call('GET', '/me', { token: elsewhere })).status).toBe(200);
    await world.login(agent.email);
  });
});

describe('PATCH /agents/:id {password}', () => {
  it('lets an admin set the password of an agent of their organisation only', async () => {
    const agent = await newAgent();
    expectError(await world.call('PATCH', `/agents/${agent.id}`, { token: world.b.admin.token, body: { password: 'a brand new passphrase' } }), 404);
    expectError(await world.call('PATCH', `/agents/${agent.id}`, { token: world.a.agent.token, body: { password: 'a brand new passphrase' } }), 403);
    expect((await world.call('GET', '/me', { token: agent.token })).status).toBe(200);
    expect((await world.call('PATCH', `/agents/${agent.id}`, { token: world.a.admin.token, body: { password: 'a brand new passphrase' } })).status).toBe(200);
    expect((await world.call('GET', '/me', { token: agent.token })).status).toBe(401);
    await world.login(agent.email, 'a brand new passphrase');
  });

  it('keeps the sign-in an admin used to set their own password, and ends their others', async () => {
    const email = `self${++agents}@a.test`;
    const made = await world.call('POST', '/agents', { token: world.a.admin.token, body: { email, name: 'Self setter', password: PASSWORD, role: 'admin' } });
    const id = made.body.agent.id as string;
    const here = await world.login(email);
    const elsewhere = await world.login(email);
    expect((await world.call('PATCH', `/agents/${id}`, { token: here, body: { password: 'my own new passphrase' } })).status).toBe(200);
    expect((await world.call('GET', '/me', { token: here })).status).toBe(200);
    expectError(await world.call('GET', '/me', { token: elsewhere }), 401, 'unauthorized');
    await world.login(email, 'my own new passphrase');
  });

  it('is in the OpenAPI document, as is POST /auth/password', async () => {
    const doc = (await world.call('GET', '/openapi.json')).body;
    expect(doc.paths['/auth/password'].post).toBeDefined();
    expect(JSON.stringify(doc.paths['/agents/{id}'].patch)).toContain('password');
  });
});

describe('housekeeping', () => {
  it('deletes expired tokens when it runs', async () => {
    const agent = await newAgent();
    await world.db.tx((tx) => tx.$client.execute({ sql: 'UPDATE tokens SET expires_at = ? WHERE agent_id = ?', args: [Date.now() - 1000, agent.id] }));
    const housekeeping = startHousekeeping(world.db, { logError: (e) => world.errors.push(e) });
    await housekeeping.stop();
    expect(Number((await world.db.client.first({ sql: 'SELECT COUNT(*) FROM tokens WHERE agent_id = ?', args: [agent.id] }))?.[0])).toBe(0);
    expect((await world.call('GET', '/me', { token: world.a.agent.token })).status).toBe(200);
  });

  it('deletes expired tokens and keeps live ones', async () => {
    const agent = await newAgent();
    await world.db.tx((tx) => tx.$client.execute({ sql: 'UPDATE tokens SET expires_at = ? WHERE agent_id = ?', args: [Date.now() - 1000, agent.id] }));
    const live = await world.db.client.first({ sql: 'SELECT COUNT(*) FROM tokens WHERE expires_at > ?', args: [Date.now()] });
    expect(await pruneExpiredTokens(world.db, new Date())).toBeGreaterThanOrEqual(1);
    expect((await world.db.client.first({ sql: 'SELECT COUNT(*) FROM tokens WHERE agent_id = ?', args: [agent.id] }))?.[0]).toBe(0);
    expect((await world.db.client.first({ sql: 'SELECT COUNT(*) FROM tokens' }))?.[0]).toBe(live?.[0]);
  });
});
