import type { MetricsT } from '../../../../api/contract.js';
import { count, duration, percent } from './format.js';

/** Each agent's cases, replies, first-response median and SLA attainment; a row narrows the report to them. */
export function Agents({ agents, onChoose }: { agents: MetricsT['agents']; onChoose: (agentId: string) => void }) {
  return (
    <section className="report-agents" aria-labelledby="parley-report-agents-title">
      <h3 id="parley-report-agents-title">By agent</h3>
      {agents.length === 0 ? <p className="muted">No agent worked on a case in this period.</p> : (
        <table data-testid="parley-report-agents">
          <thead>
            <tr><th scope="col">Agent</th><th scope="col">Cases</th><th scope="col">Replies</th><th scope="col">First response (median)</th><th scope="col">First response on time</th></tr>
          </thead>
          <tbody>
            {agents.map((agent) => (
              <tr key={agent.agentId} data-agent-id={agent.agentId}>
                <th scope="row"><button type="button" className="quiet" title={`Only ${agent.name}'s cases`} onClick={() => onChoose(agent.agentId)}>{agent.name}</button></th>
                <td>{count(agent.cases)}</td>
                <td>{count(agent.replies)}</td>
                <td>{duration(agent.firstResponseMedian)}</td>
                <td>{percent(agent.slaAttainment)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
