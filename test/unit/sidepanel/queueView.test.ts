import { describe, expect, it } from 'vitest';
import { byUrgency, inQueue, matches, view } from '../../../extension/entrypoints/sidepanel/queueView.js';
import type { QueueItem } from '../../../extension/protocol.js';

const now = Date.parse('2026-12-02T12:00:00Z');
const minutes = (n: number) => new Date(now + n * 60_000).toISOString();
let n = 0;
function item(patch: Partial<QueueItem['case']> = {}, rest: Partial<QueueItem> = {}): QueueItem {
  n += 1;
  return {
    case: {
      id: `0190f0e0-0000-7000-8000-${String(n).padStart(12, '0')}`, number: n, customerId: '0190f0e0-0000-7000-8000-000000000999',
      status: 'open', priority: 'normal', assigneeId: null, subject: `subject ${n}`, tags: [], slaDueAt: minutes(200), slaDueSoonAt: null, resolutionDueAt: null,
      firstResponseAt: null, resolvedAt: null, version: 1, createdAt: minutes(-100 + n), updatedAt: minutes(-100 + n), ...patch,
    },
    customerName: 'Dana Rivers', platform: 'x', postKey: 'x:1', excerpt: 'my order is late', tone: 'negative', ...rest,
  };
}

describe('the queue', () => {
  it('puts urgent first, then the soonest due, then the oldest', () => {
    const low = item({ priority: 'low', slaDueAt: minutes(1) });
    const urgentLater = item({ priority: 'urgent', slaDueAt: minutes(10) });
    const urgentSooner = item({ priority: 'urgent', slaDueAt: minutes(5) });
    const normalNoDue = item({ priority: 'normal', slaDueAt: null, createdAt: minutes(-500) });
    const normalOld = item({ priority: 'normal', slaDueAt: minutes(100), createdAt: minutes(-300) });
    const normalNew = item({ priority: 'normal', slaDueAt: minutes(100), createdAt: minutes(-1) });
    const sorted = [low, normalNew, normalNoDue, urgentLater, normalOld, urgentSooner].sort(byUrgency);
    expect(sorted).toEqual([urgentSooner, urgentLater, normalOld, normalNew, normalNoDue, low]);
  });

  it('sorts cases into mine, unassigned, open, breaching and pending', () => {
    const me = '0190f0e0-0000-7000-8000-00000000a001';
    const mine = item({ assigneeId: me });
    const theirs = item({ assigneeId: '0190f0e0-0000-7000-8000-00000000a002' });
    const nobody = item();
    const breached = item({ slaDueAt: minutes(-1) });
    const dueSoon = item({ priority: 'normal', slaDueAt: minutes(30) }); // the last quarter of 240 minutes
    const pending = item({ status: 'pending', assigneeId: me, slaDueAt: minutes(-5) });
    const items = [mine, theirs, nobody, breached, dueSoon, pending];
    const { counts } = view(items, 'open', {}, me, now);
    expect(counts).toEqual({ mine: 1, unassigned: 3, open: 5, breaching: 2, pending: 1 });
    expect(inQueue('breaching', pending, me, now)).toBe(false);
    expect(inQueue('mine', item({ assigneeId: null }), null, now)).toBe(false);
  });

  it('filters by platform, tag and assignee, and searches customer, text and #number', () => {
    const a = item({ tags: ['billing'] }, { customerName: 'Sam Okafor', excerpt: 'charged twice', platform: 'facebook' });
    const b = item({ tags: ['screen'], assigneeId: '0190f0e0-0000-7000-8000-00000000a001' });
    expect(matches(a, { platform: 'facebook' })).toBe(true);
    expect(matches(b, { platform: 'facebook' })).toBe(false);
    expect(matches(a, { tag: 'billing' })).toBe(true);
    expect(matches(b, { tag: 'billing' })).toBe(false);
    expect(matches(a, { assignee: 'none' })).toBe(true);
    expect(matches(b, { assignee: 'none' })).toBe(false);
    expect(matches(b, { assignee: '0190f0e0-0000-7000-8000-00000000a001' })).toBe(true);
    expect(matches(a, { search: 'sam TWICE' })).toBe(true);
    expect(matches(a, { search: 'sam screen' })).toBe(false);
    expect(matches(a, { search: `#${a.case.number}` })).toBe(true);
    expect(matches(a, { search: `#${b.case.number}` })).toBe(false);
  });
});
