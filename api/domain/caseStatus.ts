export const caseStatuses = ['new', 'open', 'pending', 'resolved', 'closed'] as const;
export type CaseStatus = (typeof caseStatuses)[number];

export class TransitionError extends Error {
  constructor(
    readonly from: CaseStatus,
    readonly to: CaseStatus,
  ) {
    super(`a case cannot go from ${from} to ${to}`);
    this.name = 'TransitionError';
  }
}

// Same-status moves are absent on purpose: callers treat "no change" separately.
const allowed: Record<CaseStatus, readonly CaseStatus[]> = {
  new: ['open', 'pending', 'resolved'],
  open: ['pending', 'resolved'],
  pending: ['open', 'resolved'],
  resolved: ['open', 'closed'],
  closed: ['open'],
};

export function canTransition(from: CaseStatus, to: CaseStatus): boolean {
  return allowed[from].includes(to);
}

export function nextStatus(from: CaseStatus, to: CaseStatus): CaseStatus {
  if (from === to) return from;
  if (canTransition(from, to)) return to;
  throw new TransitionError(from, to);
}

export function statusAfterCustomerPost(status: CaseStatus): CaseStatus {
  // A customer writing again means the issue is not settled after all.
  return status === 'resolved' || status === 'closed' ? 'open' : status;
}

export function statusAfterReply(status: CaseStatus): CaseStatus {
  return status === 'new' ? 'open' : status;
}

export function isOpenStatus(status: CaseStatus): boolean {
  return status === 'new' || status === 'open' || status === 'pending';
}
