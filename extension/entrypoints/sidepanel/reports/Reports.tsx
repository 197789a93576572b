import { useEffect, useMemo, useRef, useState } from 'react';
import type { MetricsQueryT, MetricsT } from '../../../../api/contract.js';
import { ask, errorOf } from '../../../messaging.js';
import { CaseDetail } from '../CaseDetail.js';
import { Agents } from './Agents.js';
import { ChartSection } from './ChartSection.js';
import { daysOf, periodOf, recentDays } from './period.js';
import { ReportCases } from './ReportCases.js';
import { ReportFilters, type ReportChoice } from './ReportFilters.js';
import { csvName, saveCsv } from './saveCsv.js';
import { chartsOf, type Drill } from './series.js';
import { Summary } from './Summary.js';

/** The query of a choice, or why there is none (a period that is not one). */
function queryOf(choice: ReportChoice): { query: MetricsQueryT } | { problem: string } {
  const period = periodOf(choice.fromDay, choice.toDay);
  if (!period.ok) return { problem: period.message };
  return {
    query: {
      from: period.from, to: period.to, hours: choice.hours,
      ...(choice.agentId ? { agentId: choice.agentId } : {}),
      ...(choice.platform ? { platform: choice.platform } : {}),
      ...(choice.tag ? { tag: choice.tag } : {}),
    },
  };
}

/** How fast and how well the team answered over a period, drawn; each figure lists the cases behind it. Asked again each time it comes forward. */
export default function Reports({ active }: { active: boolean }) {
  const [choice, setChoice] = useState<ReportChoice>(() => ({ ...recentDays(new Date()), agentId: '', platform: '', tag: '', hours: 'business' }));
  const [metrics, setMetrics] = useState<MetricsT>();
  const [error, setError] = useState<string>();
  const [notice, setNotice] = useState<string>();
  const [agents, setAgents] = useState<{ id: string; name: string }[]>([]);
  const [drill, setDrill] = useState<Drill>();
  // A case opened from the summary (an advocate's), in full below it.
  const [opened, setOpened] = useState<string>();
  const asked = useMemo(() => queryOf(choice), [choice]);
  const query = 'query' in asked ? asked.query : undefined;
  const latest = useRef(0);

  useEffect(() => {
    void ask({ type: 'settings.agents.list' }).then(
      ({ agents }) => setAgents(agents.map(({ id, name }) => ({ id, name })).sort((a, b) => a.name.localeCompare(b.name))),
      () => undefined,
    );
  }, []);
  useEffect(() => {
    if (!query || !active) return;
    // Only the answer to the latest choice is shown: an earlier one may arrive after it.
    const asking = ++latest.current;
    setError(undefined);
    ask({ type: 'reports.metrics', query }).then(
      (answer) => { if (asking === latest.current) setMetrics(answer); },
      (failure: unknown) => { if (asking === latest.current) setError(errorOf(failure).message); },
    );
  }, [JSON.stringify(query), active]);

  const charts = useMemo(() => (metrics ? chartsOf(metrics, daysOf(metrics.from, metrics.to, metrics.timeZone)) : []), [metrics]);
  const change = (patch: Partial<ReportChoice>) => {
    setChoice((before) => ({ ...before, ...patch }));
    setDrill(undefined);
  };
  async function download(what: 'cases' | 'metrics') {
    if (!query) return;
    setNotice(undefined);
    try {
      const { csv } = await ask({ type: 'reports.export', file: { what, query } });
      saveCsv(csv, csvName(what, choice.fromDay, choice.toDay));
    } catch (failure) {
      setNotice(errorOf(failure).message);
    }
  }

  return (
    <main className="reports" data-testid="parley-reports" data-loaded={metrics ? 'true' : undefined}>
      <ReportFilters choice={choice} agents={agents.length > 0 ? agents : (metrics?.agents ?? []).map((agent) => ({ id: agent.agentId, name: agent.name }))} onChange={change} />
      <div className="report-exports">
        <button type="button" data-testid="parley-export-cases" disabled={!query} onClick={() => void download('cases')}>Cases CSV</button>
        <button type="button" data-testid="parley-export-metrics" disabled={!query} onClick={() => void download('metrics')}>Metrics CSV</button>
        {metrics && <span className="muted">Days in {metrics.timeZone}, {metrics.hours === 'business' ? 'business' : 'calendar'} hours</span>}
      </div>
      {'problem' in asked && <p className="error" role="alert" data-testid="parley-reports-problem">{asked.problem}</p>}
      {error && <p className="error" role="alert">{error}</p>}
      {notice && <p className="notice" role="status">{notice}</p>}
      {!metrics && !error && <p className="muted">Loading the report…</p>}
      {metrics && query && (
        <>
          <Summary metrics={metrics} onPick={setDrill} onOpenCase={setOpened} />
          {opened && (
            <CaseDetail key={opened} caseId={opened} item={undefined} changed="" reveal={1} onClose={() => setOpened(undefined)}
              onOpenPost={() => void ask({ type: 'post.open', caseId: opened }).catch((failure: unknown) => setNotice(errorOf(failure).message))} />
          )}
          {drill && <ReportCases key={JSON.stringify(drill)} drill={drill} query={query} onClose={() => setDrill(undefined)} />}
          <div className="charts">
            {charts.map((model) => <ChartSection key={model.name} model={model} onPick={setDrill} />)}
          </div>
          <Agents agents={metrics.agents} onChoose={(agentId) => change({ agentId })} />
        </>
      )}
    </main>
  );
}
