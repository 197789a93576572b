import { describe, expect, it } from 'vitest';
import type { CaseT } from '../../../api/contract.js';
import { cardView, caseView, pendingOf, provisionalCase } from '../../../extension/sync/pending.js';
import type { CustomerCard } from '../../../extension/protocol.js';
import type { QueuedMutation } from '../../../extension/store/db.js';

const caseId = '0190f0e0-0000-7000-8000-0000000000c1';
const customerId = '0190f0e0-0000-7000-8000-0000000000a1';
const at = '2026-11-25T10:00:00.000Z';
const kase: CaseT = {
  id: caseId, number: 7, customerId, status: 'new', priority: 'normal', assigneeId: null, subject: 'late order', tags: [],
  slaDueAt: '2026-11-25T14:00:00.000Z', slaDueSoonAt: null, resolutionDueAt: null, firstResponseAt: null, resolvedAt: null, version: 3, createdAt: at, updatedAt: at,
};
const post = { platform: 'x' as const, externalId: '111', url: 'https://x.com/dana/status/111', author: { handle: 'dana', displayName: 'Dana' }, text: 'Where is my order?' };
let n = 0;
const queued = (name: string, args: Record<string, unknown>, postKey = 'x:111'): QueuedMutation => ({ id: `m${(n += 1)}`, name, args, postKey, queuedAt: Date.parse(at) });

describe('a case with the agent\'s queued changes on it', () => {
  it('is the server\'s case when nothing waits', () => {
    expect(caseView(kase, pendingOf([]))).toBe(kase);
  });

  it('replays changes in order and counts the versions the server will make', () => {
    const view = caseView(kase, pendingOf([
      queued('updateCase', { caseId, version: 3, priority: 'urgent' }),
      queued('updateCase', { caseId, version: 4, status: 'pending', tags: ['billing', 'billing'] }),
    ]));
    expect(view).toMatchObject({ priority: 'urgent', status: 'pending', tags: ['billing'], version: 5, pending: true });
  });

  it('counts no version for a change that changes nothing', () => {
    expect(caseView(kase, pendingOf([queued('updateCase', { caseId, version: 3, priority: 'normal' })])).version).toBe(3);
  });

  it('takes a recorded reply as the first response, opening a new case and stopping its clock', () => {
    const view = caseView(kase, pendingOf([queued('recordReply', { caseId, text: 'On it', sentAt: '2026-11-25T10:05:00.000Z' })]));
    expect(view).toMatchObject({ status: 'open', firstResponseAt: '2026-11-25T10:05:00.000Z', slaDueAt: null, version: 4 });
  });

  it('reopens a resolved case when one of the customer\'s posts is added', () => {
    const view = caseView({ ...kase, status: 'resolved' }, pendingOf([queued('linkPost', { caseId, post })]));
    expect(view.status).toBe('open');
  });

  it('leaves other cases alone, and a note changes no case', () => {
    const pending = pendingOf([queued('updateCase', { caseId: 'other', version: 1, priority: 'low' }), queued('addNote', { caseId, body: 'called' })]);
    expect(caseView(kase, pending)).toBe(kase);
    expect(pending.notes).toEqual([expect.objectContaining({ caseId, body: 'called' })]);
  });
});

describe('what else waits', () => {
  it('shows a case opened offline as provisional, with what the agent asked for', () => {
    const created = queued('createCase', { post, priority: 'high', excerpt: 'order' });
    const pending = pendingOf([created]);
    expect(pending.created.get('x:111')).toBe(created);
    expect(provisionalCase(created, customerId)).toMatchObject({ id: created.id, status: 'new', priority: 'high', subject: 'order', provisional: true, pending: true });
  });

  it('puts a post in the case it was added to', () => {
    expect(pendingOf([queued('linkPost', { caseId, post: { ...post, externalId: '222' } })]).links.get('x:222')).toBe(caseId);
  });

  it('lays customer edits, merges and case changes over the customer\'s card', () => {
    const card: CustomerCard = {
      customer: { id: customerId, name: 'Dana', notes: '', tags: [], vip: false, createdAt: at, updatedAt: at },
      identities: [], cases: [{ ...kase, excerpt: 'late' }], recentPosts: [],
    };
    const view = cardView(card, pendingOf([
      queued('updateCustomer', { customerId, vip: true, name: 'Dana Rivers' }),
      queued('mergeCustomers', { customerId, otherCustomerId: 'other' }),
      queued('updateCase', { caseId, version: 3, status: 'open' }),
    ]));
    expect(view.customer).toMatchObject({ name: 'Dana Rivers', vip: true });
    expect(view).toMatchObject({ pending: true, mergingWith: ['other'] });
    expect(view.cases[0]).toMatchObject({ status: 'open', excerpt: 'late' });
    expect(cardView(card, pendingOf([]))).toBe(card);
  });
});
