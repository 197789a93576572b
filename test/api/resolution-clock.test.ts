import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { weekdays } from '../../api/domain/sla.js';
import { createWorld, freshHandle, postBy, type World } from './harness.js';

let world: World;
beforeAll(async () => { world = await createWorld(); });
afterAll(async () => { await world.close(); });
afterEach(() => { expect(world.errors).toEqual([]); });

const DAY = 24 * 60 * 60_000;
const firstResponseMinutes = { urgent: 15, high: 60, normal: 240, low: 1440 };
const resolutionMinutes = { urgent: 60, high: 120, normal: 240, low: 480 };
const token = () => world.a.agent.token;
const minutesFromNow = (iso: string) => (Date.parse(iso) - Date.now()) / 60_000;

async function policy(businessHours: unknown) {
  const reply = await world.call('PUT', '/settings/sla', { token: world.a.admin.token, body: { timeZone: 'UTC', firstResponseMinutes, resolutionMinutes, businessHours, holidays: [] } });
  expect(reply.status).toBe(200);
}
async function open(priority = 'urgent', post = postBy(freshHandle())) {
  const reply = await world.call('POST', '/cases', { token: token(), body: { post, priority } });
  expect(reply.status).toBe(201);
  return reply.body.case;
}
async function patch(kase: { id: string; version: number }, body: Record<string, unknown>) {
  const reply = await world.call('PATCH', `/cases/${kase.id}`, { token: token(), body: { ...body, version: kase.version } });
  expect(reply.status, JSON.stringify(reply.body)).toBe(200);
  return reply.body.case;
}

describe('the resolution clock', () => {
  it('runs from the case\'s opening by its priority\'s budget, and stops once resolved', async () => {
    await policy(null);
    const kase = await open('urgent');
    expect(Date.parse(kase.resolutionDueAt) - Date.parse(kase.createdAt)).toBe(60 * 60_000);
    const resolved = await patch(kase, { status: 'resolved' });
    expect(resolved.resolutionDueAt).toBeNull();
    // Reopened, it has a whole budget again.
    const reopened = await patch(resolved, { status: 'open' });
    expect(minutesFromNow(reopened.resolutionDueAt)).toBeCloseTo(60, 0);
  });

  it('waiting on the customer stops it; leaving pending starts it again with the business time it had left', async () => {
    // Closed until a day three days from now: no business time passes meanwhile, so the time left is exact.
    const day = new Date(Date.now() + 3 * DAY);
    const hours = Object.fromEntries(weekdays.map((weekday) => [weekday, []])) as Record<string, [string, string][]>;
    hours[weekdays[(day.getUTCDay() + 6) % 7]!] = [['10:00', '18:00']];
    await policy(hours);
    const kase = await open('high');
    const date = day.toISOString().slice(0, 10);
    expect(kase.resolutionDueAt).toBe(`${date}T12:00:00.000Z`);
    const pending = await patch(kase, { status: 'pending' });
    expect(pending.resolutionDueAt).toBeNull();
    // A lower priority while it waits: 480 − 120 more minutes to go.
    const lower = await patch(pending, { priority: 'low' });
    expect(lower.resolutionDueAt).toBeNull();
    const resumed = await patch(lower, { status: 'open' });
    expect(resumed.resolutionDueAt).toBe(`${date}T18:00:00.000Z`);
    // And urgent, running: 480 − (480 − 60) minutes left, the first hour of that day.
    const urgent = await patch(resumed, { priority: 'urgent' });
    expect(urgent.resolutionDueAt).toBe(`${date}T11:00:00.000Z`);
  });

  it('a priority change while it runs moves the deadline by the difference of the budgets', async () => {
    await policy(null);
    const kase = await open('urgent');
    const high = await patch(kase, { priority: 'high' });
    expect(Date.parse(high.resolutionDueAt) - Date.parse(kase.resolutionDueAt)).toBeGreaterThan(59 * 60_000);
    expect(Date.parse(high.resolutionDueAt) - Date.parse(kase.resolutionDueAt)).toBeLessThan(61 * 60_000);
  });

  it('a customer writing again on a resolved case reopens it with a whole budget', async () => {
    await policy(null);
    const handle = freshHandle();
    const kase = await open('normal', postBy(handle));
    const resolved = await patch(kase, { status: 'resolved' });
    const again = await world.call('POST', `/cases/${resolved.id}/posts`, { token: token(), body: { post: postBy(handle) } });
    expect(again.status, JSON.stringify(again.body)).toBeLessThan(300);
    const now = (await world.call('GET', `/cases/${kase.id}`, { token: token() })).body.case;
    expect(now.status).toBe('open');
    expect(minutesFromNow(now.resolutionDueAt)).toBeCloseTo(240, 0);
  });
});
