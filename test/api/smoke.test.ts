import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWorld, samplePost, type World } from './harness.js';

let world: World;
beforeAll(async () => { world = await createWorld(); });
afterAll(async () => { await world.close(); });

describe('harness', () => {
  it('signs in both organisations and creates a case', async () => {
    const reply = await world.call('POST', '/cases', { token: world.a.agent.token, body: { post: samplePost() } });
    expect(reply.status).toBe(201);
    expect(reply.body.case.number).toBe(1);
  });
});
