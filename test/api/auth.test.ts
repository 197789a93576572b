import { eq } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { hashToken } from '../../api/auth/tokens.js';
import { assertNotThrottled, recordFailure, throttle, throttleKeys } from '../../api/auth/throttle.js';
import { ApiError } from '../../api/http.js';
import { agents, loginFailures, tokens } from '../../api/db/schema.js';
import { createWorld, expectError, PASSWORD, type World } from './harness.js';

let world: World;
beforeAll(async () => { world = await createWorld(); });
afterAll(async () => { await world.close(); });
afterEach(() => { expect(world.errors).toEqual([]); });


/** A fresh agent in organisation a, added by its admin over the API. */
async function addAgent(label: string, role: 'admin' | 'agent' = 'agent') {
  const email = `${label}@a.test`;
  const reply = await world.call('POST', '/agents', {
    token: world.a.admin.token,
    body: { email, name: `Agent ${label}`, password: PASSWORD, role },
  });
  expect(reply.status).toBe(201);
  return { id: reply.body.agent.id as string, email };
}

const login = (email: string, password: string) => world.call('POST', '/auth/login', { body: { email, password } });
const forgetFailures = () => world.db.tx((tx) => tx.delete(loginFailures));

describe('signing in', () => {
  it('returns a token, the agent and the organisation', async () => {
    const before = Date.now();
    const reply = await login(world.a.admin.email, PASSWORD);
    expect(reply.status).toBe(200);
    expect(reply.body.token).toEqual(expect.any(String));
    expect(reply.body.agent).toEqual({ id: world.a.admin.id, name: 'Admin a', email: 'admin@a.test', role: 'admin', disabled: false });
    expect(reply.body.org).toEqual({ id: world.a.id, name: 'Org a' });
    const expires = Date.parse(reply.body.expiresAt);
    expect(expires - before).toBeGreaterThanOrEqual(30 * 86_400_000 - 1000);
    expect(expires - before).toBeLessThanOrEqual(30 * 86_400_000 + 60_000);
  });

  it('treats the email case-insensitively', async () => {
    const reply = await login('AGENT@A.test', PASSWORD);
    expect(reply.status).toBe(200);
    expect(reply.body.agent.id).toBe(world.a.agent.id);
  });

  it('gives a wrong password and an unknown email the same 401', async () => {
    const wrongPassword = await login(world.a.admin.email, 'not the password');
    const unknownEmail = await login('nobody@nowhere.test', PASSWORD);
    expectError(wrongPassword, 401, 'invalid_credentials');
    expectError(unknownEmail, 401, 'invalid_credentials');
    expect(unknownEmail.body.message).toBe(wrongPassword.body.message);
    expect(wrongPassword.body.token).toBeUndefined();
  });

  it.each([
    ['no password', { email: 'admin@a.test' }],
    ['an email that is not one', { email: 'admin-at-a.test', password: PASSWORD }],
    ['an extra field', { email: 'admin@a.test', password: PASSWORD, remember: true }],
  ])('refuses a body with %s as 400 with issues', async (_label, body) => {
    const reply = await world.call('POST', '/auth/login', { body });
    expectError(reply, 400, 'validation_failed');
    expect(reply.body.issues.length).toBeGreaterThan(0);
  });
});

describe('throttling failed sign-ins', () => {
  let victim: { id: string; email: string };
  beforeAll(async () => { victim = await addAgent('throttled'); });
  beforeEach(forgetFailures);
  afterAll(forgetFailures);

  it(`allows ${throttle.perAddressEmail} failures per address and email, then answers 429 with Retry-After even to the right password`, async () => {
    for (let i = 0; i < throttle.perAddressEmail; i += 1) {
      expect((await login(victim.email, `wrong password ${i}`)).status).toBe(401);
    }
    const wrong = await login(victim.email, 'wrong again!');
    expectError(wrong, 429, 'rate_limited');
    const retryAfter = Number(wrong.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(throttle.windowMs / 1000);

    const right = await login(victim.email, PASSWORD);
    expectError(right, 429, 'rate_limited');
    expect(right.body.token).toBeUndefined();
    expect(right.headers.get('retry-after')).toEqual(expect.stringMatching(/^\d+$/));
  });

  it('throttles one email, whatever its case, without affecting another', async () => {
    for (let i = 0; i < throttle.perAddressEmail; i += 1) await login(i % 2 ? victim.email.toUpperCase() : victim.email, `wrong password ${i}`);
    expect((await login(victim.email, PASSWORD)).status).toBe(429);
    expect((await login(world.a.agent.email, PASSWORD)).status).toBe(200);
  });

  it('forgets an email\'s failures after a successful sign-in', async () => {
    for (let i = 0; i < throttle.perAddressEmail - 1; i += 1) await login(victim.email, `wrong password ${i}`);
    expect((await login(victim.email, PASSWORD)).status).toBe(200);
    for (let i = 0; i < throttle.perAddressEmail; i += 1) {
      expect((await login(victim.email, `wrong password ${i}`)).status).toBe(401);
    }
    expect((await login(victim.email, 'one too many')).status).toBe(429);
  });

  it(`refuses every email from an address with ${throttle.perAddress} failures (in-process requests come from 'unknown')`, async () => {
    const now = new Date();
    await world.db.tx(async (tx) => {
      for (let i = 0; i < throttle.perAddress; i += 1) await recordFailure(tx, throttleKeys(`guess${i}@x.test`, 'unknown'), now);
    });
    const reply = await login(world.b.admin.email, PASSWORD);
    expectError(reply, 429, 'rate_limited');
    expect(Number(reply.headers.get('retry-after'))).toBeGreaterThan(0);
    // Without TRUST_PROXY, a forged X-Forwarded-For does not make a new address.
    const forged = await world.call('POST', '/auth/login', {
      headers: { 'x-forwarded-for': '203.0.113.50' },
      body: { email: world.b.admin.email, password: PASSWORD },
    });
    expectError(forged, 429, 'rate_limited');
  });

  describe('per address, checked directly', () => {
    const address = '198.51.100.7';
    const fail = (count: number, at: Date) =>
      world.db.tx(async (tx) => {
        for (let i = 0; i < count; i += 1) await recordFailure(tx, throttleKeys(`spray${i}@x.test`, address), at);
      });

    it(`lets an address through with ${throttle.perAddress - 1} failures and stops it at ${throttle.perAddress}`, async () => {
      const now = new Date();
      await fail(throttle.perAddress - 1, now);
      await expect(assertNotThrottled(world.db, throttleKeys('fresh@x.test', address), now)).resolves.toBeUndefined();
      await fail(1, now);
      const refused = await assertNotThrottled(world.db, throttleKeys('fresh@x.test', address), now).catch((e: unknown) => e);
      expect(refused).toBeInstanceOf(ApiError);
      const error = refused as ApiError;
      expect(error.status).toBe(429);
      expect(error.extra.headers?.['Retry-After']).toBe(String(throttle.windowMs / 1000));
      // Another address is not affected.
      await expect(assertNotThrottled(world.db, throttleKeys('fresh@x.test', '203.0.113.1'), now)).resolves.toBeUndefined();
    });

    it('lets the address in again once the window has passed', async () => {
      const then = new Date(Date.now() - throttle.windowMs - 1000);
      await fail(throttle.perAddress, then);
      await expect(assertNotThrottled(world.db, throttleKeys('fresh@x.test', address), new Date())).resolves.toBeUndefined();
    });
  });
});

describe('tokens', () => {
  it('signs out at once: the token stops working, other sessions stay', async () => {
    const first = await world.login(world.a.agent.email);
    const second = await world.login(world.a.agent.email);
    expect((await world.call('GET', '/me', { token: first })).status).toBe(200);
    expect((await world.call('POST', '/auth/logout', { token: first })).status).toBe(204);
    expectError(await world.call('GET', '/me', { token: first }), 401, 'unauthorized');
    expectError(await world.call('POST', '/auth/logout', { token: first }), 401);
    expect((await world.call('GET', '/me', { token: second })).status).toBe(200);
  });

  it('GET /me answers with the signed-in agent and their organisation', async () => {
    const reply = await world.call('GET', '/me', { token: world.b.agent.token });
    expect(reply.status).toBe(200);
    expect(reply.body).toEqual({
      agent: { id: world.b.agent.id, name: 'Agent b', email: 'agent@b.test', role: 'agent', disabled: false },
      org: { id: world.b.id, name: 'Org b' },
    });
  });

  it.each([
    ['no Authorization header', {}],
    ['a garbage token', { authorization: 'Bearer garbage' }],
    ['a well-formed but unknown token', { authorization: `Bearer plt_${'x'.repeat(43)}` }],
    ['another scheme', { authorization: `Basic ${Buffer.from('admin@a.test:pw').toString('base64')}` }],
  ])('refuses %s with 401', async (_label, headers) => {
    for (const [method, path] of [['GET', '/me'], ['GET', '/agents'], ['GET', '/templates'], ['GET', '/cases'], ['POST', '/auth/logout']] as const) {
      expectError(await world.call(method, path, { headers }), 401, 'unauthorized');
    }
  });

  it('refuses an expired token', async () => {
    const token = await world.login(world.b.agent.email);
    await world.db.tx((tx) => tx.update(tokens).set({ expiresAt: new Date(Date.now() - 1000) }).where(eq(tokens.tokenHash, hashToken(token))));
    expectError(await world.call('GET', '/me', { token }), 401, 'unauthorized');
  });

  it('stores only a hash of the token, never its text', async () => {
    const token = await world.login(world.b.admin.email);
    const secret = token.replace(/^[a-z]+_/, '');
    const rows = (await world.db.client.execute('SELECT * FROM tokens')).rows;
    const dump = JSON.stringify(rows);
    expect(dump).not.toContain(secret);
    expect(dump).not.toContain(secret.slice(0, 16));
    const [row] = await world.db.read.select().from(tokens).where(eq(tokens.tokenHash, hashToken(token)));
    expect(row?.agentId).toBe(world.b.admin.id);
    expect(row?.tokenHash).not.toBe(token);
  });

  it('makes tokens of at least 128 random bits', async () => {
    const issued = await Promise.all([1, 2, 3].map(() => world.login(world.b.agent.email)));
    expect(new Set(issued).size).toBe(3);
    for (const token of issued) {
      const secret = token.replace(/^[a-z]+_/, '');
      expect(secret).toMatch(/^[A-Za-z0-9_-]+$/);
      expect(Buffer.from(secret, 'base64url').length).toBeGreaterThanOrEqual(16);
    }
  });
});

describe('disabled agents', () => {
  it('lose their tokens at once, cannot sign in, and can sign in again when re-enabled', async () => {
    const agent = await addAgent('leaver');
    const token = await world.login(agent.email);
    expect((await world.call('GET', '/me', { token })).status).toBe(200);

    const disable = await world.call('PATCH', `/agents/${agent.id}`, { token: world.a.admin.token, body: { disabled: true } });
    expect(disable.status).toBe(200);
    expect(disable.body.agent.disabled).toBe(true);
    expectError(await world.call('GET', '/me', { token }), 401, 'unauthorized');
    expectError(await world.call('GET', '/templates', { token }), 401, 'unauthorized');
    expectError(await login(agent.email, PASSWORD), 401, 'invalid_credentials');

    await world.call('PATCH', `/agents/${agent.id}`, { token: world.a.admin.token, body: { disabled: false } });
    expectError(await world.call('GET', '/me', { token }), 401, 'unauthorized');
    expect((await login(agent.email, PASSWORD)).status).toBe(200);
  });
});

describe('password storage', () => {
  it('hashes passwords with argon2id at m=19456, t=2, p=1', async () => {
    const rows = await world.db.read.select({ email: agents.email, hash: agents.passwordHash }).from(agents);
    expect(rows.length).toBeGreaterThanOrEqual(4);
    for (const row of rows) {
      expect(row.hash.startsWith('$argon2id$'), row.email).toBe(true);
      expect(row.hash, row.email).toContain('m=19456,t=2,p=1');
      expect(row.hash).not.toContain(PASSWORD);
    }
  });
});
