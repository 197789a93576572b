import type { CaseView } from '../protocol.js';
import { canTransition, caseStatuses, type CaseStatus } from '../../api/domain/caseStatus.js';
import { caseSlaState } from '../../api/domain/sla.js';
import { clock, statusWord } from '../words.js';

const slaWord = { on_time: 'on time', due_soon: 'due soon', breached: 'breached', none: '' } as const;

interface Props {
  kase: CaseView;
  assignee: string | undefined;
  now: number;
  /** Whether the case panel is open. */
  open: boolean;
  onStatus: (status: CaseStatus) => void;
  onOpen: () => void;
}

export function CaseBadge({ kase, assignee, now, open, onStatus, onOpen }: Props) {
  const choices = caseStatuses.filter((status) => status === kase.status || canTransition(kase.status, status));
  const due = kase.slaDueAt ? new Date(kase.slaDueAt) : null;
  // "Due soon" is the last quarter of the budget, in the team's business time, as the server set it.
  const state = caseSlaState(kase, now);
  const left = due ? due.getTime() - now : 0;
  return (
    <span className="badge" data-testid="parley-case-badge" data-status={kase.status} data-sla={state}
      data-pending={kase.pending ? 'true' : undefined} data-provisional={kase.provisional ? 'true' : undefined}>
      {kase.provisional ? (
        <strong title="Opened here: it gets its number when Parley's server is back" data-testid="parley-case-number">New case, not yet sent</strong>
      ) : (
        <button type="button" className="number" data-testid="parley-case-number" aria-expanded={open} onClick={onOpen}
          title="Priority, assignee and tags; notes in the side panel">#{kase.number}{kase.pending ? ' …' : ''}</button>
      )}
      <select aria-label={kase.provisional ? 'Status of the new case' : `Status of case #${kase.number}`} data-testid="parley-case-status" value={kase.status}
        disabled={kase.provisional} onChange={(event) => onStatus(event.target.value as CaseStatus)}>
        {choices.map((status) => <option key={status} value={status}>{statusWord[status]}</option>)}
      </select>
      <span className="muted">{kase.assigneeId ? (assignee ?? 'Assigned') : 'Unassigned'}</span>
      {due && (
        <span className={`sla sla-${state}`} title={`First response ${slaWord[state]}: due ${due.toLocaleString()}`} data-testid="parley-sla">
          {left > 0 ? `${clock(left)} left` : `${clock(left)} over`}
        </span>
      )}
    </span>
  );
}
