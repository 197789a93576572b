import { describe, expect, it } from 'vitest';
import { CLOCK_SKEW_MS, replySentAt } from '../../../api/domain/replyTime.js';

const created = new Date('2026-11-20T10:00:00.000Z');
const now = new Date('2026-11-20T11:00:00.000Z');
const at = (offsetMs: number) => new Date(created.getTime() + offsetMs);

describe('replySentAt', () => {
  it.each<[string, Date | undefined, Date | 'refused']>([
    ['no time given: now', undefined, now],
    ['between the case and now: as sent', at(30 * 60_000), at(30 * 60_000)],
    ['exactly at the case: as sent', created, created],
    ['ahead of now (a fast clock): now', new Date(now.getTime() + 60_000), now],
    ['a minute before the case (a slow clock): the case', at(-60_000), created],
    ['at the edge of the skew: the case', at(-CLOCK_SKEW_MS), created],
    ['just past the skew: refused', at(-CLOCK_SKEW_MS - 1), 'refused'],
    ['a day before the case: refused', at(-86_400_000), 'refused'],
  ])('%s', (_what, sentAt, expected) => {
    const result = replySentAt(sentAt, created, now);
    expect(result).toEqual(expected === 'refused' ? { ok: false, reason: 'before_case' } : { ok: true, at: expected });
  });

  it('never answers a time before the case, even when this server\'s clock is behind the one that made it', () => {
    const aheadCreated = new Date(now.getTime() + 60_000);
    expect(replySentAt(undefined, aheadCreated, now)).toEqual({ ok: true, at: aheadCreated });
  });
});
