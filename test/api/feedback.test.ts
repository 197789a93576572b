/** POST /feedback and DELETE /feedback/{id}: an agent tags a post (in a case or not), retags it, untags it; audited; per organisation. */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createWorld, expectError, freshHandle, postBy, samplePost, type World } from './harness.js';
import { dumpRows } from './security/state.js';

let world: World;
beforeAll(async () => { world = await createWorld(); });
afterAll(async () => { await world.close(); });
afterEach(() => { expect(world.errors).toEqual([]); });

const tag = (body: Record<string, unknown>, token = world.a.agent.token) => world.call('POST', '/feedback', { token, body });
const untag = (id: string, token = world.a.agent.token) => world.call('DELETE', `/feedback/${id}`, { token });
const themesOf = (query: Record<string, string>, token = world.a.agent.token) => world.call('GET', `/feedback?${new URLSearchParams(query)}`, { token });

/** The organisation's audit entries about one object, newest first. */
async function auditOf(entityId: string) {
  const reply = await world.call('GET', '/audit?limit=200', { token: world.a.admin.token });
  expect(reply.status).toBe(200);
  return (reply.body.entries as { action: string; entityId: string; entity: string; actor: { id: string }; changes: unknown }[]).filter((entry) => entry.entityId === entityId);
}

const feedbackRows = async (postId: string) =>
  (await world.db.client.execute({ sql: 'SELECT id, kind, theme FROM feedback WHERE post_id = ?', args: [postId] })).rows.map((row) => [...(row as unknown as unknown[])]);

describe('tagging a post', () => {
  it('stores a post no case has, with its author, as a case would, and answers the tag and the post', async () => {
    const post = samplePost({ text: 'Please add a dark mode to the app' }, { handle: freshHandle('Voc'), displayName: 'Ada Lovelace', followers: 321 });
    const reply = await tag({ post, kind: 'idea', theme: '  Dark   mode ' });
    expect(reply.status, JSON.stringify(reply.body)).toBe(201);
    const { feedback, post: stored } = reply.body;
    expect(feedback).toEqual({
      id: expect.any(String), postId: stored.id, kind: 'idea', theme: 'Dark mode', taggedBy: world.a.agent.id,
      createdAt: expect.any(String), updatedAt: feedback.createdAt,
    });
    expect(stored).toMatchObject({
      platform: 'x', externalId: post.externalId, url: post.url, text: post.text, postedAt: post.postedAt,
      author: { handle: post.author.handle.toLowerCase(), displayName: 'Ada Lovelace', followers: 321 },
    });
    expect(stored.tone).toEqual(expect.any(Number));

    // A new customer of the team's, in the audit log and the change log, beside the tag.
    const audit = await auditOf(feedback.id);
    expect(audit).toEqual([expect.objectContaining({
      action: 'feedback.tagged', entity: 'feedback', actor: expect.objectContaining({ id: world.a.agent.id }),
      changes: { postId: { from: null, to: stored.id }, kind: { from: null, to: 'idea' }, theme: { from: null, to: 'Dark mode' } },
    })]);
    expect((await auditOf(stored.customerId)).map((entry) => entry.action)).toEqual(['customer.created']);
    const logged = await world.db.client.execute({ sql: 'SELECT entity, entity_id FROM changes WHERE org_id = ? AND entity_id IN (?, ?, ?)', args: [world.a.id, stored.customerId, stored.identityId, stored.id] });
    expect(logged.rows.map((row) => String(row[0])).sort()).toEqual(['customer', 'identity', 'post']);
  });

  it('tags the very post of a case, without making a second one', async () => {
    const post = postBy(freshHandle());
    const opened = await world.call('POST', '/cases', { token: world.a.agent.token, body: { post } });
    const detail = await world.call('GET', `/cases/${opened.body.case.id}`, { token: world.a.agent.token });
    const reply = await tag({ post, kind: 'bug' });
    expect(reply.status).toBe(201);
    expect(reply.body.post.id).toBe(detail.body.posts[0].id);
    expect(reply.body.feedback.theme).toBe('');
    const count = await world.db.client.first({ sql: 'SELECT count(*) FROM posts WHERE org_id = ? AND external_id = ?', args: [world.a.id, post.externalId] });
    expect(Number(count![0])).toBe(1);
  });

  it('retagging changes the one tag (200), an unchanged tag changes nothing, and each change is audited', async () => {
    const post = samplePost({ postedAt: '2025-01-10T12:00:00.000Z' }, { handle: freshHandle() });
    const first = await tag({ post, kind: 'idea' });
    expect(first.status).toBe(201);
    const { id, postId, createdAt } = first.body.feedback;

    const again = await tag({ post, kind: 'bug', theme: 'Login' });
    expect(again.status).toBe(200);
    expect(again.body.feedback).toMatchObject({ id, postId, kind: 'bug', theme: 'Login', createdAt, taggedBy: world.a.agent.id });
    expect(Date.parse(again.body.feedback.updatedAt)).toBeGreaterThanOrEqual(Date.parse(createdAt));
    expect(await feedbackRows(postId)).toEqual([[id, 'bug', 'Login']]);

    const same = await tag({ post, kind: 'bug', theme: 'Login' }, world.a.admin.token);
    expect(same.status).toBe(200);
    expect(same.body.feedback).toEqual(again.body.feedback);

    // The body is the whole tag: a theme left out is none. The last to change it is who tagged it.
    const byAdmin = await tag({ post, kind: 'question' }, world.a.admin.token);
    expect(byAdmin.body.feedback).toMatchObject({ id, kind: 'question', theme: '', taggedBy: world.a.admin.id });
    expect(await feedbackRows(postId)).toEqual([[id, 'question', '']]);

    const audit = await auditOf(id);
    expect(audit.map((entry) => entry.action)).toEqual(['feedback.updated', 'feedback.updated', 'feedback.tagged']);
    expect(audit[1]!.changes).toEqual({ kind: { from: 'idea', to: 'bug' }, theme: { from: '', to: 'Login' } });
    expect(audit[0]!.changes).toEqual({ kind: { from: 'bug', to: 'question' }, theme: { from: 'Login', to: '' } });
    expect(audit[0]!.actor.id).toBe(world.a.admin.id);

    const themes = await themesOf({ from: '2025-01-01T00:00:00.000Z', to: '2025-02-01T00:00:00.000Z' });
    expect(themes.body.themes.map((theme: { kind: string; theme: string; count: number }) => [theme.kind, theme.theme, theme.count])).toEqual([['question', '', 1]]);
  });

  it('untagging removes the tag, keeps the post, is audited, and a second time is 404', async () => {
    const post = samplePost({ postedAt: '2025-02-10T12:00:00.000Z' }, { handle: freshHandle() });
    const made = (await tag({ post, kind: 'praise', theme: 'Support' })).body;
    const period = { from: '2025-02-01T00:00:00.000Z', to: '2025-03-01T00:00:00.000Z' };
    expect((await themesOf(period)).body.themes).toHaveLength(1);

    const removed = await untag(made.feedback.id);
    expect(removed.status).toBe(204);
    expect(await feedbackRows(made.post.id)).toEqual([]);
    expect((await themesOf(period)).body.themes).toEqual([]);
    const postRow = await world.db.client.first({ sql: 'SELECT id FROM posts WHERE id = ?', args: [made.post.id] });
    expect(postRow).toBeDefined();
    expect((await auditOf(made.feedback.id)).map((entry) => [entry.action, entry.changes])).toEqual([
      ['feedback.removed', { postId: { from: made.post.id, to: null }, kind: { from: 'praise', to: null }, theme: { from: 'Support', to: null } }],
      ['feedback.tagged', expect.any(Object)],
    ]);
    expectError(await untag(made.feedback.id), 404, 'not_found');

    // Tagged again, it is a new tag.
    const retagged = await tag({ post, kind: 'praise' });
    expect(retagged.status).toBe(201);
    expect(retagged.body.feedback.id).not.toBe(made.feedback.id);
  });

  it("another organisation's tag is not found, and stays", async () => {
    const made = (await tag({ post: postBy(freshHandle()), kind: 'bug' }, world.b.agent.token)).body;
    const before = await dumpRows(world.db);
    expectError(await untag(made.feedback.id), 404, 'not_found');
    expectError(await untag('0190a000-0000-7000-8000-000000000000'), 404, 'not_found');
    expect(await dumpRows(world.db)).toEqual(before);
  });
});

describe('GET /posts/cases', () => {
  it("answers each asked post's tag, for the organisation's own tags only", async () => {
    const [tagged, themed, plain] = [postBy(freshHandle()), postBy(freshHandle()), postBy(freshHandle())];
    const first = (await tag({ post: tagged, kind: 'question' })).body.feedback;
    const second = (await tag({ post: themed, kind: 'bug', theme: 'Checkout' })).body.feedback;
    await world.call('POST', '/cases', { token: world.a.agent.token, body: { post: plain } });
    const query = `platform=x&externalIds=${tagged.externalId},${themed.externalId},${plain.externalId}`;

    const reply = await world.call('GET', `/posts/cases?${query}`, { token: world.a.agent.token });
    expect(reply.status).toBe(200);
    const byPost = <T extends { externalId: string }>(list: T[]) => [...list].sort((x, y) => x.externalId.localeCompare(y.externalId));
    expect(byPost(reply.body.feedback)).toEqual(byPost([
      { externalId: tagged.externalId, id: first.id, kind: 'question', theme: '' },
      { externalId: themed.externalId, id: second.id, kind: 'bug', theme: 'Checkout' },
    ]));
    expect(reply.body.links.map((link: { externalId: string }) => link.externalId)).toEqual([plain.externalId]);

    const theirs = await world.call('GET', `/posts/cases?${query}`, { token: world.b.agent.token });
    expect(theirs.body.feedback).toEqual([]);
    // The same post ids on the other site are other posts.
    const facebook = await world.call('GET', `/posts/cases?${query.replace('platform=x', 'platform=facebook')}`, { token: world.a.agent.token });
    expect(facebook.body.feedback).toEqual([]);
  });
});

describe('bad input', () => {
  it.each<[string, () => Record<string, unknown>]>([
    ['an unknown kind', () => ({ post: postBy(freshHandle()), kind: 'complaint' })],
    ['a theme over 60 characters', () => ({ post: postBy(freshHandle()), kind: 'idea', theme: 'x'.repeat(61) })],
    ['a theme that is not text', () => ({ post: postBy(freshHandle()), kind: 'idea', theme: 42 })],
    ['no post', () => ({ kind: 'bug' })],
    ['no kind', () => ({ post: postBy(freshHandle()) })],
    ['a post without its author', () => ({ post: { ...postBy(freshHandle()), author: undefined }, kind: 'bug' })],
    ['a handle that is no handle', () => ({ post: postBy('not a handle!'), kind: 'bug' })],
    ['a field the tag does not have', () => ({ post: postBy(freshHandle()), kind: 'bug', caseId: '0190a000-0000-7000-8000-000000000000' })],
  ])('refuses %s with 400 and stores nothing', async (_label, body) => {
    const before = await dumpRows(world.db);
    expectError(await tag(body()), 400, 'validation_failed');
    expect(await dumpRows(world.db)).toEqual(before);
  });

  it.each([
    ['from after to', { from: '2026-02-01T00:00:00.000Z', to: '2026-01-01T00:00:00.000Z' }],
    ['a period over 366 days', { from: '2024-01-01T00:00:00.000Z', to: '2025-06-01T00:00:00.000Z' }],
    ['an unknown kind', { kind: 'complaint' }],
    ['a time that is no time', { from: 'yesterday' }],
    ['a parameter the report does not have', { platform: 'x' }],
  ])('refuses a report query with %s (400), as JSON and as CSV', async (_label, query) => {
    expectError(await themesOf(query), 400, 'validation_failed');
    const csv = await world.call('GET', `/feedback.csv?${new URLSearchParams(query)}`, { token: world.a.agent.token });
    expectError(csv, 400, 'validation_failed');
    expect(csv.headers.get('content-type')).toMatch(/^application\/json/);
  });

  it('asks for a token on every route (401)', async () => {
    const post = postBy(freshHandle());
    const made = (await tag({ post, kind: 'bug' })).body.feedback;
    const before = await dumpRows(world.db);
    for (const token of [undefined, 'plt_notarealtokennotarealtoken']) {
      expectError(await world.call('POST', '/feedback', { token, body: { post: postBy(freshHandle()), kind: 'idea' } }), 401, 'unauthorized');
      expectError(await world.call('DELETE', `/feedback/${made.id}`, { token }), 401, 'unauthorized');
      expectError(await world.call('GET', '/feedback', { token }), 401, 'unauthorized');
      expectError(await world.call('GET', '/feedback.csv', { token }), 401, 'unauthorized');
    }
    expect(await dumpRows(world.db)).toEqual(before);
  });
});
