/** What the queue shows: its tabs, their counts, the order of the rows and the filters. */
import { caseSlaState, priorities, type SlaState } from '../../../api/domain/sla.js';
import type { QueueItem } from '../../protocol.js';

export const queues = ['mine', 'unassigned', 'open', 'breaching', 'pending'] as const;
export type Queue = (typeof queues)[number];
export const queueNames: Record<Queue, string> = { mine: 'Mine', unassigned: 'Unassigned', open: 'Open', breaching: 'Breaching', pending: 'Pending' };

export interface Filters {
  platform?: 'x' | 'facebook' | undefined;
  tag?: string | undefined;
  /** An agent's id, or `none` for unassigned cases. */
  assignee?: string | undefined;
  search?: string | undefined;
}

export const slaOf = (item: QueueItem, now: number): SlaState => caseSlaState(item.case, now);

/** Whether a case is in a queue. Pending cases wait on the customer: they are in no other. */
export function inQueue(queue: Queue, item: QueueItem, me: string | null, now: number): boolean {
  const { status, assigneeId } = item.case;
  const working = status === 'new' || status === 'open';
  switch (queue) {
    case 'mine': return working && assigneeId !== null && assigneeId === me;
    case 'unassigned': return working && assigneeId === null;
    case 'open': return working;
    case 'breaching': return working && ['due_soon', 'breached'].includes(slaOf(item, now));
    case 'pending': return status === 'pending';
  }
}

const rank = (priority: QueueItem['case']['priority']) => priorities.indexOf(priority);
const due = (item: QueueItem) => (item.case.slaDueAt ? Date.parse(item.case.slaDueAt) : Number.POSITIVE_INFINITY);

/** Urgent first, then the soonest due, then the oldest. */
export function byUrgency(a: QueueItem, b: QueueItem): number {
  return rank(a.case.priority) - rank(b.case.priority) || due(a) - due(b) || a.case.createdAt.localeCompare(b.case.createdAt) || a.case.number - b.case.number;
}

/** The search box: `#12` finds case 12; other words must all be in the customer's name, the excerpt or the subject. */
export function matches(item: QueueItem, filters: Filters): boolean {
  if (filters.platform && item.platform !== filters.platform) return false;
  if (filters.tag && !item.case.tags.includes(filters.tag)) return false;
  if (filters.assignee && (filters.assignee === 'none' ? item.case.assigneeId !== null : item.case.assigneeId !== filters.assignee)) return false;
  const words = (filters.search ?? '').trim().toLowerCase().split(/\s+/).filter(Boolean);
  const text = `${item.customerName} ${item.excerpt} ${item.case.subject}`.toLowerCase();
  return words.every((word) => (/^#\d+$/.test(word) ? item.case.number === Number(word.slice(1)) : text.includes(word)));
}

export function view(items: QueueItem[], queue: Queue, filters: Filters, me: string | null, now: number) {
  const counts = Object.fromEntries(queues.map((name) => [name, items.filter((item) => inQueue(name, item, me, now)).length])) as Record<Queue, number>;
  const rows = items.filter((item) => inQueue(queue, item, me, now) && matches(item, filters)).sort(byUrgency);
  const tags = [...new Set(items.flatMap((item) => item.case.tags))].sort();
  return { counts, rows, tags };
}
