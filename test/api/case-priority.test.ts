import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { readUntonedPosts, storedTone } from '../../api/ops/postTones.js';
import { createWorld, expectError, freshHandle, postBy, type World } from './harness.js';

let world: World;
beforeAll(async () => { world = await createWorld(); });
afterAll(async () => { await world.close(); });
afterEach(() => { expect(world.errors).toEqual([]); });

const now = () => new Date().toISOString();

async function openCase(post: Record<string, unknown>, extra: Record<string, unknown> = {}) {
  const reply = await world.call('POST', '/cases', { token: world.a.agent.token, body: { post, ...extra } });
  expect(reply.status).toBe(201);
  return reply.body.case as { id: string; number: number; priority: string; customerId: string };
}

describe('priority of a new case', () => {
  it('comes from its post when the agent gives none, and stays the agent\'s when given', async () => {
    const angry = postBy(freshHandle(), { text: 'My account was HACKED and you did nothing. Calling my lawyer!!', postedAt: now() });
    const loud = { ...angry, author: { ...angry.author, followers: 800_000 } };
    expect((await openCase(loud)).priority).toBe('urgent');
    const happy = postBy(freshHandle(), { text: 'Love the new app, great job 😍', postedAt: now() });
    expect((await openCase({ ...happy, author: { ...happy.author, followers: 20 } })).priority).toBe('low');
    const chosen = postBy(freshHandle(), { text: 'My account was hacked', postedAt: now() });
    expect((await openCase(chosen, { priority: 'low' })).priority).toBe('low');
  });

  it('stores every post with its tone, shown in the customer\'s recent posts', async () => {
    const handle = freshHandle();
    const kase = await openCase(postBy(handle, { text: 'This is the worst service ever, I am furious 😡' }));
    await openCase(postBy(handle, { text: 'Thank you so much, you fixed it! 🙏' }));
    const customer = (await world.call('GET', `/customers/${kase.customerId}`, { token: world.a.agent.token })).body;
    const tones = (customer.recentPosts as { text: string; tone: number }[]).map((post) => [post.text.slice(0, 4), Math.sign(post.tone)]);
    expect(tones).toEqual(expect.arrayContaining([['This', -1], ['Than', 1]]));
  });
});

describe('posts stored before tone was read', () => {
  it('get their tone from the upkeep, and their customer\'s view shows it', async () => {
    const kase = await openCase(postBy(freshHandle(), { text: 'Absolutely furious, worst order ever 😡' }));
    await world.db.tx((tx) => tx.$client.execute({ sql: 'UPDATE posts SET tone = NULL WHERE customer_id = ?', args: [kase.customerId] }));
    const view = async () => (await world.call('GET', `/customers/${kase.customerId}`, { token: world.a.agent.token })).body.recentPosts[0].tone;
    expect(await view()).toBeNull();
    expect(await readUntonedPosts(world.db)).toBeGreaterThanOrEqual(1);
    expect(await view()).toBeLessThan(-0.5);
    expect(await readUntonedPosts(world.db)).toBe(0);
  });

  it('are read again after the migration that changed the scale, with today\'s scorer', async () => {
    const text = 'Absolutely furious, worst order ever 😡';
    const kase = await openCase(postBy(freshHandle(), { text }));
    const stale = 0.5; // a score the old scale gave, seen as glad on today's
    await world.db.tx((tx) => tx.$client.execute({ sql: 'UPDATE posts SET tone = ? WHERE customer_id = ?', args: [stale, kase.customerId] }));
    const migration = readFileSync(resolve(import.meta.dirname, '../../api/db/migrations/0017_tone_trained_rescore.sql'), 'utf8');
    await world.db.tx((tx) => tx.$client.execute(migration));
    const view = async () => (await world.call('GET', `/customers/${kase.customerId}`, { token: world.a.agent.token })).body.recentPosts[0].tone;
    expect(await view()).toBeNull();
    await readUntonedPosts(world.db);
    expect(await view()).toBe(storedTone(text));
  });
});

describe('listing cases by priority', () => {
  it('puts urgent first, then the most urgent posts within a priority, a page at a time', async () => {
    const made = [
      await openCase(postBy(freshHandle(), { text: 'question about sizes', postedAt: now() }), { priority: 'normal' }),
      await openCase(postBy(freshHandle(), { text: 'I want a refund, this is a scam', postedAt: now() }), { priority: 'normal' }),
      await openCase(postBy(freshHandle(), { text: 'thanks!', postedAt: now() }), { priority: 'urgent' }),
      await openCase(postBy(freshHandle(), { text: 'hello', postedAt: now() }), { priority: 'low' }),
    ];
    const seen: number[] = [];
    let cursor: string | null = null;
    do {
      const query: string = `/cases?sort=priority&limit=2${cursor ? `&cursor=${cursor}` : ''}`;
      const page = await world.call('GET', query, { token: world.a.agent.token });
      expect(page.status).toBe(200);
      seen.push(...(page.body.cases as { number: number }[]).map((kase) => kase.number));
      cursor = page.body.nextCursor;
    } while (cursor);
    const ours = seen.filter((number) => made.some((kase) => kase.number === number));
    expect(ours).toEqual([made[2]!.number, made[1]!.number, made[0]!.number, made[3]!.number]);
    expect(new Set(seen).size).toBe(seen.length);
  });

  it('refuses a cursor from the other order', async () => {
    const reply = await world.call('GET', '/cases?sort=priority&cursor=12', { token: world.a.agent.token });
    expectError(reply, 400, 'validation_failed');
    expectError(await world.call('GET', '/cases?cursor=1.20.3', { token: world.a.agent.token }), 400, 'validation_failed');
  });
});
