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

const compact = new Intl.NumberFormat('en', { notation: 'compact', maximumFractionDigits: 1 });

/** An author's reach: "48.2K followers", or "reach unknown" while the page has never shown it (never 0). */
export const reachWords = (followers: number | null | undefined): string =>
  followers == null ? 'reach unknown' : `${compact.format(followers)} followers`;
