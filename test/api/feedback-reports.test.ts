/** GET /feedback (themes of a period) and GET /feedback.csv (every tagged post), against figures worked out by hand. */
import { parse } from 'csv-parse/sync';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createWorld, freshHandle, samplePost, type World } from './harness.js';

let world: World;
beforeAll(async () => { world = await createWorld(); });
afterAll(async () => { await world.close(); });
afterEach(() => { expect(world.errors).toEqual([]); });

interface Tagged {
  feedback: { id: string; updatedAt: string };
  post: { id: string; url: string; text: string; tone: number | null; postedAt: string | null; author: { handle: string; displayName: string; followers: number | null } };
}

async function tag(post: ReturnType<typeof samplePost>, kind: string, theme?: string): Promise<Tagged> {
  const reply = await world.call('POST', '/feedback', { token: world.a.agent.token, body: { post, kind, ...(theme === undefined ? {} : { theme }) } });
  expect(reply.status, JSON.stringify(reply.body)).toBe(201);
  return reply.body;
}
const themesOf = async (query: Record<string, string>, token = world.a.agent.token) => {
  const reply = await world.call('GET', `/feedback?${new URLSearchParams(query)}`, { token });
  expect(reply.status, JSON.stringify(reply.body)).toBe(200);
  return reply.body.themes as { kind: string; theme: string; count: number; reach: number; examples: { postId: string }[] }[];
};
const summary = (themes: Awaited<ReturnType<typeof themesOf>>) =>
  themes.map(({ kind, theme, count, reach, examples }) => ({ kind, theme, count, reach, examples: examples.map((example) => example.postId) }));

/** Three authors: one well followed, one a little, one whose followers the page did not show. */
const author = (displayName: string, followers?: number) => ({ handle: freshHandle('voc'), displayName, followers });

describe('GET /feedback: themes', () => {
  const october = { from: '2026-10-01T00:00:00.000Z', to: '2026-11-01T00:00:00.000Z' };
  const [ada, bo, cy] = [author('Ada', 1000), author('Bo', 50), author('Cy')];
  const on = (day: string, who: ReturnType<typeof author>, text = `Post of ${who.displayName} on ${day}`) => samplePost({ postedAt: day, text }, who);
  const posts: Record<string, Tagged> = {};

  beforeAll(async () => {
    posts.adaFirst = await tag(on('2026-10-05T09:00:00.000Z', ada), 'bug', 'Checkout');
    posts.bo = await tag(on('2026-10-06T09:00:00.000Z', bo), 'bug', 'checkout');
    posts.adaLatest = await tag(on('2026-10-07T09:00:00.000Z', ada), 'bug', 'CHECKOUT');
    posts.cy = await tag(on('2026-10-08T09:00:00.000Z', cy), 'bug', 'Checkout');
    posts.boIdea = await tag(on('2026-10-09T09:00:00.000Z', bo), 'idea', 'Dark mode');
    posts.adaPraise = await tag(on('2026-10-10T09:00:00.000Z', ada), 'praise');
    posts.adaQuestion = await tag(on('2026-10-01T00:00:00.000Z', ada), 'question', 'Shipping'); // at `from`: in
    posts.boSeptember = await tag(on('2026-09-20T09:00:00.000Z', bo), 'bug', 'checkout'); // before it: out
    posts.cyNovember = await tag(on('2026-11-01T00:00:00.000Z', cy), 'idea', 'dark mode'); // at `to`: out
  });

  it('groups a period\'s tags by kind and theme (ignoring case), counts posts and the reach of distinct authors, most posts first', async () => {
    expect(summary(await themesOf(october))).toEqual([
      // Ada twice, Bo and Cy: 4 posts, 1000 + 50 + 0 followers. Examples: each author's newest, the most followed first.
      { kind: 'bug', theme: 'Checkout', count: 4, reach: 1050, examples: [posts.adaLatest!.post.id, posts.bo!.post.id, posts.cy!.post.id] },
      // One post each: the most reach first, then by kind.
      { kind: 'praise', theme: '', count: 1, reach: 1000, examples: [posts.adaPraise!.post.id] },
      { kind: 'question', theme: 'Shipping', count: 1, reach: 1000, examples: [posts.adaQuestion!.post.id] },
      { kind: 'idea', theme: 'Dark mode', count: 1, reach: 50, examples: [posts.boIdea!.post.id] },
    ]);
  });

  it('describes each example post as the page showed it', async () => {
    const [checkout] = await themesOf(october);
    const { post } = posts.adaLatest!;
    expect(checkout!.examples[0]).toEqual({
      postId: post.id, platform: 'x', url: post.url, text: post.text, handle: post.author.handle, displayName: 'Ada',
      followers: 1000, postedAt: '2026-10-07T09:00:00.000Z', tone: post.tone,
    });
    expect(checkout!.examples[2]).toMatchObject({ postId: posts.cy!.post.id, followers: null });
  });

  it('follows the period: a wider one takes in September and November 1st', async () => {
    expect(summary(await themesOf({ from: '2026-09-01T00:00:00.000Z', to: '2026-11-02T00:00:00.000Z' }))).toEqual([
      { kind: 'bug', theme: 'Checkout', count: 5, reach: 1050, examples: [posts.adaLatest!.post.id, posts.bo!.post.id, posts.cy!.post.id] },
      // Bo and Cy once each; of two spellings used as often, the latest used is shown.
      { kind: 'idea', theme: 'dark mode', count: 2, reach: 50, examples: [posts.boIdea!.post.id, posts.cyNovember!.post.id] },
      { kind: 'praise', theme: '', count: 1, reach: 1000, examples: [posts.adaPraise!.post.id] },
      { kind: 'question', theme: 'Shipping', count: 1, reach: 1000, examples: [posts.adaQuestion!.post.id] },
    ]);
    expect(await themesOf({ from: '2026-09-01T00:00:00.000Z', to: '2026-09-20T09:00:00.000Z' })).toEqual([]);
  });

  it('filters by kind', async () => {
    expect(summary(await themesOf({ ...october, kind: 'idea' }))).toEqual([
      { kind: 'idea', theme: 'Dark mode', count: 1, reach: 50, examples: [posts.boIdea!.post.id] },
    ]);
    expect(await themesOf({ ...october, kind: 'question' })).toHaveLength(1);
  });

  it('shows at most three examples, and an author again only after every author has one', async () => {
    const march = { from: '2025-03-01T00:00:00.000Z', to: '2025-04-01T00:00:00.000Z' };
    const [dee, eve] = [author('Dee', 10), author('Eve', 20)];
    await tag(samplePost({ postedAt: '2025-03-02T00:00:00.000Z' }, dee), 'bug', 'Écran');
    const deeNew = await tag(samplePost({ postedAt: '2025-03-05T00:00:00.000Z' }, dee), 'bug', 'écran');
    const eveNew = await tag(samplePost({ postedAt: '2025-03-03T00:00:00.000Z' }, eve), 'bug', 'ÉCRAN');
    const eveOld = await tag(samplePost({ postedAt: '2025-03-01T00:00:00.000Z' }, eve), 'bug', 'écran');
    // Case is ignored beyond ASCII too; "écran" is used twice, more than any other spelling.
    // Each author's newest (Eve, more followed, first), then the more followed author's earlier post.
    expect(summary(await themesOf(march))).toEqual([
      { kind: 'bug', theme: 'écran', count: 4, reach: 30, examples: [eveNew.post.id, deeNew.post.id, eveOld.post.id] },
    ]);
  });

  it('counts a post the site gave no time at when it was first tagged, and defaults to the last 30 days', async () => {
    const now = Date.now();
    const untimed = await tag(samplePost({ postedAt: undefined }, author('Fay', 7)), 'idea', 'Untimed theme');
    expect(untimed.post.postedAt).toBeNull();
    await tag(samplePost({ postedAt: new Date(now - 5 * 86_400_000).toISOString() }, author('Gus', 3)), 'idea', 'Recent theme');
    await tag(samplePost({ postedAt: new Date(now - 40 * 86_400_000).toISOString() }, author('Hal', 3)), 'idea', 'Old theme');
    const names = (await themesOf({})).map((theme) => theme.theme);
    expect(names).toEqual(expect.arrayContaining(['Untimed theme', 'Recent theme']));
    expect(names).not.toContain('Old theme');
    const tagged = await themesOf({ from: new Date(now - 1000).toISOString(), to: new Date(Date.now() + 1000).toISOString() });
    expect(tagged.map((theme) => theme.theme)).toEqual(['Untimed theme']);
  });

  it("never counts another organisation's tags", async () => {
    expect(await themesOf(october, world.b.agent.token)).toEqual([]);
  });
});

const csvOf = async (query: Record<string, string>) => {
  const response = await world.app.request(`/feedback.csv?${new URLSearchParams(query)}`, { headers: { authorization: `Bearer ${world.a.agent.token}` } });
  expect(response.status).toBe(200);
  return { response, text: await response.text() };
};
const header = ['kind', 'theme', 'postedAt', 'taggedAt', 'platform', 'handle', 'displayName', 'followers', 'tone', 'text', 'url', 'taggedBy'];

describe('GET /feedback.csv', () => {
  const april = { from: '2025-04-01T00:00:00.000Z', to: '2025-05-01T00:00:00.000Z' };
  const formula = '=HYPERLINK("https://evil.example","Click me")';
  const quoting = 'He said "no", twice,\nthen left\r\nfor good';

  it('writes one RFC 4180 row per tagged post, oldest first, with customers\' words kept as words', async () => {
    const first = await tag(samplePost({ postedAt: '2025-04-01T08:00:00.000Z', text: formula }, author('-Dash', 42)), 'bug', 'Links');
    const second = await tag(samplePost({ postedAt: '2025-04-02T08:00:00.000Z', text: quoting }, author('Quinn "Q", Jr.')), 'idea', 'Quotes, "escaped"');
    const third = await tag(samplePost({ postedAt: '2025-04-03T08:00:00.000Z', text: 'Love it' }, author('Pat', 5)), 'praise');
    const { response, text } = await csvOf(april);
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(response.headers.get('content-disposition')).toBe('attachment; filename="parley-feedback-2025-04-01-2025-05-01.csv"');
    expect(text.startsWith(`${header.join(',')}\r\n`)).toBe(true);
    expect(text).toContain(`"'=HYPERLINK(""https://evil.example"",""Click me"")"`);

    const rows: string[][] = parse(text);
    const row = ({ feedback, post }: Tagged, kind: string, theme: string, displayName: string) => [
      kind, theme, post.postedAt!, feedback.updatedAt, 'x', post.author.handle, displayName,
      post.author.followers === null ? '' : String(post.author.followers), post.tone === null ? '' : String(post.tone), post.text, post.url, 'Agent a',
    ];
    expect(rows).toEqual([
      header,
      [...row(first, 'bug', 'Links', "'-Dash").slice(0, 9), `'${formula}`, first.post.url, 'Agent a'],
      row(second, 'idea', 'Quotes, "escaped"', 'Quinn "Q", Jr.'),
      row(third, 'praise', '', 'Pat'),
    ]);
    expect(rows[2]![9]).toBe(quoting);
    expect(rows[2]![7]).toBe('');

    const bugs: string[][] = parse((await csvOf({ ...april, kind: 'bug' })).text);
    expect(bugs.slice(1).map((cells) => cells[1])).toEqual(['Links']);
    expect(parse((await csvOf({ from: '2025-04-02T08:00:00.001Z', to: '2025-04-03T08:00:00.000Z' })).text)).toEqual([header]);
  });

  describe('a period of more than two pages', () => {
    const year = { from: '2024-01-01T00:00:00.000Z', to: '2024-12-31T00:00:00.000Z' };
    const TOTAL = 1234;
    const base = Date.parse('2024-02-01T00:00:00.000Z');
    // Seven tags share each time, so pages end in the middle of a time.
    const atOf = (n: number) => base + Math.floor(n / 7) * 60_000;

    beforeAll(async () => {
      const at = Date.now();
      const [customer, identity] = ['0190a000-0000-7000-8000-00000000c001', '0190a000-0000-7000-8000-00000000c002'];
      const numbered = (prefix: string, n: number) => `0190a000-0000-7000-8${prefix}-${String(n).padStart(12, '0')}`;
      await world.db.tx(async (tx) => {
        await tx.$client.batch([
          { sql: 'INSERT INTO customers (id, org_id, name, created_at, updated_at) VALUES (?, ?, ?, ?, ?)', args: [customer, world.a.id, 'Bulk', at, at] },
          {
            sql: 'INSERT INTO identities (id, org_id, customer_id, platform, handle, display_name, followers, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
            args: [identity, world.a.id, customer, 'x', 'bulk_customer', 'Bulk Customer', 9, at, at],
          },
        ]);
        for (let start = 0; start < TOTAL; start += 50) {
          const ns = Array.from({ length: Math.min(50, TOTAL - start) }, (_, i) => start + i);
          await tx.$client.batch([
            {
              sql: `INSERT INTO posts (id, org_id, platform, external_id, url, identity_id, customer_id, text, posted_at, tone, created_at) VALUES ${ns.map(() => '(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)').join(', ')}`,
              args: ns.flatMap((n) => [numbered('001', n), world.a.id, 'x', `bulk${n}`, `https://x.com/bulk_customer/status/${n}`, identity, customer, `Bulk post ${n}`, atOf(n), 0, at]),
            },
            {
              sql: `INSERT INTO feedback (id, org_id, post_id, kind, theme, theme_key, tagged_by, at, created_at, updated_at) VALUES ${ns.map(() => '(?, ?, ?, ?, ?, ?, ?, ?, ?, ?)').join(', ')}`,
              // Ids out of step with the posts' order, so the order within a time is the tag's id's.
              args: ns.flatMap((n) => [numbered('002', (n * 7919) % 10_007), world.a.id, numbered('001', n), 'question', 'Bulk', 'bulk', world.a.agent.id, atOf(n), at, at]),
            },
          ]);
        }
      });
    });

    it('reads it page by page, in order of time then id, each tagged post once', async () => {
      const spy = vi.spyOn(world.db.client, 'execute');
      try {
        const rows: string[][] = parse((await csvOf(year)).text);
        expect(rows).toHaveLength(TOTAL + 1);
        const expected = Array.from({ length: TOTAL }, (_, n) => ({ n, at: atOf(n), id: ((n * 7919) % 10_007) }))
          .sort((x, y) => x.at - y.at || x.id - y.id)
          .map(({ n }) => `Bulk post ${n}`);
        expect(rows.slice(1).map((cells) => cells[9])).toEqual(expected);
        expect(rows[1]!.slice(0, 9)).toEqual(['question', 'Bulk', '2024-02-01T00:00:00.000Z', expect.any(String), 'x', 'bulk_customer', 'Bulk Customer', '9', '0']);
        const pages = spy.mock.calls.filter(([statement]) => typeof statement !== 'string' && statement.sql.includes('FROM feedback f'));
        expect(pages).toHaveLength(Math.ceil(TOTAL / 500));
      } finally {
        spy.mockRestore();
      }
    });

    it('reads a page only when the one before it has been taken', async () => {
      const spy = vi.spyOn(world.db.client, 'execute');
      try {
        const response = await world.app.request(`/feedback.csv?${new URLSearchParams(year)}`, { headers: { authorization: `Bearer ${world.a.agent.token}` } });
        const pagesRead = () => spy.mock.calls.filter(([statement]) => typeof statement !== 'string' && statement.sql.includes('FROM feedback f')).length;
        const reader = response.body!.getReader();
        const decoder = new TextDecoder();
        expect(decoder.decode((await reader.read()).value)).toBe(`${header.join(',')}\r\n`);
        expect(pagesRead()).toBeLessThanOrEqual(1);
        const page = decoder.decode((await reader.read()).value);
        expect(page.split('\r\n').filter(Boolean)).toHaveLength(500);
        expect(pagesRead()).toBeLessThanOrEqual(2);
        await reader.cancel();
        expect(pagesRead()).toBeLessThanOrEqual(2);
      } finally {
        spy.mockRestore();
      }
    });
  });
});
