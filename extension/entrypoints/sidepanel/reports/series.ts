/**
 * What each chart of the Reports view draws, and the table beside it, built from the API's
 * figures: pure, so the series, the tables and what a click lists are tested without a canvas.
 */
import type { HistogramBucket, MetricsT } from '../../../../api/contract.js';
import { count, dayLabel, duration, percent, toneScore } from './format.js';
import { bucketWords, histogramBuckets, type SlaOutcome } from './terms.js';

export const chartNames = ['response-times', 'sla', 'volume', 'backlog', 'tone', 'histogram'] as const;
export type ChartName = (typeof chartNames)[number];

export interface Series {
  label: string;
  color: string;
  values: (number | null)[];
}

/** The cases behind a figure, as `GET /metrics/cases` narrows them, with words for the list's heading. */
export interface Drill {
  title: string;
  date?: string;
  bucket?: HistogramBucket;
  outcome?: SlaOutcome;
  openOn?: string;
  platform?: 'x' | 'facebook';
}

export interface ChartModel {
  name: ChartName;
  title: string;
  /** `bars` are stacked, the first series at the bottom. */
  kind: 'lines' | 'bars';
  unit: 'seconds' | 'ratio' | 'count';
  keys: string[];
  labels: string[];
  series: Series[];
  table: { columns: string[]; rows: { key: string; label: string; cells: string[] }[] };
  /** The cases behind a column, or one series' point or bar segment in it. */
  drill(index: number, series?: number): Drill;
}

const colors = { blue: '#1d6fe8', orange: '#e07b00', green: '#00875a', red: '#d0312d', grey: '#8a8f98', teal: '#0f8b8d' };

function byDay<T extends { date: string }>(rows: T[]): Map<string, T> {
  return new Map(rows.map((row) => [row.date, row]));
}

const opened = (day: string) => `Cases opened ${dayLabel(day)}`;

export function responseTimes(metrics: MetricsT, days: string[]): ChartModel {
  const trend = byDay(metrics.trend);
  const first = days.map((day) => trend.get(day)?.firstResponseMedian ?? null);
  const resolution = days.map((day) => trend.get(day)?.resolutionMedian ?? null);
  return {
    name: 'response-times', title: 'First response and resolution, median by day', kind: 'lines', unit: 'seconds',
    keys: days, labels: days.map((day) => dayLabel(day)),
    series: [{ label: 'First response', color: colors.blue, values: first }, { label: 'Resolution', color: colors.orange, values: resolution }],
    table: {
      columns: ['Day', 'Cases', 'First response (median)', 'Resolution (median)'],
      rows: days.map((day, i) => ({ key: day, label: dayLabel(day), cells: [count(trend.get(day)?.created ?? 0), duration(first[i]), duration(resolution[i])] })),
    },
    drill: (i) => ({ title: opened(days[i]!), date: days[i]! }),
  };
}

export function slaAttainment(metrics: MetricsT, days: string[]): ChartModel {
  const trend = byDay(metrics.trend);
  const first = days.map((day) => trend.get(day)?.firstResponseAttainment ?? null);
  const resolution = days.map((day) => trend.get(day)?.resolutionAttainment ?? null);
  const late: SlaOutcome[] = ['first_response_breached', 'resolution_breached'];
  return {
    name: 'sla', title: 'SLA attainment by day', kind: 'lines', unit: 'ratio',
    keys: days, labels: days.map((day) => dayLabel(day)),
    series: [{ label: 'First response on time', color: colors.blue, values: first }, { label: 'Resolved on time', color: colors.green, values: resolution }],
    table: {
      columns: ['Day', 'First response on time', 'Resolved on time'],
      rows: days.map((day, i) => ({ key: day, label: dayLabel(day), cells: [percent(first[i]), percent(resolution[i])] })),
    },
    // A point of one line lists the cases that pulled it down: those late on that clock.
    drill: (i, series) => {
      const outcome = series === undefined ? undefined : late[series];
      return { title: `${opened(days[i]!)}${outcome ? `, ${series === 0 ? 'first response late' : 'resolved late'}` : ''}`, date: days[i]!, ...(outcome ? { outcome } : {}) };
    },
  };
}

const platforms = [{ platform: 'x', label: 'X', color: colors.blue }, { platform: 'facebook', label: 'Facebook', color: colors.teal }] as const;

export function volume(metrics: MetricsT, days: string[]): ChartModel {
  const created = new Map(metrics.volume.map((row) => [`${row.date}:${row.platform}`, row.created]));
  const series = platforms.map(({ platform, label, color }) => ({ label, color, values: days.map((day) => created.get(`${day}:${platform}`) ?? 0) }));
  return {
    name: 'volume', title: 'Cases opened by day and site', kind: 'bars', unit: 'count',
    keys: days, labels: days.map((day) => dayLabel(day)), series,
    table: {
      columns: ['Day', 'X', 'Facebook', 'Total'],
      rows: days.map((day, i) => {
        const [x = 0, facebook = 0] = series.map((each) => each.values[i] ?? 0);
        return { key: day, label: dayLabel(day), cells: [count(x), count(facebook), count(x + facebook)] };
      }),
    },
    drill: (i, segment) => {
      const site = segment === undefined ? undefined : platforms[segment];
      return { title: `${opened(days[i]!)}${site ? ` on ${site.label}` : ''}`, date: days[i]!, ...(site ? { platform: site.platform } : {}) };
    },
  };
}

export function backlog(metrics: MetricsT, days: string[]): ChartModel {
  const open = byDay(metrics.backlog);
  const values = days.map((day) => open.get(day)?.open ?? null);
  return {
    name: 'backlog', title: 'Backlog: cases open at the end of each day', kind: 'lines', unit: 'count',
    keys: days, labels: days.map((day) => dayLabel(day)),
    series: [{ label: 'Open cases', color: colors.orange, values }],
    table: { columns: ['Day', 'Open at the day\'s end'], rows: days.map((day, i) => ({ key: day, label: dayLabel(day), cells: [values[i] === null ? '—' : count(values[i]!)] })) },
    drill: (i) => ({ title: `Cases open at the end of ${dayLabel(days[i]!)}`, openOn: days[i]! }),
  };
}

export function toneTrend(metrics: MetricsT, days: string[]): ChartModel {
  const tone = byDay(metrics.tone.byDay);
  const part = (name: 'negative' | 'neutral' | 'positive') => days.map((day) => tone.get(day)?.[name] ?? 0);
  const series = [
    { label: 'Negative', color: colors.red, values: part('negative') },
    { label: 'Neutral', color: colors.grey, values: part('neutral') },
    { label: 'Positive', color: colors.green, values: part('positive') },
  ];
  return {
    name: 'tone', title: 'How customers\' posts read, by the day they were posted', kind: 'bars', unit: 'count',
    keys: days, labels: days.map((day) => dayLabel(day)), series,
    table: {
      columns: ['Day', 'Negative', 'Neutral', 'Positive', 'Mean tone'],
      rows: days.map((day, i) => ({ key: day, label: dayLabel(day), cells: [...series.map((each) => count(each.values[i] ?? 0)), toneScore(tone.get(day)?.mean)] })),
    },
    drill: (i) => ({ title: opened(days[i]!), date: days[i]! }),
  };
}

export function histogram(metrics: MetricsT): ChartModel {
  const counts = new Map(metrics.histogram.map((row) => [row.bucket, row.count]));
  const values = histogramBuckets.map((bucket) => counts.get(bucket) ?? 0);
  return {
    name: 'histogram', title: 'First responses by how long they took', kind: 'bars', unit: 'count',
    keys: [...histogramBuckets], labels: histogramBuckets.map((bucket) => bucketWords[bucket]),
    series: [{ label: 'Cases', color: colors.blue, values }],
    table: { columns: ['First response', 'Cases'], rows: histogramBuckets.map((bucket, i) => ({ key: bucket, label: bucketWords[bucket], cells: [count(values[i]!)] })) },
    drill: (i) => ({ title: `First response ${bucketWords[histogramBuckets[i]!].toLowerCase()}`, bucket: histogramBuckets[i]! }),
  };
}

export const chartsOf = (metrics: MetricsT, days: string[]): ChartModel[] =>
  [responseTimes(metrics, days), slaAttainment(metrics, days), volume(metrics, days), backlog(metrics, days), toneTrend(metrics, days), histogram(metrics)];

/** The segment of a stacked column under `y` (in the chart's units), or undefined above the stack. */
export function segmentAt(model: ChartModel, index: number, y: number): number | undefined {
  let top = 0;
  for (const [s, series] of model.series.entries()) {
    const value = series.values[index] ?? 0;
    if (value > 0 && y <= top + value) return s;
    top += value;
  }
  return undefined;
}

/** The line with a point in this column nearest `y`, or undefined when the column has no point. */
export function lineAt(model: ChartModel, index: number, y: number): number | undefined {
  let best: { s: number; distance: number } | undefined;
  for (const [s, series] of model.series.entries()) {
    const value = series.values[index];
    if (value === null || value === undefined) continue;
    const distance = Math.abs(value - y);
    if (!best || distance < best.distance) best = { s, distance };
  }
  return best?.s;
}

/** What a click at column `index`, height `y`, lists: nothing where the column is empty. */
export function pick(model: ChartModel, index: number, y: number): Drill | undefined {
  if (!Number.isInteger(index) || index < 0 || index >= model.keys.length) return undefined;
  if (model.kind === 'lines') {
    const line = lineAt(model, index, y);
    return line === undefined ? undefined : model.drill(index, model.series.length > 1 ? line : undefined);
  }
  const total = model.series.reduce((sum, series) => sum + (series.values[index] ?? 0), 0);
  if (total === 0) return undefined;
  const segment = segmentAt(model, index, y);
  return model.drill(index, model.series.length > 1 ? segment : undefined);
}

/** What the canvas draws: lines as they are; stacked bars as running totals, the tallest first so each lower one paints over it. */
export function drawn(model: ChartModel): Series[] {
  if (model.kind === 'lines') return model.series;
  const totals = model.series.map((_, s) => model.keys.map((__, i) => model.series.slice(0, s + 1).reduce((sum, each) => sum + (each.values[i] ?? 0), 0)));
  return model.series.map((series, s) => ({ ...series, values: totals[s]! })).reverse();
}

/** The top of the value axis: shares end at 100%; counts and waits a little above their highest. */
export function yMax(model: ChartModel): number {
  if (model.unit === 'ratio') return 1;
  const highest = Math.max(0, ...drawn(model).flatMap((series) => series.values.map((value) => value ?? 0)));
  if (highest === 0) return model.unit === 'seconds' ? 3600 : 1;
  return model.unit === 'count' ? Math.max(1, Math.ceil(highest * 1.15)) : highest * 1.15;
}
