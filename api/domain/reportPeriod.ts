/**
 * The days of a report, in the team's time zone. Pure: a period and a zone in, local dates and
 * the zone's offsets out, so SQL can name the local day of any instant without a time-zone library.
 */
import { DateTime } from 'luxon';

export interface ReportDay {
  date: string;
  /** The day's first instant, and the next day's (epoch ms). */
  start: number;
  end: number;
}

/** From `at` on (until the next one), local time is UTC + `offsetMs`. */
export interface OffsetChange {
  at: number;
  offsetMs: number;
}

const MINUTE = 60_000;
const offsetAt = (at: number, zone: string) => DateTime.fromMillis(at, { zone }).offset * MINUTE;

/** Every local day that meets [from, to), in order. */
export function reportDays(from: number, to: number, zone: string): ReportDay[] {
  const days: ReportDay[] = [];
  for (let day = DateTime.fromMillis(from, { zone }).startOf('day'); day.toMillis() < to; day = day.plus({ days: 1 })) {
    days.push({ date: day.toISODate()!, start: day.toMillis(), end: day.plus({ days: 1 }).startOf('day').toMillis() });
  }
  return days;
}

/** The local day (`YYYY-MM-DD`) as its first and next day's first instant. */
export function dayBounds(date: string, zone: string): { start: number; end: number } {
  const day = DateTime.fromISO(date, { zone }).startOf('day');
  return { start: day.toMillis(), end: day.plus({ days: 1 }).startOf('day').toMillis() };
}

/**
 * The zone's offset over [from, to): the offset at `from`, then each change, found to the minute
 * between two days whose offsets differ (zones change at most a few times a year).
 */
export function offsetChanges(from: number, to: number, zone: string): OffsetChange[] {
  const changes: OffsetChange[] = [{ at: from, offsetMs: offsetAt(from, zone) }];
  const HOUR = 60 * MINUTE;
  for (let at = from; at < to; at += 24 * HOUR) {
    const next = Math.min(at + 24 * HOUR, to);
    const before = changes.at(-1)!.offsetMs;
    if (offsetAt(next, zone) === before) continue;
    // Zones change offset on a whole minute.
    let low = Math.floor(at / MINUTE) * MINUTE;
    let high = Math.ceil(next / MINUTE) * MINUTE;
    while (high - low > MINUTE) {
      const middle = low + Math.floor((high - low) / 2 / MINUTE) * MINUTE;
      if (offsetAt(middle, zone) === before) low = middle;
      else high = middle;
    }
    changes.push({ at: high, offsetMs: offsetAt(high, zone) });
  }
  return changes;
}
