import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { CHART_HEIGHT, chartData, chartOptions } from './chartOptions.js';
import { pick, type ChartModel, type Drill } from './series.js';

const dark = () => matchMedia('(prefers-color-scheme: dark)').matches;

/**
 * One chart on a canvas. A click on a column (a bar, a segment of it, a point) lists the cases
 * behind it; the table beside the chart offers the same to the keyboard and to screen readers.
 */
export function Chart({ model, onPick }: { model: ChartModel; onPick: (drill: Drill) => void }) {
  const box = useRef<HTMLDivElement>(null);
  const picked = useRef(onPick);
  picked.current = onPick;
  useEffect(() => {
    const element = box.current;
    if (!element) return;
    let width = element.clientWidth || 320;
    const plot = new uPlot(chartOptions(model, width, dark()), chartData(model), element);
    const click = (event: MouseEvent) => {
      // Measured from the plotting area itself: the click may land on a point drawn over it.
      const area = plot.over.getBoundingClientRect();
      const index = Math.round(plot.posToVal(event.clientX - area.left, 'x'));
      const drill = pick(model, index, plot.posToVal(event.clientY - area.top, 'y'));
      if (drill) picked.current(drill);
    };
    plot.over.addEventListener('click', click);
    const resized = new ResizeObserver(() => {
      if (element.clientWidth === width || element.clientWidth === 0) return;
      width = element.clientWidth;
      plot.setSize({ width, height: CHART_HEIGHT });
    });
    resized.observe(element);
    return () => {
      resized.disconnect();
      plot.over.removeEventListener('click', click);
      plot.destroy();
    };
  }, [model]);
  return <div ref={box} className="chart-canvas" role="img" aria-label={`${model.title}. The figures are in the table below the chart.`} />;
}
