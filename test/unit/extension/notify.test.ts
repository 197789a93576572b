import { describe, expect, it } from 'vitest';
import { assignmentsTo, caseOfNotification, dueSoon, notificationId } from '../../../extension/background/notify.js';
import type { CaseT } from '../../../api/contract.js';

const ME = '0190f0e0-0000-7000-8000-00000000aaaa';
const COLLEAGUE = '0190f0e0-0000-7000-8000-00000000bbbb';
const caseId = (n: number) => `0190f0e0-0000-7000-8000-${String(n).padStart(12, '0')}`;

const kase = (n: number, assigneeId: string | null) => ({ entity: 'case', id: caseId(n), data: { id: caseId(n), assigneeId } });
const event = (n: number, type: string, actorId: string | null, data: Record<string, unknown> = {}) =>
  ({ entity: 'event', id: `e${n}${type}`, data: { id: `e${n}`, caseId: caseId(n), type, actorId, data } });

describe('which pulled changes gave the agent a case', () => {
  it('an assignment to me by a colleague, and a case a colleague opened already mine', () => {
    expect(assignmentsTo(ME, [kase(1, ME), event(1, 'assigned', COLLEAGUE, { from: null, to: ME }), kase(2, ME), event(2, 'created', COLLEAGUE)])).toEqual([caseId(1), caseId(2)]);
  });

  it('not what I did myself, nor an assignment to someone else, nor a case opened unassigned', () => {
    expect(assignmentsTo(ME, [
      kase(1, ME), event(1, 'assigned', ME, { from: null, to: ME }),
      kase(2, COLLEAGUE), event(2, 'assigned', COLLEAGUE, { from: null, to: COLLEAGUE }),
      kase(3, null), event(3, 'created', COLLEAGUE),
      kase(4, ME), event(4, 'created', ME),
    ])).toEqual([]);
  });

  it('not a case given to me and taken away again in the same page', () => {
    expect(assignmentsTo(ME, [event(1, 'assigned', COLLEAGUE, { from: null, to: ME }), event(1, 'assigned', COLLEAGUE, { from: ME, to: null }), kase(1, null)])).toEqual([]);
  });

  it('an assignment whose case is not in the page counts (the case changed in an earlier page)', () => {
    expect(assignmentsTo(ME, [event(1, 'assigned', null, { from: null, to: ME })])).toEqual([caseId(1)]);
  });
});

describe('which of my cases are due soon', () => {
  const now = Date.parse('2026-12-03T10:00:00Z');
  const at = (minutes: number) => new Date(now + minutes * 60_000).toISOString();
  const mine = (n: number, priority: CaseT['priority'], dueInMinutes: number | null, extra: Partial<CaseT> = {}) =>
    ({ id: caseId(n), priority, status: 'open', assigneeId: ME, slaDueAt: dueInMinutes === null ? null : at(dueInMinutes), ...extra }) as CaseT;

  it('within a quarter of the priority\'s response time, before the deadline', () => {
    const due = dueSoon([
      mine(1, 'urgent', 3), // urgent: 15 min, due soon from 3¾ min
      mine(2, 'urgent', 5),
      mine(3, 'normal', 59), // normal: 240 min, due soon from 60
      mine(4, 'normal', 61),
      mine(5, 'high', -1), // breached, not due soon
      mine(6, 'high', null),
    ], ME, now);
    expect([...due]).toEqual([[caseId(1), at(3)], [caseId(3), at(59)]]);
  });

  it('only my working cases', () => {
    expect(dueSoon([
      mine(1, 'urgent', 2, { assigneeId: COLLEAGUE }), mine(2, 'urgent', 2, { assigneeId: null }),
      mine(3, 'urgent', 2, { status: 'pending' }), mine(4, 'urgent', 2, { status: 'resolved' }), mine(5, 'urgent', 2, { status: 'new' }),
    ], ME, now).size).toBe(1);
  });
});

describe('notification ids', () => {
  it('carry their case, and only Parley\'s are read', () => {
    expect(caseOfNotification(notificationId('assigned', caseId(7)))).toBe(caseId(7));
    expect(caseOfNotification(notificationId('due', caseId(7)))).toBe(caseId(7));
    expect(caseOfNotification('other:assigned:' + caseId(7))).toBeUndefined();
    expect(caseOfNotification('parley:due:../../options.html')).toBeUndefined();
  });
});
