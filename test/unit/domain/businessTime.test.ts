import { describe, expect, it } from 'vitest';
import { addBusinessMinutes, businessMinutesBetween, type BusinessHours, type SlaPolicy } from '../../../api/domain/businessTime.js';

const budgets = { urgent: 15, high: 60, normal: 240, low: 1440 };
const weekdaysOnly = (intervals: [string, string][]): BusinessHours =>
  ({ mon: intervals, tue: intervals, wed: intervals, thu: intervals, fri: intervals, sat: [], sun: [] });
const policy = (timeZone: string, businessHours: BusinessHours | null, holidays: string[] = []): SlaPolicy =>
  ({ timeZone, firstResponseMinutes: budgets, resolutionMinutes: budgets, businessHours, holidays });

const london = policy('Europe/London', weekdaysOnly([['09:00', '17:00']]), ['2026-12-25']);
const newYork = policy('America/New_York', weekdaysOnly([['09:00', '17:00']]));
const lunch = policy('Europe/Paris', weekdaysOnly([['09:00', '12:00'], ['13:00', '17:00']]));
const allWeek = (timeZone: string) => policy(timeZone, { mon: [['00:00', '24:00']], tue: [['00:00', '24:00']], wed: [['00:00', '24:00']], thu: [['00:00', '24:00']], fri: [['00:00', '24:00']], sat: [['00:00', '24:00']], sun: [['00:00', '24:00']] });

describe('a budget in business time runs out', () => {
  it.each([
    ['Friday 16:45 with 30 minutes: Monday 09:15', london, '2026-12-04T16:45:00Z', 30, '2026-12-07T09:15:00Z'],
    ['before opening: from 09:00', london, '2026-12-07T07:00:00Z', 60, '2026-12-07T10:00:00Z'],
    ['after closing: from the next morning', london, '2026-12-07T18:00:00Z', 15, '2026-12-08T09:15:00Z'],
    ['to the minute of closing: that day', london, '2026-12-07T16:00:00Z', 60, '2026-12-07T17:00:00Z'],
    ['over a holiday and a weekend', london, '2026-12-24T16:30:00Z', 60, '2026-12-28T09:30:00Z'],
    ['over the lunch break', lunch, '2026-12-07T10:30:00Z', 60, '2026-12-07T12:30:00Z'], // 11:30 Paris + 60 → 13:30 Paris
    ['several days of budget', london, '2026-12-07T09:00:00Z', 3 * 480 + 10, '2026-12-10T09:10:00Z'],
    ['in the team\'s time zone', newYork, '2026-12-04T21:45:00Z', 30, '2026-12-07T14:15:00Z'], // Friday 16:45 EST → Monday 09:15 EST
    ['across the spring DST change: the same wall-clock hours', newYork, '2027-03-12T21:45:00Z', 30, '2027-03-15T13:15:00Z'], // Monday 09:15 EDT
    ['across the autumn DST change', london, '2027-10-29T16:45:00Z', 30, '2027-11-01T09:30:00Z'], // Friday 17:45 BST is after hours: all of it on Monday, in GMT
  ])('%s', (_name, rules, start, minutes, due) => {
    expect(addBusinessMinutes(new Date(start), minutes, rules).toISOString()).toBe(new Date(due).toISOString());
  });

  it('without business hours, around the clock', () => {
    expect(addBusinessMinutes(new Date('2026-12-04T16:45:00Z'), 30, policy('Europe/London', null)).toISOString()).toBe('2026-12-04T17:15:00.000Z');
  });

  it('a day the clocks go forward has 23 open hours, one they go back 25', () => {
    const london = allWeek('Europe/London');
    expect(businessMinutesBetween(new Date('2027-03-28T00:00:00Z'), new Date('2027-03-28T23:00:00Z'), london)).toBe(23 * 60);
    expect(businessMinutesBetween(new Date('2027-10-30T23:00:00Z'), new Date('2027-10-31T24:00:00Z'), london)).toBe(25 * 60);
    // 00:30 local with two hours of budget: 02:30 GMT, which London calls 03:30.
    expect(addBusinessMinutes(new Date('2027-03-28T00:30:00Z'), 120, london).toISOString()).toBe('2027-03-28T02:30:00.000Z');
  });

  it('a policy open too little for the budget is an error, not an endless loop', () => {
    const closed = policy('Europe/London', weekdaysOnly([]));
    expect(() => addBusinessMinutes(new Date('2026-12-04T10:00:00Z'), 1, closed)).toThrow(RangeError);
  });
});

describe('business minutes between two instants', () => {
  it.each([
    ['a weekend counts nothing', london, '2026-12-04T16:00:00Z', '2026-12-07T10:00:00Z', 120],
    ['a holiday counts nothing', london, '2026-12-24T16:00:00Z', '2026-12-28T09:00:00Z', 60],
    ['within one interval', lunch, '2026-12-07T08:15:00Z', '2026-12-07T08:45:00Z', 30],
    ['backwards is none', london, '2026-12-07T12:00:00Z', '2026-12-07T10:00:00Z', 0],
  ])('%s', (_name, rules, from, to, minutes) => {
    expect(businessMinutesBetween(new Date(from), new Date(to), rules)).toBe(minutes);
  });

  it('is what adding takes back', () => {
    for (const [start, minutes] of [['2026-12-04T16:45:00Z', 30], ['2026-12-24T12:00:00Z', 1000], ['2027-03-12T18:00:00Z', 77]] as const) {
      const due = addBusinessMinutes(new Date(start), minutes, newYork);
      expect(businessMinutesBetween(new Date(start), due, newYork)).toBeCloseTo(minutes, 6);
    }
  });
});
