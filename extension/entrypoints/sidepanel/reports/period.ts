/**
 * The period of a report: the agent picks local days; the API takes instants (ISO) and answers
 * per day of the team's time zone.
 */
import { DEFAULT_REPORT_DAYS, MAX_REPORT_DAYS } from './terms.js';

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;
const pad = (value: number) => String(value).padStart(2, '0');

/** The local day of a time, YYYY-MM-DD (what a date input shows). */
export const localDay = (date: Date): string => `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;

function parts(day: string): [number, number, number] | undefined {
  const match = DAY.exec(day);
  if (!match) return undefined;
  const [year, month, date] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const check = new Date(Date.UTC(year, month - 1, date));
  return check.getUTCMonth() === month - 1 && check.getUTCDate() === date ? [year, month, date] : undefined;
}

/** The day `days` after (or before) `day`, counted on the calendar, not in hours. */
export function addDays(day: string, days: number): string {
  const [year, month, date] = parts(day) ?? [1970, 1, 1];
  const moved = new Date(Date.UTC(year, month - 1, date + days));
  return `${moved.getUTCFullYear()}-${pad(moved.getUTCMonth() + 1)}-${pad(moved.getUTCDate())}`;
}

/** The last `days` days up to and including today. */
export function recentDays(now: Date, days = DEFAULT_REPORT_DAYS): { fromDay: string; toDay: string } {
  const toDay = localDay(now);
  return { fromDay: addDays(toDay, -(days - 1)), toDay };
}

const localMidnight = (day: string): Date => {
  const [year, month, date] = parts(day)!;
  return new Date(year, month - 1, date);
};

export type Period = { ok: true; from: string; to: string } | { ok: false; message: string };

/** From the start of `fromDay` to the end of `toDay`, both local and included, as the API's instants. */
export function periodOf(fromDay: string, toDay: string): Period {
  if (!parts(fromDay) || !parts(toDay)) return { ok: false, message: 'Pick both days of the period' };
  if (fromDay > toDay) return { ok: false, message: 'The period ends before it starts' };
  const from = localMidnight(fromDay);
  const to = localMidnight(addDays(toDay, 1));
  if (to.getTime() - from.getTime() > MAX_REPORT_DAYS * 86_400_000) return { ok: false, message: `A report covers at most ${MAX_REPORT_DAYS} days` };
  return { ok: true, from: from.toISOString(), to: to.toISOString() };
}

/** The day an instant falls on in a time zone; the agent's own when the zone is unknown. */
export function dayIn(instant: number, timeZone: string): string {
  try {
    const found = Object.fromEntries(new Intl.DateTimeFormat('en-US', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' })
      .formatToParts(new Date(instant)).map((part) => [part.type, part.value]));
    return `${found.year}-${found.month}-${found.day}`;
  } catch {
    return localDay(new Date(instant));
  }
}

/** Every day of the team's time zone that the period touches, in order. */
export function daysOf(from: string, to: string, timeZone: string): string[] {
  const first = dayIn(Date.parse(from), timeZone);
  const last = dayIn(Date.parse(to) - 1, timeZone);
  const days: string[] = [];
  for (let day = first; day <= last && days.length <= MAX_REPORT_DAYS + 1; day = addDays(day, 1)) days.push(day);
  return days;
}
