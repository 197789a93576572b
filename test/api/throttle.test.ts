/** Sign-in throttling that a burst cannot race past and an attacker cannot turn against the owner. */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createApp } from '../../api/app.js';
import { passwordSlots } from '../../api/auth/passwords.js';
import { throttle } from '../../api/auth/throttle.js';
import { loginFailures } from '../../api/db/schema.js';
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
