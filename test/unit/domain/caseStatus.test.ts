import { describe, it, expect } from 'vitest';
import {
  caseStatuses,
  canTransition,
  nextStatus,
  statusAfterCustomerPost,
  statusAfterReply,
  isOpenStatus,
  TransitionError,
  type CaseStatus,
} from '../../../api/domain/caseStatus.js';

// Every (from, to) pair; a missing row in this table would hide a rule change.
const transitions: [CaseStatus, CaseStatus, boolean][] = [
  ['new', 'new', false],
  ['new', 'open', true],
  ['new', 'pending', true],
  ['new', 'resolved', true],
  ['new', 'closed', false],
  ['open', 'new', false],
  ['open', 'open', false],
  ['open', 'pending', true],
  ['open', 'resolved', true],
  ['open', 'closed', false],
  ['pending', 'new', false],
  ['pending', 'open', true],
  ['pending', 'pending', false],
  ['pending', 'resolved', true],
  ['pending', 'closed', false],
  ['resolved', 'new', false],
  ['resolved', 'open', true],
  ['resolved', 'pending', false],
  ['resolved', 'resolved', false],
  ['resolved', 'closed', true],
  ['closed', 'new', false],
  ['closed', 'open', true],
  ['closed', 'pending', false],
  ['closed', 'resolved', false],
  ['closed', 'closed', false],
];

describe('case status transitions', () => {
  it('covers every pair of statuses', () => {
    const pairs = new Set(transitions.map(([from, to]) => `${from}->${to}`));
    expect(pairs.size).toBe(caseStatuses.length ** 2);
  });

  it.each(transitions)('%s -> %s allowed: %s', (from, to, allowed) => {
    expect(canTransition(from, to)).toBe(allowed);
  });

  it.each(transitions.filter(([, , allowed]) => allowed))('nextStatus(%s, %s) moves to the target', (from, to) => {
    expect(nextStatus(from, to)).toBe(to);
  });

  it.each(caseStatuses)('nextStatus(%s, same) is no change, not an error', (status) => {
    expect(nextStatus(status, status)).toBe(status);
  });

  it.each(transitions.filter(([from, to, allowed]) => !allowed && from !== to))(
    'nextStatus(%s, %s) throws TransitionError',
    (from, to) => {
      expect(() => nextStatus(from, to)).toThrow(TransitionError);
    },
  );

  it('explains a refused transition in words and keeps both ends', () => {
    const error = new TransitionError('resolved', 'pending');
    expect(error.message).toBe('a case cannot go from resolved to pending');
    expect(error.from).toBe('resolved');
    expect(error.to).toBe('pending');
    expect(error).toBeInstanceOf(Error);
  });
});

describe('automatic status changes', () => {
  it.each<[CaseStatus, CaseStatus]>([
    ['new', 'new'],
    ['open', 'open'],
    ['pending', 'pending'],
    ['resolved', 'open'],
    ['closed', 'open'],
  ])('a customer post on a %s case leaves it %s', (status, expected) => {
    expect(statusAfterCustomerPost(status)).toBe(expected);
  });

  it.each<[CaseStatus, CaseStatus]>([
    ['new', 'open'],
    ['open', 'open'],
    ['pending', 'pending'],
    ['resolved', 'resolved'],
    ['closed', 'closed'],
  ])('an agent reply on a %s case leaves it %s', (status, expected) => {
    expect(statusAfterReply(status)).toBe(expected);
  });

  it.each<[CaseStatus, boolean]>([
    ['new', true],
    ['open', true],
    ['pending', true],
    ['resolved', false],
    ['closed', false],
  ])('%s counts as open: %s', (status, open) => {
    expect(isOpenStatus(status)).toBe(open);
  });
});
