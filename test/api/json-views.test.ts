/** The customer view is built by SQLite (api/db/json.ts); it must match the TypeScript mappers exactly. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CustomerView } from '../../api/contract.js';
import { createWorld, samplePost, type World } from './harness.js';

let world: World;
beforeAll(async () => { world = await createWorld(); });
afterAll(async () => { await world.close(); });

describe('customer view built in SQL', () => {
  it('matches the case, post and customer shapes of the other routes, nulls and all', async () => {
    const token = world.a.admin.token;
    const first = await world.call('POST', '/cases', {
      token, body: { post: samplePost({}, { handle: 'view_parity' }), priority: 'urgent', tags: ['billing', 'late'], subject: 'Late order', excerpt: 'never arrived' },
    });
    const second = await world.call('POST', '/cases', {
      token, body: { post: samplePost({ postedAt: undefined }, { handle: 'VIEW_PARITY', followers: undefined, profileUrl: undefined }) },
    });
    expect([first.status, second.status]).toEqual([201, 201]);
    await world.call('POST', `/cases/${first.body.case.id}/replies`, { token, body: { text: 'On it!' } });
    await world.call('PATCH', `/cases/${first.body.case.id}`, { token, body: { status: 'resolved', version: 2 } });
    await world.call('PATCH', `/customers/${first.body.case.customerId}`, { token, body: { vip: true, notes: 'Called twice' } });

    const view = await world.call('GET', `/customers/${first.body.case.customerId}`, { token });
    expect(view.status).toBe(200);
    expect(CustomerView.parse(view.body)).toEqual(view.body);

    const details = await Promise.all(view.body.cases.map((c: { id: string }) => world.call('GET', `/cases/${c.id}`, { token })));
    // Each case also carries what it is about: its highlighted excerpt, else its post's text.
    expect(view.body.cases).toEqual(details.map((d) => ({ ...d.body.case, excerpt: d.body.posts[0].excerpt ?? d.body.posts[0].text })));
    expect(view.body.cases.map((c: { excerpt: string }) => c.excerpt)).toEqual([samplePost().text, 'never arrived']);
    expect(view.body.customer).toEqual(details[0]!.body.customer);
    const postsFromDetails = details.flatMap((d) => d.body.posts).map(({ excerpt: _e, addedAt: _a, ...post }) => post);
    expect(view.body.recentPosts).toEqual(expect.arrayContaining(postsFromDetails));
    expect(view.body.recentPosts).toHaveLength(2);
    // Open cases first, then the rest.
    expect(view.body.cases.map((c: { status: string }) => c.status)).toEqual(['new', 'resolved']);
    expect(view.body.customer.vip).toBe(true);
    expect(view.body.cases[1].resolvedAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect(view.body.recentPosts.find((p: { postedAt: string | null }) => p.postedAt === null)).toBeDefined();
    expect(world.errors).toEqual([]);
  });
});
