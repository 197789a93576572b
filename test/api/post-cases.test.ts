import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createWorld, expectError, freshHandle, postBy, type World } from './harness.js';

let world: World;
beforeAll(async () => { world = await createWorld(); });
afterAll(async () => { await world.close(); });
afterEach(() => { expect(world.errors).toEqual([]); });

const casesOf = (query: string, token = world.a.agent.token) => world.call('GET', `/posts/cases?${query}`, { token });

describe('GET /posts/cases', () => {
  it('answers the case of each post that is in one, and nothing for the others', async () => {
    const first = postBy(freshHandle());
    const second = postBy(freshHandle());
    const made = await world.call('POST', '/cases', { token: world.a.agent.token, body: { post: first } });
    const linked = await world.call('POST', `/cases/${made.body.case.id}/posts`, { token: world.a.agent.token, body: { post: second } });
    expect(linked.status).toBe(201);

    const reply = await casesOf(`platform=x&externalIds=${first.externalId},${second.externalId},999,${first.externalId}`);
    expect(reply.status).toBe(200);
    const byPost = Object.fromEntries(reply.body.links.map((link: { externalId: string; case: { id: string } }) => [link.externalId, link.case.id]));
    expect(byPost).toEqual({ [first.externalId]: made.body.case.id, [second.externalId]: made.body.case.id });
    expect(reply.body.links[0].case.number).toBe(made.body.case.number);
  });

  it('prefers the open case when a post was in a closed one too', async () => {
    const post = postBy(freshHandle());
    const old = (await world.call('POST', '/cases', { token: world.a.agent.token, body: { post } })).body.case;
    const resolved = await world.call('PATCH', `/cases/${old.id}`, { token: world.a.agent.token, body: { status: 'resolved', version: old.version } });
    expect(resolved.status).toBe(200);
    const fresh = await world.call('POST', '/cases', { token: world.a.agent.token, body: { post } });
    expect(fresh.status).toBe(201);

    const reply = await casesOf(`platform=x&externalIds=${post.externalId}`);
    expect(reply.body.links).toHaveLength(1);
    expect(reply.body.links[0].case.id).toBe(fresh.body.case.id);
  });

  it('says which of the posts were recorded as the team\'s reply on a case, and only the team\'s own', async () => {
    const kase = (await world.call('POST', '/cases', { token: world.a.agent.token, body: { post: postBy(freshHandle()) } })).body.case;
    const recorded = await world.call('POST', `/cases/${kase.id}/replies`, { token: world.a.agent.token, body: { text: 'On it', postExternalId: '1877000000000000001' } });
    expect(recorded.status).toBe(201);
    const theirs = (await world.call('POST', '/cases', { token: world.b.agent.token, body: { post: postBy(freshHandle()) } })).body.case;
    await world.call('POST', `/cases/${theirs.id}/replies`, { token: world.b.agent.token, body: { text: 'B-ONLY', postExternalId: '1877000000000000002' } });

    const reply = await casesOf('platform=x&externalIds=1877000000000000001,1877000000000000002,1877000000000000003');
    expect(reply.body.replies).toEqual([{ externalId: '1877000000000000001', caseId: kase.id, number: kase.number }]);
    expect(reply.body.links).toEqual([]);
    // Found through its own index, not by reading every reply of the organisation.
    const plan = await world.db.client.execute({
      sql: `EXPLAIN QUERY PLAN SELECT case_id FROM events WHERE org_id = ? AND type = 'reply' AND "events"."data" ->> '$.postExternalId' IN (?)`,
      args: [world.a.id, '1877000000000000001'],
    });
    expect(JSON.stringify(plan.rows)).toContain('events_reply_post_idx');
  });

  it("never shows another organisation's cases", async () => {
    const post = postBy(freshHandle());
    expect((await world.call('POST', '/cases', { token: world.a.agent.token, body: { post } })).status).toBe(201);
    const reply = await casesOf(`platform=x&externalIds=${post.externalId}`, world.b.agent.token);
    expect(reply.status).toBe(200);
    expect(reply.body.links).toEqual([]);
  });

  it('rejects a bad or oversized query and an unsigned request', async () => {
    expectError(await casesOf('platform=x&externalIds='), 400, 'validation_failed');
    expectError(await casesOf('platform=myspace&externalIds=1'), 400, 'validation_failed');
    expectError(await casesOf('platform=x&externalIds=<script>'), 400, 'validation_failed');
    const many = Array.from({ length: 101 }, (_, i) => String(i + 1)).join(',');
    expectError(await casesOf(`platform=x&externalIds=${many}`), 400, 'validation_failed');
    expectError(await world.call('GET', '/posts/cases?platform=x&externalIds=1'), 401, 'unauthorized');
  });
});
