import { useEffect, useState } from 'react';
import type { HoursMode } from './terms.js';

export interface ReportChoice {
  fromDay: string;
  toDay: string;
  agentId: string;
  platform: '' | 'x' | 'facebook';
  tag: string;
  hours: HoursMode;
}

interface Props {
  choice: ReportChoice;
  agents: { id: string; name: string }[];
  onChange: (patch: Partial<ReportChoice>) => void;
}

/** Waits for a pause in typing before a tag narrows the report. */
const TAG_PAUSE_MS = 400;

/** The period (local days) and what narrows the report: agent, site, tag, and business or calendar hours. */
export function ReportFilters({ choice, agents, onChange }: Props) {
  const [tag, setTag] = useState(choice.tag);
  useEffect(() => setTag(choice.tag), [choice.tag]);
  useEffect(() => {
    if (tag.trim() === choice.tag) return;
    const timer = setTimeout(() => onChange({ tag: tag.trim() }), TAG_PAUSE_MS);
    return () => clearTimeout(timer);
  }, [tag]);
  return (
    <form className="report-filters" onSubmit={(event) => { event.preventDefault(); onChange({ tag: tag.trim() }); }}>
      <label>From <input type="date" data-testid="parley-reports-from" value={choice.fromDay} max={choice.toDay} required
        onChange={(event) => onChange({ fromDay: event.target.value })} /></label>
      <label>To <input type="date" data-testid="parley-reports-to" value={choice.toDay} min={choice.fromDay} required
        onChange={(event) => onChange({ toDay: event.target.value })} /></label>
      <label>Agent
        <select data-testid="parley-reports-agent" value={choice.agentId} onChange={(event) => onChange({ agentId: event.target.value })}>
          <option value="">Everyone</option>
          {agents.map((agent) => <option key={agent.id} value={agent.id}>{agent.name}</option>)}
        </select>
      </label>
      <label>Site
        <select data-testid="parley-reports-platform" value={choice.platform} onChange={(event) => onChange({ platform: event.target.value as ReportChoice['platform'] })}>
          <option value="">Both sites</option>
          <option value="x">X</option>
          <option value="facebook">Facebook</option>
        </select>
      </label>
      <label>Tag <input data-testid="parley-reports-tag" value={tag} maxLength={50} placeholder="any" onChange={(event) => setTag(event.target.value)} /></label>
      <label>Hours
        <select data-testid="parley-reports-hours" value={choice.hours} onChange={(event) => onChange({ hours: event.target.value as HoursMode })}
          title="Business hours count only while the team is open (its SLA policy); calendar hours count around the clock">
          <option value="business">Business hours</option>
          <option value="calendar">Calendar hours</option>
        </select>
      </label>
    </form>
  );
}
