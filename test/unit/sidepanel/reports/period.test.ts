import { describe, expect, test } from 'vitest';
import { addDays, dayIn, daysOf, localDay, periodOf, recentDays } from '../../../../extension/entrypoints/sidepanel/reports/period.js';

describe('days on the calendar', () => {
  test('adding days crosses months, years and leap days', () => {
    expect(addDays('2026-02-28', 1)).toBe('2026-03-01');
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
  });

  test('the last 30 days end today and include it', () => {
    expect(recentDays(new Date(2026, 2, 30, 18, 45))).toEqual({ fromDay: '2026-03-01', toDay: '2026-03-30' });
    expect(recentDays(new Date(2026, 2, 30), 7)).toEqual({ fromDay: '2026-03-24', toDay: '2026-03-30' });
    expect(localDay(new Date(2026, 0, 5, 23, 59))).toBe('2026-01-05');
  });
});

describe('a period of local days as the API\'s instants', () => {
  test('from the first day\'s local midnight to the midnight after the last day', () => {
    const period = periodOf('2026-03-02', '2026-03-08');
    expect(period).toEqual({ ok: true, from: new Date(2026, 2, 2).toISOString(), to: new Date(2026, 2, 9).toISOString() });
  });

  test('one day is a period; a period that ends before it starts, or runs past 366 days, or misses a day, is not', () => {
    expect(periodOf('2026-03-02', '2026-03-02').ok).toBe(true);
    expect(periodOf('2026-03-03', '2026-03-02')).toEqual({ ok: false, message: 'The period ends before it starts' });
    expect(periodOf('2025-01-01', '2026-01-01')).toEqual({ ok: true, from: new Date(2025, 0, 1).toISOString(), to: new Date(2026, 0, 2).toISOString() });
    expect(periodOf('2024-01-01', '2026-01-01')).toEqual({ ok: false, message: 'A report covers at most 366 days' });
    expect(periodOf('', '2026-03-02').ok).toBe(false);
    expect(periodOf('2026-02-30', '2026-03-02').ok).toBe(false);
  });
});

describe('the days of the team\'s time zone a period touches', () => {
  test('in UTC, a week is seven days', () => {
    expect(daysOf('2026-03-02T00:00:00.000Z', '2026-03-09T00:00:00.000Z', 'UTC')).toEqual(
      ['2026-03-02', '2026-03-03', '2026-03-04', '2026-03-05', '2026-03-06', '2026-03-07', '2026-03-08'],
    );
  });

  test('the same instants in New York start the evening before', () => {
    expect(dayIn(Date.parse('2026-03-02T00:00:00.000Z'), 'America/New_York')).toBe('2026-03-01');
    expect(daysOf('2026-03-02T00:00:00.000Z', '2026-03-04T00:00:00.000Z', 'America/New_York')).toEqual(['2026-03-01', '2026-03-02', '2026-03-03']);
  });

  test('an unknown zone falls back to the agent\'s own', () => {
    expect(dayIn(new Date(2026, 2, 2, 12).getTime(), 'Not/A_Zone')).toBe('2026-03-02');
  });
});
