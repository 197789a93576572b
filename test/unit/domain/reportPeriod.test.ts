import { describe, expect, test } from 'vitest';
import { dayBounds, offsetChanges, reportDays } from '../../../api/domain/reportPeriod.js';

const ms = (iso: string) => Date.parse(iso);
const HOUR = 3_600_000;

describe('reportDays', () => {
  test('every local day that meets the period, the first and last partly', () => {
    const days = reportDays(ms('2026-03-02T12:00:00Z'), ms('2026-03-04T01:00:00Z'), 'UTC');
    expect(days.map((d) => d.date)).toEqual(['2026-03-02', '2026-03-03', '2026-03-04']);
    expect(days[0]).toEqual({ date: '2026-03-02', start: ms('2026-03-02T00:00:00Z'), end: ms('2026-03-03T00:00:00Z') });
  });

  test("a day the clocks go forward is 23 hours long (New York, 8 March 2026)", () => {
    const days = reportDays(ms('2026-03-07T05:00:00Z'), ms('2026-03-10T04:00:00Z'), 'America/New_York');
    expect(days.map((d) => [d.date, (d.end - d.start) / HOUR])).toEqual([['2026-03-07', 24], ['2026-03-08', 23], ['2026-03-09', 24]]);
  });

  test('dayBounds of a local date', () => {
    expect(dayBounds('2026-03-08', 'America/New_York')).toEqual({ start: ms('2026-03-08T05:00:00Z'), end: ms('2026-03-09T04:00:00Z') });
  });
});

describe('offsetChanges', () => {
  test('a zone without changes: its one offset', () => {
    expect(offsetChanges(ms('2026-03-01T00:00:00Z'), ms('2026-04-01T00:00:00Z'), 'Asia/Tokyo')).toEqual([{ at: ms('2026-03-01T00:00:00Z'), offsetMs: 9 * HOUR }]);
  });

  test('each change found to the minute: New York springs forward at 07:00 UTC and falls back at 06:00 UTC', () => {
    const changes = offsetChanges(ms('2026-01-01T00:00:30Z'), ms('2026-12-31T00:00:00Z'), 'America/New_York');
    expect(changes).toEqual([
      { at: ms('2026-01-01T00:00:30Z'), offsetMs: -5 * HOUR },
      { at: ms('2026-03-08T07:00:00Z'), offsetMs: -4 * HOUR },
      { at: ms('2026-11-01T06:00:00Z'), offsetMs: -5 * HOUR },
    ]);
  });

  test('a half-hour zone (Adelaide) changes too', () => {
    const changes = offsetChanges(ms('2026-03-01T00:00:00Z'), ms('2026-05-01T00:00:00Z'), 'Australia/Adelaide');
    expect(changes.map((c) => c.offsetMs / HOUR)).toEqual([10.5, 9.5]);
    expect(changes[1]!.at).toBe(ms('2026-04-04T16:30:00Z'));
  });
});
