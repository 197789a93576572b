/** uPlot's options for a chart model: days or buckets along x by position, stacked bars or lines with points. */
import uPlot from 'uplot';
import { count, duration, percent } from './format.js';
import { drawn, yMax, type ChartModel } from './series.js';

export const CHART_HEIGHT = 180;
/** The narrowest room one label along x gets, in CSS pixels. */
const LABEL_SPACE = 52;

const steps: Record<ChartModel['unit'], number[]> = {
  seconds: [60, 300, 600, 900, 1800, 3600, 7200, 10_800, 21_600, 43_200, 86_400, 172_800, 345_600, 604_800, 1_209_600],
  count: [1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 5000, 10_000, 20_000, 50_000, 100_000],
  ratio: [0.1, 0.2, 0.25, 0.5],
};
const tick = (unit: ChartModel['unit'], value: number) => (value === 0 ? '0' : unit === 'seconds' ? duration(value) : unit === 'ratio' ? percent(value) : count(value));

/** Which columns are labelled: every one when they fit, else every second, third … */
export function labelledColumns(columns: number, width: number): number[] {
  const step = Math.max(1, Math.ceil(columns / Math.max(1, Math.floor(width / LABEL_SPACE))));
  return Array.from({ length: columns }, (_, i) => i).filter((i) => i % step === 0);
}

export function chartData(model: ChartModel): uPlot.AlignedData {
  return [model.keys.map((_, i) => i), ...drawn(model).map((series) => series.values)];
}

export function chartOptions(model: ChartModel, width: number, dark: boolean): uPlot.Options {
  const columns = model.keys.length;
  const ink = dark ? '#c9d1d9' : '#3d4650';
  const rule = dark ? '#ffffff22' : '#00000018';
  const bars = uPlot.paths.bars!({ size: [0.7, 40] });
  return {
    width, height: CHART_HEIGHT,
    legend: { show: false },
    cursor: { drag: { x: false, y: false, setScale: false }, points: { show: model.kind === 'lines' } },
    scales: { x: { time: false, range: () => [-0.5, columns - 0.5] }, y: { range: () => [0, yMax(model)] } },
    axes: [
      {
        stroke: ink, grid: { show: false }, ticks: { stroke: rule },
        splits: (plot) => labelledColumns(columns, plot.bbox.width / devicePixelRatio),
        values: (_, splits) => splits.map((i) => model.labels[i] ?? ''),
      },
      { stroke: ink, grid: { stroke: rule }, ticks: { stroke: rule }, size: 64, incrs: steps[model.unit], values: (_, splits) => splits.map((value) => tick(model.unit, value)) },
    ],
    series: [
      {},
      ...drawn(model).map((series): uPlot.Series => (model.kind === 'bars'
        ? { label: series.label, stroke: series.color, fill: series.color, width: 0, paths: bars, points: { show: false } }
        : { label: series.label, stroke: series.color, width: 2, spanGaps: true, points: { show: true, size: 7, fill: series.color } })),
    ],
  };
}
