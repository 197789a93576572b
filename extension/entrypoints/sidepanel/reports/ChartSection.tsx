import { Chart } from './Chart.js';
import type { ChartModel, Drill } from './series.js';

/** A chart, its legend, and its figures as a table a screen reader reads, each row listing its cases. */
export function ChartSection({ model, onPick }: { model: ChartModel; onPick: (drill: Drill) => void }) {
  const heading = `parley-chart-title-${model.name}`;
  return (
    <section className="chart" data-testid={`parley-chart-${model.name}`} aria-labelledby={heading}>
      <h3 id={heading}>{model.title}</h3>
      {model.series.length > 1 && (
        <ul className="chart-legend" aria-hidden="true">
          {model.series.map((series) => <li key={series.label}><span className="swatch" style={{ background: series.color }} />{series.label}</li>)}
        </ul>
      )}
      <Chart model={model} onPick={onPick} />
      <details className="chart-data">
        <summary>Figures as a table</summary>
        <table data-testid={`parley-chart-table-${model.name}`}>
          <caption className="sr-only">{model.title}</caption>
          <thead>
            <tr>{model.table.columns.map((column) => <th key={column} scope="col">{column}</th>)}<th scope="col"><span className="sr-only">Cases</span></th></tr>
          </thead>
          <tbody>
            {model.table.rows.map((row, i) => (
              <tr key={row.key} data-key={row.key}>
                <th scope="row">{row.label}</th>
                {row.cells.map((cell, c) => <td key={c}>{cell}</td>)}
                <td>
                  <button type="button" className="quiet" data-testid="parley-chart-row-cases" onClick={() => onPick(model.drill(i))}
                    aria-label={`List the cases: ${model.drill(i).title}`}>Cases</button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </section>
  );
}
