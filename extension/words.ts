/** How Parley names sites, statuses and time left, the same on the bars and in the side panel. */
import type { CaseT } from '../api/contract.js';

export const platformName = { x: 'X', facebook: 'Facebook' } as const;
export const statusWord: Record<CaseT['status'], string> = { new: 'New', open: 'Open', pending: 'Pending', resolved: 'Resolved', closed: 'Closed' };

/** Time left or over on an SLA clock: minutes, then hours and minutes, then days. */
export function clock(ms: number): string {
  const minutes = Math.round(Math.abs(ms) / 60_000);
  if (minutes < 60) return `${minutes}m`;
  const hours = Math.floor(minutes / 60);
  return hours < 48 ? `${hours}h ${minutes % 60}m` : `${Math.floor(hours / 24)}d`;
}
