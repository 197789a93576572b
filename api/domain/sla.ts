export const priorities = ['urgent', 'high', 'normal', 'low'] as const;
/** Weekdays as business hours name them, Monday first (ISO). */
export const weekdays = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof weekdays)[number];
export type Priority = (typeof priorities)[number];

/** Minutes allowed until the first response, per priority. */
export type SlaSettings = Record<Priority, number>;

export const defaultSlaMinutes: SlaSettings = { urgent: 15, high: 60, normal: 240, low: 1440 };

const minuteMs = 60_000;
// Without a known budget, warn this many minutes before the deadline.
const dueSoonFallbackMinutes = 15;
/** The last quarter of a budget is "due soon". */
export const DUE_SOON_FRACTION = 0.25;

export function slaDueAt(
  priority: Priority,
  startedAt: Date,
  settings: SlaSettings = defaultSlaMinutes,
): Date {
  return new Date(startedAt.getTime() + settings[priority] * minuteMs);
}

export type SlaState = 'none' | 'on_time' | 'due_soon' | 'breached';

export function slaState(dueAt: Date | null, now: Date, totalMinutes?: number): SlaState {
  if (dueAt === null) return 'none';
  const remainingMs = dueAt.getTime() - now.getTime();
  if (remainingMs <= 0) return 'breached';
  const thresholdMs =
    totalMinutes === undefined
      ? dueSoonFallbackMinutes * minuteMs
      : totalMinutes * DUE_SOON_FRACTION * minuteMs;
  return remainingMs <= thresholdMs ? 'due_soon' : 'on_time';
}

/**
 * A case's first-response clock as the server set it: due soon from `dueSoonAt` (the last quarter
 * of its budget in business time). A case cached before it carried `dueSoonAt` falls back to the
 * priority's default budget around the clock.
 */
export function caseSlaState(kase: { slaDueAt: string | null; slaDueSoonAt?: string | null | undefined; priority: Priority }, now: number): SlaState {
  if (!kase.slaDueAt) return 'none';
  const due = Date.parse(kase.slaDueAt);
  if (now >= due) return 'breached';
  if (kase.slaDueSoonAt) return now >= Date.parse(kase.slaDueSoonAt) ? 'due_soon' : 'on_time';
  return slaState(new Date(due), new Date(now), defaultSlaMinutes[kase.priority]);
}
