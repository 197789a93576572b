/**
 * GET /metrics on a week whose answers were worked out by hand (test/fixtures/history.ts): each
 * figure, for the whole team and for each filter, in business and calendar time.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createApp } from '../../api/app.js';
import { openDatabase } from '../../api/db/client.js';
import { setSlaPolicy } from '../../api/ops/settings.js';
import { historyPeriod, historyPolicy, seedHistory, type History } from '../fixtures/history.js';
import { createWorld, expectError, type World } from './harness.js';

let world: World;
let history: History;

beforeAll(async () => {
  world = await createWorld();
  history = await seedHistory(world.db, { id: world.a.id, adminId: world.a.admin.id, agentId: world.a.agent.id });
});
afterAll(() => world.close());

const metrics = async (query: Record<string, string> = {}, token = world.a.agent.token) => {
  const reply = await world.call('GET', `/metrics?${new URLSearchParams({ ...historyPeriod, ...query })}`, { token });
  expect(reply.status, JSON.stringify(reply.body)).toBe(200);
  return reply.body;
};
const week = ['2026-03-02', '2026-03-03', '2026-03-04', '2026-03-05', '2026-03-06', '2026-03-07', '2026-03-08'];
const perDay = (values: number[]) => week.map((date, i) => ({ date, value: values[i] }));

describe('the whole team, in business time', () => {
  let body: any;
  beforeAll(async () => {
    body = await metrics();
  });

  test('first response: #6 20 min, #1 30 min, #2 2 h (Mon 16–17 and Tue 9–10), #3 2 h; #4 and #5 never answered', () => {
    // An even count: the median is the mean of 30 min and 2 h; p90 is the 4th of 4 (nearest rank ⌈3.6⌉).
    expect(body.firstResponse).toEqual({ median: 4500, p90: 7200, mean: 4350, count: 4 });
  });

  test('resolution: first resolves of #4 (30 min), #1 (2 h) and #3 (3 h); full: #3 again at Wed 15:00 (14 business hours)', () => {
    expect(body.resolution).toEqual({ median: 7200, p90: 10800, mean: 6600, count: 3 });
    expect(body.fullResolution).toEqual({ median: 7200, p90: 50400, mean: 19800, count: 3 });
  });

  test('SLA: first responses met by #1, #2, #6, breached by #3 (late) and #5 (none, past due); #4 resolved unanswered before due counts in neither', () => {
    expect(body.sla.firstResponse).toEqual({ met: 3, breached: 2, attainment: 0.6 });
    // Resolutions met by #1, #3 (its first resolve) and #4; #2, #5 and #6 are unresolved past due.
    expect(body.sla.resolution).toEqual({ met: 3, breached: 3, attainment: 0.5 });
  });

  test('volume by day and site, and the backlog at the end of each day', () => {
    const created = (platform: string) => body.volume.filter((v: any) => v.platform === platform).map((v: any) => v.created);
    expect(created('x')).toEqual([2, 0, 1, 1, 1, 0, 0]);
    expect(created('facebook')).toEqual([0, 1, 0, 0, 0, 0, 0]);
    // Mon: #2 (#1 resolved); Tue: #2 (#3 resolved); Wed: #2 (#3 reopened and resolved, #4 resolved); Thu +#5; Fri +#6.
    expect(body.backlog).toEqual(perDay([1, 1, 1, 2, 3, 3, 3]).map(({ date, value }) => ({ date, open: value })));
  });

  test('the first-response histogram', () => {
    expect(body.histogram).toEqual([
      { bucket: 'under_1h', count: 2 }, { bucket: '1h_4h', count: 2 }, { bucket: '4h_8h', count: 0 },
      { bucket: '8h_24h', count: 0 }, { bucket: 'over_24h', count: 0 },
    ]);
  });

  test('the trend per day of creation', () => {
    expect(body.trend.map((d: any) => [d.date, d.created, d.firstResponseMedian, d.resolutionMedian, d.firstResponseAttainment, d.resolutionAttainment])).toEqual([
      ['2026-03-02', 2, 4500, 7200, 1, 0.5],
      ['2026-03-03', 1, 7200, 10800, 0, 1],
      ['2026-03-04', 1, null, 1800, null, 1],
      ['2026-03-05', 1, null, null, 0, 0],
      ['2026-03-06', 1, 1200, null, 1, 0],
      ['2026-03-07', 0, null, null, null, null],
      ['2026-03-08', 0, null, null, null, null],
    ]);
  });

  test("tone of customers' posts in the cases: two upset openings, a late parcel, the angry follow-up; three neutral questions", () => {
    expect([body.tone.negative, body.tone.neutral, body.tone.positive]).toEqual([4, 3, 0]);
    expect(body.tone.byDay.map((d: any) => [d.negative, d.neutral, d.positive])).toEqual([[2, 0, 0], [1, 0, 0], [1, 1, 0], [0, 1, 0], [0, 1, 0], [0, 0, 0], [0, 0, 0]]);
    expect(body.tone.byDay[5].mean).toBeNull();
  });

  test("per agent: the agent's #1, #3 (replied) and #5 (assigned); the admin's #2 and #6", () => {
    expect(body.agents).toEqual([
      { agentId: world.a.agent.id, name: 'Agent a', cases: 3, replies: 2, firstResponseMedian: 4500, slaAttainment: 1 / 3 },
      { agentId: world.a.admin.id, name: 'Admin a', cases: 2, replies: 2, firstResponseMedian: 4200, slaAttainment: 1 },
    ]);
  });

  test("advocates: #1's customer turned (5,000 followers); #3's stayed angry (1,000)", () => {
    expect(body.advocates).toMatchObject({ windowDays: 30, upset: 2, count: 1, share: 0.5, reachWeightedShare: 5000 / 6000 });
    expect(body.advocates.customers).toEqual([expect.objectContaining({
      customerId: history.customers.advocate, followers: 5000, caseId: history.cases[0]!.id, caseNumber: history.cases[0]!.number,
      resolvedAt: '2026-03-02T12:00:00.000Z',
    })]);
    expect(body.advocates.customers[0].before).toBeLessThan(0);
    expect(body.advocates.customers[0].after).toBeGreaterThan(0);
  });
});

test('calendar time counts nights too: #2 waited 18 h', async () => {
  const body = await metrics({ hours: 'calendar' });
  expect(body.hours).toBe('calendar');
  expect(body.firstResponse).toEqual({ median: 4500, p90: 64800, mean: 18750, count: 4 });
  expect(body.resolution).toEqual({ median: 7200, p90: 10800, mean: 6600, count: 3 });
  // #3 resolved for good 30 h after it opened.
  expect(body.fullResolution).toEqual({ median: 7200, p90: 108000, mean: 39000, count: 3 });
  expect(body.histogram.map((b: any) => b.count)).toEqual([2, 1, 0, 1, 0]);
  expect(body.agents.find((a: any) => a.agentId === world.a.admin.id).firstResponseMedian).toBe(33000);
  // Attainment does not depend on the hours: due times are instants.
  expect(body.sla.firstResponse.attainment).toBe(0.6);
});

describe('filters', () => {
  test('platform=facebook: #3 alone', async () => {
    const body = await metrics({ platform: 'facebook' });
    expect(body.firstResponse).toEqual({ median: 7200, p90: 7200, mean: 7200, count: 1 });
    expect(body.fullResolution).toEqual({ median: 50400, p90: 50400, mean: 50400, count: 1 });
    expect(body.sla.firstResponse).toEqual({ met: 0, breached: 1, attainment: 0 });
    expect(body.sla.resolution).toEqual({ met: 1, breached: 0, attainment: 1 });
    expect(body.volume.filter((v: any) => v.created > 0)).toEqual([{ date: '2026-03-03', platform: 'facebook', created: 1 }]);
    expect(body.backlog.every((d: any) => d.open === 0)).toBe(true);
    expect(body.agents).toEqual([{ agentId: world.a.agent.id, name: 'Agent a', cases: 1, replies: 1, firstResponseMedian: 7200, slaAttainment: 0 }]);
    expect(body.advocates).toMatchObject({ upset: 1, count: 0, share: 0, reachWeightedShare: 0, customers: [] });
  });

  test('tag=billing: #1 and #3', async () => {
    const body = await metrics({ tag: 'billing' });
    expect(body.firstResponse).toEqual({ median: 4500, p90: 7200, mean: 4500, count: 2 });
    expect(body.resolution).toEqual({ median: 9000, p90: 10800, mean: 9000, count: 2 });
    expect(body.sla.firstResponse.attainment).toBe(0.5);
    expect(body.sla.resolution).toEqual({ met: 2, breached: 0, attainment: 1 });
    expect(body.advocates).toMatchObject({ upset: 2, count: 1 });
    expect(body.tone.negative).toBe(3);
  });

  test("agentId: the agent's #1, #3 and #5", async () => {
    const body = await metrics({ agentId: world.a.agent.id });
    expect(body.firstResponse.count).toBe(2);
    expect(body.sla.firstResponse).toEqual({ met: 1, breached: 2, attainment: 1 / 3 });
    expect(body.sla.resolution).toEqual({ met: 2, breached: 1, attainment: 2 / 3 });
    expect(body.volume.filter((v: any) => v.created > 0).map((v: any) => v.date)).toEqual(['2026-03-02', '2026-03-03', '2026-03-05']);
    expect(body.agents.map((a: any) => a.agentId)).toEqual([world.a.agent.id]);
  });

  test('a period holds the cases created in it; the backlog counts every open case, older ones too', async () => {
    const body = await metrics({ from: '2026-03-04T00:00:00.000Z', to: '2026-03-06T00:00:00.000Z' });
    expect(body.firstResponse).toEqual({ median: null, p90: null, mean: null, count: 0 });
    expect(body.sla.firstResponse).toEqual({ met: 0, breached: 1, attainment: 0 });
    expect(body.sla.resolution).toEqual({ met: 1, breached: 1, attainment: 0.5 });
    expect(body.backlog).toEqual([{ date: '2026-03-04', open: 1 }, { date: '2026-03-05', open: 2 }]);
  });

  test("days are the team's: in Tokyo, #2 (Mon 16:00 UTC) opened on Tuesday", async () => {
    const other = await createWorld();
    try {
      await seedHistory(other.db, { id: other.a.id, adminId: other.a.admin.id, agentId: other.a.agent.id });
      await setSlaPolicy(other.db, { orgId: other.a.id, agentId: other.a.admin.id }, { ...historyPolicy, timeZone: 'Asia/Tokyo' }, new Date());
      const reply = await other.call('GET', `/metrics?from=2026-03-01T15:00:00.000Z&to=2026-03-08T15:00:00.000Z`, { token: other.a.agent.token });
      expect(reply.body.timeZone).toBe('Asia/Tokyo');
      expect(reply.body.volume.filter((v: any) => v.created > 0)).toEqual([
        { date: '2026-03-02', platform: 'x', created: 1 },
        { date: '2026-03-03', platform: 'x', created: 1 }, { date: '2026-03-03', platform: 'facebook', created: 1 },
        { date: '2026-03-04', platform: 'x', created: 1 }, { date: '2026-03-05', platform: 'x', created: 1 }, { date: '2026-03-06', platform: 'x', created: 1 },
      ]);
      // The business durations are those of the policy the cases were answered under.
      expect(reply.body.firstResponse.median).toBe(4500);
    } finally {
      await other.close();
    }
  });
});

test("another organisation's figures hold none of these cases", async () => {
  const body = await metrics({}, world.b.agent.token);
  expect(body.firstResponse.count).toBe(0);
  expect(body.volume.every((v: any) => v.created === 0)).toBe(true);
  expect(body.backlog.every((d: any) => d.open === 0)).toBe(true);
  expect(body.agents).toEqual([]);
  expect(body.advocates).toMatchObject({ upset: 0, count: 0, share: null, customers: [] });
});

test('every API process answers the same: a second app on the same database', async () => {
  const db = await openDatabase({ url: world.url });
  try {
    const second = createApp({ db, config: { PARLEY_SIGNUP_TOKEN: 'x'.repeat(32), TOKEN_TTL_DAYS: 30, TRUST_PROXY: false }, logError: () => {} });
    const response = await second.request(`/metrics?${new URLSearchParams(historyPeriod)}`, { headers: { authorization: `Bearer ${world.a.agent.token}` } });
    expect(await response.json()).toEqual(await metrics());
  } finally {
    db.close();
  }
});

describe('bad queries get a 400 and a reason', () => {
  test.each([
    ['hours=weekly', 'hours'],
    ['from=2026-03-09T00:00:00Z&to=2026-03-02T00:00:00Z', 'to'],
    ['from=2025-01-01T00:00:00Z&to=2026-03-02T00:00:00Z', 'from'],
    ['from=yesterday', 'from'],
    ['platform=myspace', 'platform'],
    ['agentId=42', 'agentId'],
    ['colour=blue', ''],
  ])('%s', async (query, path) => {
    const reply = await world.call('GET', `/metrics?${query}`, { token: world.a.agent.token });
    expectError(reply, 400, 'validation_failed');
    if (path) expect(reply.body.issues.map((issue: any) => issue.path)).toContain(path);
  });

  test('without a token: 401', async () => {
    expectError(await world.call('GET', '/metrics'), 401);
  });
});
