import type { MetricsT } from '../../../../api/contract.js';
import { count, duration, percent, toneScore } from './format.js';
import type { Drill } from './series.js';
import type { SlaOutcome } from './terms.js';

interface Props {
  metrics: MetricsT;
  onPick: (drill: Drill) => void;
  onOpenCase: (caseId: string) => void;
}

/** One figure: its words, and its raw value for whoever reads the page's data. */
function Figure({ name, label, value, raw }: { name: string; label: string; value: string; raw: number | null }) {
  return (
    <div className="figure">
      <dt>{label}</dt>
      <dd data-testid={`parley-figure-${name}`} data-value={raw ?? ''}>{value}</dd>
    </div>
  );
}

function Sla({ name, label, figures, met, late, onPick }: {
  name: string; label: string; figures: MetricsT['sla']['firstResponse']; met: SlaOutcome; late: SlaOutcome; onPick: (drill: Drill) => void;
}) {
  return (
    <div className="figure">
      <dt>{label}</dt>
      <dd data-testid={`parley-figure-${name}`} data-value={figures.attainment ?? ''}>{percent(figures.attainment)}</dd>
      <dd className="muted">
        <button type="button" className="quiet" data-testid={`parley-figure-${name}-met`} onClick={() => onPick({ title: `${label}: on time`, outcome: met })}>
          {count(figures.met)} on time
        </button>
        {' · '}
        <button type="button" className="quiet" data-testid={`parley-figure-${name}-breached`} onClick={() => onPick({ title: `${label}: late`, outcome: late })}>
          {count(figures.breached)} late
        </button>
      </dd>
    </div>
  );
}

/** The period's figures at a glance, and the customers who went from upset to pleased. */
export function Summary({ metrics, onPick, onOpenCase }: Props) {
  const { firstResponse: first, resolution, fullResolution, sla, advocates } = metrics;
  const opened = metrics.volume.reduce((sum, row) => sum + row.created, 0);
  return (
    <section className="report-summary" data-testid="parley-report-summary" aria-label="Summary">
      <dl className="figures">
        <Figure name="cases" label="Cases opened" value={count(opened)} raw={opened} />
        <Figure name="first-response-median" label="First response, median" value={duration(first.median)} raw={first.median} />
        <Figure name="first-response-p90" label="First response, 90th percentile" value={duration(first.p90)} raw={first.p90} />
        <Figure name="first-response-mean" label="First response, mean" value={duration(first.mean)} raw={first.mean} />
        <Figure name="first-response-count" label="Answered" value={count(first.count)} raw={first.count} />
        <Figure name="resolution-median" label="Resolution, median" value={duration(resolution.median)} raw={resolution.median} />
        <Figure name="resolution-p90" label="Resolution, 90th percentile" value={duration(resolution.p90)} raw={resolution.p90} />
        <Figure name="resolution-mean" label="Resolution, mean" value={duration(resolution.mean)} raw={resolution.mean} />
        <Figure name="resolution-count" label="Resolved" value={count(resolution.count)} raw={resolution.count} />
        <Figure name="full-resolution-median" label="Full resolution, median" value={duration(fullResolution.median)} raw={fullResolution.median} />
        <Sla name="sla-first-response" label="First response on time" figures={sla.firstResponse} met="first_response_met" late="first_response_breached" onPick={onPick} />
        <Sla name="sla-resolution" label="Resolved on time" figures={sla.resolution} met="resolution_met" late="resolution_breached" onPick={onPick} />
        <Figure name="advocates-count" label={`Upset customers turned advocates (of ${count(advocates.upset)})`} value={count(advocates.count)} raw={advocates.count} />
        <Figure name="advocates-share" label="Advocates' share" value={percent(advocates.share)} raw={advocates.share} />
        <Figure name="advocates-reach-share" label="Share weighted by reach" value={percent(advocates.reachWeightedShare)} raw={advocates.reachWeightedShare} />
      </dl>
      {advocates.customers.length > 0 && (
        <>
          <h3>Advocates <span className="muted">(tone within {advocates.windowDays} days before the case and after its resolution)</span></h3>
          <ul className="advocates" data-testid="parley-report-advocates">
            {advocates.customers.map((advocate) => (
              <li key={advocate.caseId} data-testid="parley-report-advocate" data-customer-id={advocate.customerId}>
                <strong>{advocate.name}</strong> <span className="muted">· {count(advocate.followers)} followers · </span>
                <button type="button" className="quiet" onClick={() => onOpenCase(advocate.caseId)}>case #{advocate.caseNumber}</button>
                <span className="muted"> · tone {toneScore(advocate.before)} → {toneScore(advocate.after)}</span>
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
