import type { CaseT } from '../../api/contract.js';
import { defaultSlaMinutes, slaState } from '../../api/domain/sla.js';

const statusWord: Record<CaseT['status'], string> = { new: 'New', open: 'Open', pending: 'Pending', resolved: 'Resolved', closed: 'Closed' };
const slaWord = { on_time: 'on time', due_soon: 'due soon', breached: 'breached', none: '' } as const;

function clock(ms: number): string {
  const minutes = Math.round(Math.abs(ms) / 60_000);
  if (minutes < 60) return `${minutes}m`;
  const hours = Math.floor(minutes / 60);
  return hours < 48 ? `${hours}h ${minutes % 60}m` : `${Math.floor(hours / 24)}d`;
}

export function CaseBadge({ kase, assignee, now }: { kase: CaseT; assignee: string | undefined; now: number }) {
  const due = kase.slaDueAt ? new Date(kase.slaDueAt) : null;
  // "Due soon" is the last quarter of the priority's budget.
  const state = slaState(due, new Date(now), defaultSlaMinutes[kase.priority]);
  const left = due ? due.getTime() - now : 0;
  return (
    <span className="badge" data-testid="parley-case-badge" data-status={kase.status} data-sla={state}>
      <strong>#{kase.number}</strong>
      <span>{statusWord[kase.status]}</span>
      <span className="muted">{kase.assigneeId ? (assignee ?? 'Assigned') : 'Unassigned'}</span>
      {due && (
        <span className={`sla sla-${state}`} title={`First response ${slaWord[state]}: due ${due.toLocaleString()}`} data-testid="parley-sla">
          {left > 0 ? `${clock(left)} left` : `${clock(left)} over`}
        </span>
      )}
    </span>
  );
}
