/** The customer view is built by SQLite (api/db/json.ts); it must match the TypeScript mappers exactly. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CaseDetail, CustomerView } from '../../api/contract.js';
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

  it('reads any stored time as the same valid ISO text in both builders, however far out of range', async () => {
    const token = world.a.admin.token;
    const made = await world.call('POST', '/cases', { token, body: { post: samplePost({}, { handle: 'view_times' }) } });
    expect(made.status).toBe(201);
    const { id, customerId } = made.body.case;
    // As an older version, or a hand in the database, could have stored them.
    await world.db.tx(async (tx) => {
      await tx.$client.execute({ sql: 'UPDATE cases SET created_at = -500, sla_due_at = -62200000000000, resolved_at = 300000000000000, updated_at = 9000000000000000 WHERE id = ?', args: [id] });
      await tx.$client.execute({ sql: 'UPDATE posts SET posted_at = -1, created_at = -86400001 WHERE customer_id = ?', args: [customerId] });
      await tx.$client.execute({ sql: 'UPDATE customers SET created_at = -9000000000000000, updated_at = 253402300800000 WHERE id = ?', args: [customerId] });
    });
    const view = await world.call('GET', `/customers/${customerId}`, { token });
    const detail = await world.call('GET', `/cases/${id}`, { token });
    expect([view.status, detail.status]).toEqual([200, 200]);
    expect(CustomerView.parse(view.body)).toEqual(view.body);
    expect(CaseDetail.parse(detail.body)).toEqual(detail.body);
    const { excerpt: _excerpt, ...viewCase } = view.body.cases[0];
    expect(viewCase).toEqual(detail.body.case);
    expect(view.body.customer).toEqual(detail.body.customer);
    const { excerpt: _e, addedAt: _a, ...detailPost } = detail.body.posts[0];
    expect(view.body.recentPosts[0]).toEqual(detailPost);
    expect(detail.body.case).toMatchObject({
      createdAt: '1969-12-31T23:59:59.500Z', slaDueAt: '0000-01-01T00:00:00.000Z',
      resolvedAt: '9999-12-31T23:59:59.999Z', updatedAt: '0000-01-01T00:00:00.000Z', // past what a JS Date holds
    });
    expect(detailPost).toMatchObject({ postedAt: '1969-12-31T23:59:59.999Z', createdAt: '1969-12-30T23:59:59.999Z' });
    // Beyond what a JS Date holds either side, both read the earliest time rather than fail.
    expect(detail.body.customer).toMatchObject({ createdAt: '0000-01-01T00:00:00.000Z', updatedAt: '9999-12-31T23:59:59.999Z' });
    expect(world.errors).toEqual([]);
  });
});
