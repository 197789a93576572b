import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { weekdays } from '../../api/domain/sla.js';
import { createWorld, expectError, freshHandle, postBy, type World } from './harness.js';

let world: World;
beforeAll(async () => { world = await createWorld(); });
afterAll(async () => { await world.close(); });
afterEach(() => { expect(world.errors).toEqual([]); });

const DAY = 24 * 60 * 60_000;
const firstResponseMinutes = { urgent: 30, high: 60, normal: 240, low: 1440 };
const resolutionMinutes = { urgent: 240, high: 480, normal: 1440, low: 4800 };
const closedAllWeek = () => Object.fromEntries(weekdays.map((day) => [day, [] as [string, string][]])) as Record<(typeof weekdays)[number], [string, string][]>;

/** Open one hour, 10:00–11:00, on the weekday `daysAhead` days from now (in UTC), and no other. */
function openOnlyOn(daysAhead: number) {
  const day = new Date(Date.now() + daysAhead * DAY);
  const hours = closedAllWeek();
  hours[weekdays[(day.getUTCDay() + 6) % 7]!] = [['10:00', '11:00']];
  return { hours, date: day.toISOString().slice(0, 10) };
}

const put = (body: unknown, token = world.a.admin.token) => world.call('PUT', '/settings/sla', { token, body });
const newCase = async (priority: string, token = world.a.agent.token) => {
  const reply = await world.call('POST', '/cases', { token, body: { post: postBy(freshHandle()), priority } });
  expect(reply.status).toBe(201);
  return reply.body.case as { id: string; slaDueAt: string; slaDueSoonAt: string };
};

describe('GET/PUT /settings/sla', () => {
  it('before any policy: the budgets the cases already use, around the clock, in UTC', async () => {
    const reply = await world.call('GET', '/settings/sla', { token: world.b.agent.token });
    expect(reply.status).toBe(200);
    expect(reply.body).toEqual({
      timeZone: 'UTC', firstResponseMinutes: { urgent: 15, high: 60, normal: 240, low: 1440 },
      resolutionMinutes: { urgent: 240, high: 1440, normal: 4320, low: 10080 }, businessHours: null, holidays: [],
    });
  });

  it('an admin sets business hours: a case opened after counts only them, one opened before keeps its due time', async () => {
    const before = await newCase('urgent');
    const { hours, date } = openOnlyOn(2);
    const policy = { timeZone: 'UTC', firstResponseMinutes, resolutionMinutes, businessHours: hours, holidays: [] };
    const saved = await put(policy);
    expect(saved.status).toBe(200);
    expect(saved.body).toEqual(policy);
    expect((await world.call('GET', '/settings/sla', { token: world.a.agent.token })).body).toEqual(policy);

    // Thirty business minutes from now: the first opening, two days on, at 10:00, plus 30.
    const after = await newCase('urgent');
    expect(after.slaDueAt).toBe(`${date}T10:30:00.000Z`);
    // Due soon for its last quarter, in business time too: 22½ minutes into the opening.
    expect(after.slaDueSoonAt).toBe(`${date}T10:22:30.000Z`);
    const kept = (await world.call('GET', `/cases/${before.id}`, { token: world.a.agent.token })).body.case;
    expect(kept.slaDueAt).toBe(before.slaDueAt);
    // A priority change recounts from when the clock started, in business time: high has 60 minutes, the opening only one hour.
    const high = await world.call('PATCH', `/cases/${after.id}`, { token: world.a.agent.token, body: { priority: 'high', version: 1 } });
    expect(high.body.case.slaDueAt).toBe(`${date}T11:00:00.000Z`);
    // Another organisation's cases are not touched.
    const other = (await world.call('POST', '/cases', { token: world.b.agent.token, body: { post: postBy(freshHandle()), priority: 'urgent' } })).body.case;
    expect(Date.parse(other.slaDueAt) - Date.parse(other.createdAt)).toBe(15 * 60_000);
  });

  it('a holiday on the only open day moves the deadline a week on; a time zone shifts the hours', async () => {
    const { hours, date } = openOnlyOn(2);
    expect((await put({ timeZone: 'UTC', firstResponseMinutes, resolutionMinutes, businessHours: hours, holidays: [date] })).status).toBe(200);
    const nextWeek = new Date(Date.parse(`${date}T10:30:00Z`) + 7 * DAY).toISOString();
    expect((await newCase('urgent')).slaDueAt).toBe(nextWeek);
    // 10:00 in Tokyo is 01:00 UTC.
    expect((await put({ timeZone: 'Asia/Tokyo', firstResponseMinutes, resolutionMinutes, businessHours: openOnlyOn(3).hours, holidays: [] })).status).toBe(200);
    expect((await newCase('urgent')).slaDueAt).toMatch(/T01:30:00\.000Z$/);
  });

  it('only admins set it', async () => {
    expectError(await put({ timeZone: 'UTC', firstResponseMinutes, resolutionMinutes, businessHours: null, holidays: [] }, world.a.agent.token), 403);
    expectError(await world.call('PUT', '/settings/sla', { body: {} }), 401);
    expectError(await world.call('GET', '/settings/sla'), 401);
  });

  it.each([
    ['an unknown time zone', { timeZone: 'Mars/Olympus' }],
    ['a budget of no minutes', { firstResponseMinutes: { ...firstResponseMinutes, urgent: 0 } }],
    ['a priority missing', { resolutionMinutes: { urgent: 1, high: 2, normal: 3 } }],
    ['a closing time before the opening', { businessHours: { ...closedAllWeek(), mon: [['17:00', '09:00']] } }],
    ['overlapping intervals', { businessHours: { ...closedAllWeek(), mon: [['09:00', '13:00'], ['12:00', '17:00']] } }],
    ['a time that is not one', { businessHours: { ...closedAllWeek(), mon: [['9am', '17:00']] } }],
    ['a week with no open time', { businessHours: closedAllWeek() }],
    ['a weekday missing', { businessHours: { mon: [['09:00', '17:00']] } }],
    ['a date that is not one', { holidays: ['2026-02-30'] }],
    ['the same holiday twice', { holidays: ['2026-12-25', '2026-12-25'] }],
    ['an unknown field', { escalateTo: 'boss' }],
  ])('refuses %s (400), and keeps the policy it had', async (_name, change) => {
    const current = (await world.call('GET', '/settings/sla', { token: world.a.admin.token })).body;
    expectError(await put({ timeZone: 'UTC', firstResponseMinutes, resolutionMinutes, businessHours: null, holidays: [], ...change }), 400);
    expect((await world.call('GET', '/settings/sla', { token: world.a.admin.token })).body).toEqual(current);
  });
});

describe('GET/PUT /settings/accounts', () => {
  const putAccounts = (accounts: unknown, token = world.a.admin.token) => world.call('PUT', '/settings/accounts', { token, body: { accounts } });

  it('an admin names the team\'s own profiles: stored without @, lower-cased, each once, for their organisation only', async () => {
    expect((await world.call('GET', '/settings/accounts', { token: world.a.agent.token })).body).toEqual({ accounts: [] });
    const saved = await putAccounts([{ platform: 'x', handle: '@BrandCo' }, { platform: 'x', handle: 'brandco' }, { platform: 'facebook', handle: 'brandco.support' }]);
    expect(saved.status).toBe(200);
    const accounts = [{ platform: 'x', handle: 'brandco' }, { platform: 'facebook', handle: 'brandco.support' }];
    expect(saved.body).toEqual({ accounts });
    expect((await world.call('GET', '/settings/accounts', { token: world.a.agent.token })).body).toEqual({ accounts });
    expect((await world.call('GET', '/settings/accounts', { token: world.b.agent.token })).body).toEqual({ accounts: [] });
  });

  it('refuses agents, handles that are not handles, and unknown sites, and keeps what it had', async () => {
    const before = (await world.call('GET', '/settings/accounts', { token: world.a.agent.token })).body;
    expectError(await putAccounts([], world.a.agent.token), 403);
    expectError(await putAccounts([{ platform: 'x', handle: 'not a handle!' }]), 400, 'validation_failed');
    expectError(await putAccounts([{ platform: 'myspace', handle: 'tom' }]), 400);
    expectError(await putAccounts(Array.from({ length: 51 }, (_, i) => ({ platform: 'x', handle: `brand${i}` }))), 400);
    expect((await world.call('GET', '/settings/accounts', { token: world.a.agent.token })).body).toEqual(before);
  });
});
