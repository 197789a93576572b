import { describe, expect, it } from 'vitest';
import { failedTooLong, outcomeOf, retryAfterMs, RETRY_DELAYS_MS } from '../../../api/domain/webhookRetry.js';

const now = new Date('2026-12-03T10:00:00.000Z');
const answer = (status: number, retryAfter: string | null = null) => ({ ok: true as const, status, retryAfter });

describe('what an attempt\'s answer means', () => {
  it.each([200, 201, 204, 299])('%i is delivered', (status) => expect(outcomeOf(answer(status), 1, now)).toEqual({ kind: 'delivered' }));
  it('410 is gone', () => expect(outcomeOf(answer(410), 1, now)).toEqual({ kind: 'gone' }));
  it.each([301, 400, 401, 404, 422])('%i is final: failed, no retry', (status) => expect(outcomeOf(answer(status), 1, now)).toEqual({ kind: 'failed' }));

  it.each([
    ['a 500', answer(500)], ['a 503', answer(503)], ['a 429', answer(429)], ['a 408', answer(408)],
    ['a timeout', { ok: false as const, error: 'no answer within 15 s' }], ['a network error', { ok: false as const, error: 'network error' }],
  ])('%s is retried after the schedule\'s pause, ±20 %%', (_label, attempt) => {
    for (const random of [0, 0.5, 1]) {
      const outcome = outcomeOf(attempt, 2, now, { random });
      expect(outcome.kind).toBe('retry');
      const pause = outcome.kind === 'retry' ? outcome.at.getTime() - now.getTime() : NaN;
      expect(pause).toBe(Math.round(RETRY_DELAYS_MS[1] * (0.8 + 0.4 * random)));
    }
  });

  it('honours Retry-After in seconds or as a date, instead of the schedule', () => {
    expect(outcomeOf(answer(429, '120'), 1, now)).toEqual({ kind: 'retry', at: new Date(now.getTime() + 120_000) });
    expect(outcomeOf(answer(503, 'Thu, 03 Dec 2026 10:05:00 GMT'), 1, now)).toEqual({ kind: 'retry', at: new Date(now.getTime() + 300_000) });
    expect(retryAfterMs('soon', now)).toBeUndefined();
    expect(retryAfterMs('999999999', now)).toBe(24 * 3600_000);
  });

  it('gives up after the last pause of the schedule (about 27 hours)', () => {
    expect(outcomeOf(answer(500), RETRY_DELAYS_MS.length, now).kind).toBe('retry');
    expect(outcomeOf(answer(500), RETRY_DELAYS_MS.length + 1, now)).toEqual({ kind: 'failed' });
    expect(RETRY_DELAYS_MS.reduce((sum, ms) => sum + ms, 0)).toBeGreaterThan(24 * 3600_000);
  });

  it('disables an endpoint after a day of failing, not before', () => {
    expect(failedTooLong(null, now)).toBe(false);
    expect(failedTooLong(new Date(now.getTime() - 23 * 3600_000), now)).toBe(false);
    expect(failedTooLong(new Date(now.getTime() - 24 * 3600_000), now)).toBe(true);
  });
});
