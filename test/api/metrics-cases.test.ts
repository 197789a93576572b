/**
 * The cases behind a report's figures (GET /metrics/cases) and the per-case exports (GET /cases.csv,
 * GET /metrics.csv), on the hand-worked week of test/fixtures/history.ts.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { PostInputT } from '../../api/contract.js';
import { createCase } from '../../api/ops/cases.js';
import { historyPeriod, seedHistory, type History } from '../fixtures/history.js';
import { createWorld, expectError, postBy, type World } from './harness.js';

let world: World;
let history: History;
let number: (n: number) => number;

beforeAll(async () => {
  world = await createWorld();
  history = await seedHistory(world.db, { id: world.a.id, adminId: world.a.admin.id, agentId: world.a.agent.id });
  number = (n) => history.cases[n - 1]!.number;
});
afterAll(() => world.close());

const behind = async (query: Record<string, string>) => {
  const reply = await world.call('GET', `/metrics/cases?${new URLSearchParams({ ...historyPeriod, ...query })}`, { token: world.a.agent.token });
  expect(reply.status, JSON.stringify(reply.body)).toBe(200);
  return reply.body as { cases: { number: number }[]; nextCursor: string | null };
};
const numbers = (body: { cases: { number: number }[] }) => body.cases.map((c) => c.number);

describe('GET /metrics/cases lists the cases behind a bar or a point, newest first', () => {
  test('a day of the volume chart', async () => {
    expect(numbers(await behind({ date: '2026-03-02' }))).toEqual([number(2), number(1)]);
    expect(numbers(await behind({ date: '2026-03-03', platform: 'x' }))).toEqual([]);
  });

  test('a histogram bucket, in the hours asked for', async () => {
    expect(numbers(await behind({ bucket: '1h_4h' }))).toEqual([number(3), number(2)]);
    expect(numbers(await behind({ bucket: '8h_24h', hours: 'calendar' }))).toEqual([number(2)]);
  });

  test('the breached (and met) ones', async () => {
    expect(numbers(await behind({ outcome: 'first_response_breached' }))).toEqual([number(5), number(3)]);
    expect(numbers(await behind({ outcome: 'first_response_met' }))).toEqual([number(6), number(2), number(1)]);
    expect(numbers(await behind({ outcome: 'resolution_met' }))).toEqual([number(4), number(3), number(1)]);
    expect(numbers(await behind({ outcome: 'resolution_breached', tag: 'billing' }))).toEqual([]);
  });

  test("a day's backlog: the cases open at its end, whenever they opened", async () => {
    expect(numbers(await behind({ openOn: '2026-03-05' }))).toEqual([number(5), number(2)]);
    // #3 was resolved on Tuesday, reopened and resolved again on Wednesday.
    expect(numbers(await behind({ openOn: '2026-03-03' }))).toEqual([number(2)]);
  });

  test('pages follow nextCursor', async () => {
    const first = await behind({ limit: '4' });
    expect(numbers(first)).toEqual([number(6), number(5), number(4), number(3)]);
    const second = await behind({ limit: '4', cursor: first.nextCursor! });
    expect(numbers(second)).toEqual([number(2), number(1)]);
    expect(second.nextCursor).toBeNull();
  });

  test('bad queries: 400', async () => {
    for (const query of ['bucket=2h', 'outcome=late', 'date=03/02/2026', 'openOn=2026-3-5', 'cursor=abc', 'limit=0']) {
      expectError(await world.call('GET', `/metrics/cases?${query}`, { token: world.a.agent.token }), 400, 'validation_failed');
    }
  });
});

/** RFC 4180: quoted fields may hold commas, doubled quotes and line breaks; records end with CRLF. */
function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i += 1) {
    const char = text[i]!;
    if (quoted) {
      if (char === '"' && text[i + 1] === '"') {
        field += '"';
        i += 1;
      } else if (char === '"') quoted = false;
      else field += char;
    } else if (char === '"') quoted = true;
    else if (char === ',') {
      record.push(field);
      field = '';
    } else if (char === '\r' && text[i + 1] === '\n') {
      record.push(field);
      records.push(record);
      record = [];
      field = '';
      i += 1;
    } else field += char;
  }
  expect(field).toBe('');
  expect(record).toEqual([]);
  return records;
}

const csv = async (path: string, query: Record<string, string> = {}) => {
  const response = await world.app.request(`${path}?${new URLSearchParams({ ...historyPeriod, ...query })}`, { headers: { authorization: `Bearer ${world.a.agent.token}` } });
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
  expect(response.headers.get('content-disposition')).toMatch(/^attachment; filename="parley-(cases|metrics)-\d{4}-\d{2}-\d{2}\.csv"$/);
  const [header, ...rows] = parseCsv(await response.text());
  return rows.map((row) => Object.fromEntries(header!.map((name, i) => [name, row[i]])));
};

describe('GET /cases.csv and GET /metrics.csv', () => {
  test('one row per case with its times, SLA outcomes, tone, tags and assignee', async () => {
    const rows = await csv('/cases.csv');
    expect(rows.map((row) => Number(row.number))).toEqual([1, 2, 3, 4, 5, 6].map((n) => number(n)));
    expect(rows[0]).toMatchObject({
      createdAt: '2026-03-02T10:00:00.000Z', platform: 'x', status: 'resolved', priority: 'normal', assignee: 'Agent a',
      customer: 'Customer hist_advocate', tags: 'billing', firstResponseAt: '2026-03-02T10:30:00.000Z', firstResponseDueAt: '2026-03-02T14:00:00.000Z',
      firstResponseSeconds: '1800', firstResponseSla: 'met', firstResolvedAt: '2026-03-02T12:00:00.000Z', resolvedAt: '2026-03-02T12:00:00.000Z',
      resolutionSeconds: '7200', fullResolutionSeconds: '7200', resolutionSla: 'met', toneLabel: 'negative', hours: 'business',
    });
    expect(rows[2]).toMatchObject({ platform: 'facebook', priority: 'urgent', assignee: '', firstResponseSla: 'breached', resolutionSeconds: '10800', fullResolutionSeconds: '50400' });
    expect(rows[3]).toMatchObject({ firstResponseAt: '', firstResponseSeconds: '', firstResponseSla: '', resolutionSla: 'met' });
    expect(rows[4]).toMatchObject({ status: 'new', firstResponseSla: 'breached', resolutionSla: 'breached' });
    expect(Number(rows[0]!.tone)).toBeLessThan(0);
  });

  test('the same filters as /metrics, and its hours', async () => {
    const rows = await csv('/metrics.csv', { hours: 'calendar', platform: 'x' });
    expect(rows.map((row) => Number(row.number))).toEqual([1, 2, 4, 5, 6].map((n) => number(n)));
    expect(rows[1]).toMatchObject({ firstResponseSeconds: '64800', hours: 'calendar' });
  });

  test("a customer's words stay words: formulas neutralised, commas, quotes and line breaks kept", async () => {
    const subject = '=HYPERLINK("https://evil.test","click"), then\r\nmore';
    const detail = await world.call('GET', `/cases/${history.cases[0]!.id}`, { token: world.a.agent.token });
    const patched = await world.call('PATCH', `/cases/${history.cases[0]!.id}`, { token: world.a.agent.token, body: { subject, version: detail.body.case.version } });
    expect(patched.status).toBe(200);
    const renamed = await world.call('PATCH', `/customers/${detail.body.customer.id}`, { token: world.a.agent.token, body: { name: '@SUM(1+1)' } });
    expect(renamed.status).toBe(200);
    const [row] = await csv('/cases.csv', { tag: 'billing' });
    expect(row!.subject).toBe(`'${subject}`);
    expect(row!.customer).toBe("'@SUM(1+1)");
  });

  test('streamed a page at a time: every case once, in order, past one page', async () => {
    const actor = { orgId: world.b.id, agentId: world.b.admin.id };
    const start = Date.parse('2026-04-01T00:00:00.000Z');
    const made = 1234;
    for (let i = 0; i < made; i += 1) {
      await world.db.tx((tx) => createCase(tx, actor, { post: postBy(`bulk_${i}`) as PostInputT }, new Date(start + i * 60_000)));
    }
    const response = await world.app.request('/cases.csv?from=2026-04-01T00:00:00.000Z&to=2026-04-02T00:00:00.000Z', { headers: { authorization: `Bearer ${world.b.agent.token}` } });
    const rows = parseCsv(await response.text()).slice(1);
    expect(rows.map((row) => Number(row[0]))).toEqual(Array.from({ length: made }, (_, i) => i + 1));
  });

  test('bad filters: a 400 before any row', async () => {
    expectError(await world.call('GET', '/cases.csv?hours=weekly', { token: world.a.agent.token }), 400, 'validation_failed');
    expectError(await world.call('GET', '/metrics.csv'), 401);
  });
});
