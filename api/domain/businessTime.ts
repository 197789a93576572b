/**
 * SLA clocks in business time: a budget of minutes counts only while the team is open, in the
 * team's time zone (IANA), skipping its holidays. Pure: `now` is always passed in. Without
 * business hours the clock runs around the clock. Kept apart from `sla.ts`, which the extension's
 * content scripts import, so the time-zone library stays on the server.
 */
import { DateTime } from 'luxon';
import { weekdays, type Priority, type Weekday } from './sla.js';

export { weekdays, type Weekday };
/** Opening intervals per weekday, as local `HH:MM` pairs (`24:00` ends the day). */
export type BusinessHours = Record<Weekday, [string, string][]>;

export interface SlaPolicy {
  timeZone: string;
  firstResponseMinutes: Record<Priority, number>;
  resolutionMinutes: Record<Priority, number>;
  /** null: around the clock. */
  businessHours: BusinessHours | null;
  /** Local dates (`YYYY-MM-DD`) the team is closed all day. */
  holidays: string[];
}

const MINUTE = 60_000;
/** No budget reaches further: a policy open a few minutes a year is refused long before. */
const MAX_DAYS = 3 * 366;

/** Minutes since local midnight of `HH:MM`. */
export const minutesOf = (time: string) => Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5));

/**
 * The open intervals of one local day, as instants. Each end is built from the local date and time,
 * so a day the clocks change keeps its wall-clock hours; a local time the clocks skip moves forward.
 */
function openOn(day: DateTime, policy: SlaPolicy): { from: number; to: number }[] {
  if (!policy.businessHours || policy.holidays.includes(day.toISODate()!)) return [];
  const local = (time: string) => {
    const minutes = minutesOf(time);
    if (minutes === 24 * 60) return day.plus({ days: 1 }).startOf('day').toMillis();
    return DateTime.fromObject({ year: day.year, month: day.month, day: day.day, hour: Math.floor(minutes / 60), minute: minutes % 60 }, { zone: policy.timeZone }).toMillis();
  };
  return policy.businessHours[weekdays[day.weekday - 1]!]
    .map(([open, close]) => ({ from: local(open), to: local(close) }))
    .filter((interval) => interval.to > interval.from);
}

/** The instant a budget of `minutes` of business time, started at `start`, runs out. */
export function addBusinessMinutes(start: Date, minutes: number, policy: SlaPolicy): Date {
  if (!policy.businessHours) return new Date(start.getTime() + minutes * MINUTE);
  let left = minutes * MINUTE;
  let cursor = start.getTime();
  let day = DateTime.fromMillis(cursor, { zone: policy.timeZone }).startOf('day');
  for (let i = 0; i < MAX_DAYS; i += 1, day = day.plus({ days: 1 })) {
    for (const { from, to } of openOn(day, policy)) {
      if (to <= cursor) continue;
      const begin = Math.max(from, cursor);
      if (begin + left <= to) return new Date(begin + left);
      left -= to - begin;
      cursor = to;
    }
  }
  throw new RangeError('The business hours leave too little open time for this budget');
}

/** Business minutes between two instants (0 when `to` is not after `from`). */
export function businessMinutesBetween(from: Date, to: Date, policy: SlaPolicy): number {
  if (to <= from) return 0;
  if (!policy.businessHours) return (to.getTime() - from.getTime()) / MINUTE;
  let total = 0;
  let day = DateTime.fromMillis(from.getTime(), { zone: policy.timeZone }).startOf('day');
  for (let i = 0; i < MAX_DAYS && day.toMillis() < to.getTime(); i += 1, day = day.plus({ days: 1 })) {
    for (const interval of openOn(day, policy)) {
      const begin = Math.max(interval.from, from.getTime());
      const end = Math.min(interval.to, to.getTime());
      if (end > begin) total += end - begin;
    }
  }
  return total / MINUTE;
}
