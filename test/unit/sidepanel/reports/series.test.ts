import { describe, expect, test } from 'vitest';
import { feedbackKinds as contractKinds, histogramBuckets as contractBuckets, MAX_REPORT_DAYS as contractMax, DEFAULT_REPORT_DAYS as contractDefault, type MetricsT } from '../../../../api/contract.js';
import { labelledColumns } from '../../../../extension/entrypoints/sidepanel/reports/chartOptions.js';
import { chartsOf, drawn, pick, segmentAt, yMax, type ChartModel } from '../../../../extension/entrypoints/sidepanel/reports/series.js';
import { DEFAULT_REPORT_DAYS, feedbackKinds, histogramBuckets, MAX_REPORT_DAYS } from '../../../../extension/entrypoints/sidepanel/reports/terms.js';

const days = ['2026-03-02', '2026-03-03', '2026-03-04'];
const none = { median: null, p90: null, mean: null, count: 0 };
const metrics: MetricsT = {
  from: '2026-03-02T00:00:00.000Z', to: '2026-03-05T00:00:00.000Z', hours: 'business', timeZone: 'UTC',
  firstResponse: none, resolution: none, fullResolution: none,
  sla: { firstResponse: { met: 0, breached: 0, attainment: null }, resolution: { met: 0, breached: 0, attainment: null } },
  volume: [
    { date: '2026-03-02', platform: 'x', created: 2 }, { date: '2026-03-02', platform: 'facebook', created: 0 },
    { date: '2026-03-03', platform: 'x', created: 0 }, { date: '2026-03-03', platform: 'facebook', created: 1 },
    // A day the server left out counts as none.
  ],
  backlog: [{ date: '2026-03-02', open: 1 }, { date: '2026-03-03', open: 2 }, { date: '2026-03-04', open: 2 }],
  histogram: [{ bucket: 'under_1h', count: 2 }, { bucket: '1h_4h', count: 1 }],
  trend: [
    { date: '2026-03-02', created: 2, firstResponseMedian: 1800, resolutionMedian: 7200, firstResponseAttainment: 1, resolutionAttainment: 0.5 },
    { date: '2026-03-03', created: 1, firstResponseMedian: null, resolutionMedian: null, firstResponseAttainment: null, resolutionAttainment: null },
  ],
  tone: { negative: 2, neutral: 1, positive: 1, byDay: [{ date: '2026-03-02', negative: 2, neutral: 0, positive: 1, mean: -0.2 }] },
  agents: [],
  advocates: { windowDays: 30, upset: 0, count: 0, share: null, reachWeightedShare: null, customers: [] },
};
const charts = Object.fromEntries(chartsOf(metrics, days).map((model) => [model.name, model])) as Record<ChartModel['name'], ChartModel>;

test('the side panel\'s report terms are the contract\'s', () => {
  expect(histogramBuckets).toEqual(contractBuckets);
  expect(feedbackKinds).toEqual(contractKinds);
  expect([MAX_REPORT_DAYS, DEFAULT_REPORT_DAYS]).toEqual([contractMax, contractDefault]);
});

describe('series, one value per day of the period', () => {
  test('response times: medians, with gaps where no case was answered', () => {
    expect(charts['response-times'].series.map((series) => series.values)).toEqual([[1800, null, null], [7200, null, null]]);
    expect(charts['response-times'].table.rows[0]).toEqual({ key: '2026-03-02', label: 'Mar 2', cells: ['2', '30 min', '2 h'] });
    expect(charts['response-times'].table.rows[2]!.cells).toEqual(['0', '—', '—']);
  });

  test('volume: per site, a day or a site left out as none; the table adds them up', () => {
    expect(charts.volume.series.map((series) => [series.label, series.values])).toEqual([['X', [2, 0, 0]], ['Facebook', [0, 1, 0]]]);
    expect(charts.volume.table.rows.map((row) => row.cells)).toEqual([['2', '0', '2'], ['0', '1', '1'], ['0', '0', '0']]);
  });

  test('backlog, tone and the histogram', () => {
    expect(charts.backlog.series[0]!.values).toEqual([1, 2, 2]);
    expect(charts.tone.series.map((series) => series.values)).toEqual([[2, 0, 0], [0, 0, 0], [1, 0, 0]]);
    expect(charts.tone.table.rows[0]!.cells).toEqual(['2', '0', '1', '−0.20']);
    expect(charts.histogram.keys).toEqual([...contractBuckets]);
    expect(charts.histogram.series[0]!.values).toEqual([2, 1, 0, 0, 0]);
  });

  test('stacked bars are drawn as running totals, the tallest first', () => {
    expect(drawn(charts.tone).map((series) => [series.label, series.values])).toEqual([['Positive', [3, 0, 0]], ['Neutral', [2, 0, 0]], ['Negative', [2, 0, 0]]]);
    expect(drawn(charts.backlog)).toBe(charts.backlog.series);
  });

  test('the value axis: shares to 100%, counts a little above the tallest stack, an empty chart still has one', () => {
    expect(yMax(charts.sla)).toBe(1);
    expect(yMax(charts.tone)).toBe(4);
    expect(yMax(charts.histogram)).toBe(3);
    expect(yMax(chartsOf({ ...metrics, backlog: [] }, days).find((model) => model.name === 'backlog')!)).toBe(1);
  });
});

describe('what a click lists', () => {
  test('a bar segment: its day and site; above the stack, the whole day; an empty day, nothing', () => {
    expect(segmentAt(charts.volume, 0, 1)).toBe(0);
    expect(pick(charts.volume, 0, 0.5)).toEqual({ title: 'Cases opened Mar 2 on X', date: '2026-03-02', platform: 'x' });
    expect(pick(charts.volume, 1, 0.5)).toEqual({ title: 'Cases opened Mar 3 on Facebook', date: '2026-03-03', platform: 'facebook' });
    expect(pick(charts.volume, 0, 3)).toEqual({ title: 'Cases opened Mar 2', date: '2026-03-02' });
    expect(pick(charts.volume, 2, 0)).toBeUndefined();
    expect(pick(charts.volume, 7, 0)).toBeUndefined();
    expect(pick(charts.volume, -1, 0)).toBeUndefined();
  });

  test('a point: the nearest line in its column; on the SLA chart, the cases late on that clock', () => {
    expect(pick(charts.sla, 0, 0.9)).toEqual({ title: 'Cases opened Mar 2, first response late', date: '2026-03-02', outcome: 'first_response_breached' });
    expect(pick(charts.sla, 0, 0.4)).toEqual({ title: 'Cases opened Mar 2, resolved late', date: '2026-03-02', outcome: 'resolution_breached' });
    expect(pick(charts.sla, 1, 0.5)).toBeUndefined();
    expect(pick(charts.backlog, 1, 100)).toEqual({ title: 'Cases open at the end of Mar 3', openOn: '2026-03-03' });
    expect(pick(charts.histogram, 1, 0)).toEqual({ title: 'First response 1–4 h', bucket: '1h_4h' });
  });

  test('a table row lists its whole column', () => {
    expect(charts.sla.drill(0)).toEqual({ title: 'Cases opened Mar 2', date: '2026-03-02' });
    expect(charts.volume.drill(1)).toEqual({ title: 'Cases opened Mar 3', date: '2026-03-03' });
  });
});

test('days along the axis: every one while they fit, else every second, third …', () => {
  expect(labelledColumns(7, 400)).toEqual([0, 1, 2, 3, 4, 5, 6]);
  expect(labelledColumns(30, 300)).toEqual([0, 6, 12, 18, 24]);
  expect(labelledColumns(5, 0)).toEqual([0]);
});
