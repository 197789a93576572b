import { describe, expect, it } from 'vitest';
import { suggestPriority, UNKNOWN_REACH_POINTS, type PriorityInput } from '../../../api/domain/priority.js';

// A post whose author's reach the page showed as 0, unless the case says otherwise.
const post = (change: Partial<PriorityInput>): PriorityInput => ({ tone: 0, followers: 0, waitingMinutes: 0, vip: false, text: '', ...change });

describe('the priority a post suggests', () => {
  it.each([
    ['praise from a small account', post({ tone: 0.8, followers: 40, text: 'Love the new app!' }), 'low'],
    ['a mild complaint', post({ tone: -0.4, followers: 300, text: 'My order is late :(' }), 'normal'],
    ['an angry customer asking for a refund', post({ tone: -0.7, text: 'Still not working and I want a REFUND' }), 'high'],
    ['the same from an author whose reach was never shown', post({ tone: -0.7, followers: null, text: 'Still not working and I want a REFUND' }), 'high'],
    ['the same from a large account', post({ tone: -0.7, followers: 500_000, text: 'Still not working and I want a REFUND' }), 'urgent'],
    ['a hacked account and a lawyer', post({ tone: -0.8, text: 'My account was hacked and I am calling my lawyer' }), 'urgent'],
    ['a VIP saying thanks', post({ tone: 0.6, vip: true, text: 'Thanks!' }), 'normal'],
    ['thanks from an author whose reach was never shown', post({ tone: 0.6, followers: null, text: 'Thanks!' }), 'low'],
    ['a question left a day without answer', post({ tone: 0, waitingMinutes: 1500, text: 'Do you ship to Canada?' }), 'normal'],
  ])('%s → %s', (_name, input, priority) => {
    expect(suggestPriority(input).priority).toBe(priority);
  });

  it('adds up documented parts, never past 100', () => {
    expect(suggestPriority(post({})).score).toBe(0);
    expect(suggestPriority(post({ tone: -1 })).score).toBe(30);
    expect(suggestPriority(post({ followers: 1_000_000 })).score).toBe(20);
    expect(suggestPriority(post({ followers: 10_000 })).score).toBe(10);
    expect(suggestPriority(post({ waitingMinutes: 240 })).score).toBe(10);
    expect(suggestPriority(post({ waitingMinutes: 1440 })).score).toBe(15);
    expect(suggestPriority(post({ vip: true })).score).toBe(15);
    expect(suggestPriority(post({ text: 'refund please' })).score).toBe(15);
    expect(suggestPriority(post({ text: 'the site is down' })).score).toBe(20);
    expect(suggestPriority(post({ text: 'I was hacked' })).score).toBe(30);
    expect(suggestPriority(post({ text: 'refund, I was hacked, calling my lawyer, cancel it all' })).score).toBe(35);
    expect(suggestPriority(post({ tone: -1, followers: 5e7, waitingMinutes: 5000, vip: true, text: 'outage refund lawyer hacked fire cancel' })).score).toBe(100);
  });

  it('says why, the weightiest reason first', () => {
    const { reasons } = suggestPriority(post({ tone: -0.9, followers: 12_345, waitingMinutes: 300, vip: true, text: 'I want a refund' }));
    expect(reasons).toEqual(['angry customer', 'VIP', 'risk: refund', '12.3K followers', 'waiting 5 h']);
  });

  it('does not count risk words inside other words', () => {
    expect(suggestPriority(post({ text: 'Sued? No. Surefire fan here, shipping to Cancún' })).reasons).toEqual([]);
  });
});

describe('an author whose reach the page never showed', () => {
  const complaint = { tone: -0.4, waitingMinutes: 60, text: 'My order is late' };
  const score = (followers: number | null) => suggestPriority(post({ ...complaint, followers })).score;

  it('counts a stated 2 points, not the 0 of a known tiny account nor the 20 of a wide one', () => {
    expect(UNKNOWN_REACH_POINTS).toBe(2);
    expect(suggestPriority(post({ followers: null })).score).toBe(2);
    expect(suggestPriority(post({ followers: 0 })).score).toBe(0);
    expect(suggestPriority(post({ followers: 1_000_000 })).score).toBe(20);
    expect(score(null) - score(0)).toBe(2);
  });

  it('ranks above a known account of 100 followers or fewer and below a known 1,000', () => {
    expect(score(0)).toBe(score(100));
    expect(score(100)).toBeLessThan(score(null));
    expect(score(null)).toBeLessThan(score(1_000));
    expect(score(1_000)).toBeLessThan(score(48_200));
  });

  it('says "reach unknown" among the reasons, and never on its own lifts a post from low', () => {
    expect(suggestPriority(post({ followers: null })).reasons).toEqual(['reach unknown']);
    expect(suggestPriority(post({ followers: null })).priority).toBe('low');
    expect(suggestPriority(post({ followers: 0 })).reasons).toEqual([]);
  });

  it('gives way to the count once the page shows it', () => {
    const later = suggestPriority(post({ ...complaint, followers: 48_200 }));
    expect(later.reasons).toContain('48.2K followers');
    expect(later.reasons).not.toContain('reach unknown');
  });
});
