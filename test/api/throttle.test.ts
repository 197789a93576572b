/** Sign-in throttling that a burst cannot race past and an attacker cannot turn against the owner. */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createApp } from '../../api/app.js';
import { passwordSlots, withPasswordSlot } from '../../api/auth/passwords.js';
import { throttle } from '../../api/auth/throttle.js';
import { loginFailures } from '../../api/db/schema.js';
import { startHousekeeping } from '../../api/housekeeping.js';
import { createWorld, PASSWORD, SIGNUP_TOKEN, type World } from './harness.js';

let world: World;
let behindProxy: ReturnType<typeof createApp>;
beforeAll(async () => {
  world = await createWorld();
  // The same API as deployed behind the team's own proxy.
  behindProxy = createApp({ db: world.db, config: { PARLEY_SIGNUP_TOKEN: SIGNUP_TOKEN, TOKEN_TTL_DAYS: 30, TRUST_PROXY: true }, logError: (e) => world.errors.push(e) });
});
afterAll(async () => { await world.close(); });
afterEach(() => { expect(world.errors).toEqual([]); });
beforeEach(() => world.db.tx((tx) => tx.delete(loginFailures)));

const login = (forwardedFor: string, email: string, password: string) =>
  behindProxy.request('/auth/login', {
    method: 'POST', headers: { 'content-type': 'application/json', 'x-forwarded-for': forwardedFor }, body: JSON.stringify({ email, password }),
  });

describe('sign-in throttling', () => {
  it(`checks no more than ${throttle.perAddressEmail} of 16 concurrent wrong passwords; the rest get 429 with Retry-After`, async () => {
    passwordSlots.peak = 0;
    const replies = await Promise.all(Array.from({ length: 16 }, (_, i) => login('203.0.113.9', world.a.agent.email, `wrong guess ${i}`)));
    const statuses = replies.map((reply) => reply.status);
    expect(statuses.filter((status) => status === 401)).toHaveLength(throttle.perAddressEmail);
    const refused = replies.filter((reply) => reply.status === 429);
    expect(refused).toHaveLength(16 - throttle.perAddressEmail);
    for (const reply of refused) expect(Number(reply.headers.get('retry-after'))).toBeGreaterThan(0);
    // The password checks of the burst ran a few at a time.
    expect(passwordSlots.peak).toBeLessThanOrEqual(passwordSlots.max);
  });

  it('never locks the owner out from another address', async () => {
    for (let i = 0; i < throttle.perAddressEmail + 2; i += 1) await login('203.0.113.9', world.a.agent.email, `wrong guess ${i}`);
    expect((await login('203.0.113.9', world.a.agent.email, PASSWORD)).status).toBe(429);
    expect((await login('198.51.100.20', world.a.agent.email, PASSWORD)).status).toBe(200);
  });

  it('takes the address from the rightmost X-Forwarded-For entry: a client-written leftmost one changes nothing', async () => {
    for (let i = 0; i < throttle.perAddressEmail; i += 1) {
      expect((await login(`10.0.0.${i}, 203.0.113.9`, world.a.agent.email, `wrong guess ${i}`)).status).toBe(401);
    }
    expect((await login('192.0.2.1, 203.0.113.9', world.a.agent.email, PASSWORD)).status).toBe(429);
    expect((await login('203.0.113.9, 198.51.100.20', world.a.agent.email, PASSWORD)).status).toBe(200);
  });

  it(`keeps a per-email ceiling of ${throttle.perEmail} against guesses spread over many addresses`, async () => {
    const now = Date.now();
    await world.db.tx((tx) => tx.insert(loginFailures).values(Array.from({ length: throttle.perEmail }, () => ({ key: `email:${world.a.agent.email}`, at: new Date(now) }))));
    expect((await login('198.51.100.20', world.a.agent.email, PASSWORD)).status).toBe(429);
    expect((await login('198.51.100.20', world.a.admin.email, PASSWORD)).status).toBe(200);
  });
});

describe('bounded password checks', () => {
  it('answers 429 with Retry-After when every slot and place in line is taken, without counting the attempt as a guess', async () => {
    let release!: () => void;
    const held = new Promise<void>((done) => { release = done; });
    // Every running slot and every place in line taken by checks that have not finished.
    const occupying = Array.from({ length: passwordSlots.max + passwordSlots.maxWaiting }, () => withPasswordSlot(() => held));
    try {
      const reply = await login('203.0.113.77', world.a.agent.email, PASSWORD);
      expect(reply.status).toBe(429);
      expect(await reply.json()).toMatchObject({ code: 'busy', message: expect.any(String) });
      expect(Number(reply.headers.get('retry-after'))).toBeGreaterThan(0);
      const counted = await world.db.client.first({ sql: "SELECT COUNT(*) FROM login_failures WHERE key LIKE '%203.0.113.77%'" });
      expect(Number(counted?.[0])).toBe(0);
    } finally {
      release();
      await Promise.all(occupying);
    }
    expect((await login('203.0.113.77', world.a.agent.email, PASSWORD)).status).toBe(200);
  });
});

describe('POST /auth/password', () => {
  it(`is throttled like a sign-in: after ${throttle.perAddressEmail} wrong current passwords even the right one gets 429, and nothing changes`, async () => {
    const email = 'changer@a.test';
    const made = await world.call('POST', '/agents', { token: world.a.admin.token, body: { email, name: 'Changer', password: PASSWORD, role: 'agent' } });
    expect(made.status).toBe(201);
    const token = await world.login(email);
    const change = (currentPassword: string) => behindProxy.request('/auth/password', {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'x-forwarded-for': '203.0.113.40' },
      body: JSON.stringify({ currentPassword, newPassword: 'a stolen-token passphrase' }),
    });
    const guesses = await Promise.all(Array.from({ length: 16 }, (_, i) => change(`guess ${i}`)));
    expect(guesses.filter((reply) => reply.status === 400)).toHaveLength(throttle.perAddressEmail);
    expect(guesses.filter((reply) => reply.status === 429)).toHaveLength(16 - throttle.perAddressEmail);
    const right = await change(PASSWORD);
    expect(right.status).toBe(429);
    expect(Number(right.headers.get('retry-after'))).toBeGreaterThan(0);
    // The password is as it was; the owner signs in with it from elsewhere.
    expect((await login('198.51.100.20', email, PASSWORD)).status).toBe(200);
  });
});

describe('housekeeping', () => {
  it('forgets failures once their window has passed, and keeps the ones inside it', async () => {
    const now = Date.now();
    await world.db.tx((tx) => tx.insert(loginFailures).values([
      { key: 'ip:192.0.2.200', at: new Date(now - throttle.windowMs - 60_000) },
      { key: 'ip:192.0.2.200', at: new Date(now - 60_000) },
    ]));
    const housekeeping = startHousekeeping(world.db, { logError: (e) => world.errors.push(e) });
    await housekeeping.stop();
    const left = await world.db.client.execute({ sql: "SELECT at FROM login_failures WHERE key = 'ip:192.0.2.200'" });
    expect(left.rows.map((row) => Number(row[0]))).toEqual([now - 60_000]);
  });
});
