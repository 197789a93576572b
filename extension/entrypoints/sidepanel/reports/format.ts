/** How the reports write figures: waits as people say them, shares, counts and days. */

/** Seconds as a wait reads: "45 s", "12 min", "1 h 5 min", "2 d 3 h"; "—" when there is none. */
export function duration(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined || !Number.isFinite(seconds)) return '—';
  const whole = Math.max(0, Math.round(seconds));
  if (whole < 60) return `${whole} s`;
  const minutes = Math.round(whole / 60);
  if (minutes < 60) return `${minutes} min`;
  if (minutes < 24 * 60) {
    const rest = minutes % 60;
    return `${Math.floor(minutes / 60)} h${rest ? ` ${rest} min` : ''}`;
  }
  // A day or more: to the hour, rounded before it is split so "1 d 24 h" never shows.
  const hours = Math.round(minutes / 60);
  const days = Math.floor(hours / 24);
  return `${days} d${hours % 24 ? ` ${hours % 24} h` : ''}`;
}

/** A share (0–1) as a percentage to one decimal at most: "87.5%", "100%"; "—" without one. */
export function percent(ratio: number | null | undefined): string {
  if (ratio === null || ratio === undefined || !Number.isFinite(ratio)) return '—';
  return `${Number((ratio * 100).toFixed(1))}%`;
}

export const count = (value: number, locale?: string): string => value.toLocaleString(locale);

/** A mean tone (−1 to 1) with its sign: "+0.25", "−0.40". */
export function toneScore(mean: number | null | undefined): string {
  if (mean === null || mean === undefined || !Number.isFinite(mean)) return '—';
  const fixed = Math.abs(mean).toFixed(2);
  return fixed === '0.00' ? '0.00' : `${mean > 0 ? '+' : '−'}${fixed}`;
}

/** A day of the report (YYYY-MM-DD) as short words: "Jan 3". */
export function dayLabel(day: string, locale?: string): string {
  const [year, month, date] = day.split('-').map(Number);
  if (!year || !month || !date) return day;
  return new Date(Date.UTC(year, month - 1, date)).toLocaleDateString(locale, { month: 'short', day: 'numeric', timeZone: 'UTC' });
}

/** Seconds between two times, or null when either is missing. */
export function secondsBetween(from: string | null, to: string | null): number | null {
  if (!from || !to) return null;
  return (Date.parse(to) - Date.parse(from)) / 1000;
}
