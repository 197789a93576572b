/** What a webhook attempt's answer means: delivered, retry later (with backoff and jitter), or give up. */

/** Pauses after each failed attempt (the Standard Webhooks schedule): about 27 hours in all. */
export const RETRY_DELAYS_MS = [5_000, 300_000, 1_800_000, 7_200_000, 18_000_000, 36_000_000, 36_000_000] as const;
/** An endpoint that has failed, and never succeeded, for this long is disabled. */
export const FAILING_DISABLES_AFTER_MS = 24 * 60 * 60 * 1000;
// A Retry-After further off than this is a misconfigured receiver, not a plan.
const MAX_RETRY_AFTER_MS = 24 * 60 * 60 * 1000;

export type Attempt =
  | { ok: true; status: number; retryAfter: string | null }
  | { ok: false; error: string };

export type Outcome =
  | { kind: 'delivered' }
  | { kind: 'gone' }
  | { kind: 'retry'; at: Date }
  | { kind: 'failed' };

/** Timeouts and network errors (no status), 5xx, 429 and 408 are worth another try; other answers are final. */
export const isRetryable = (attempt: Attempt) => !attempt.ok || attempt.status >= 500 || attempt.status === 429 || attempt.status === 408;

/** Retry-After as seconds or an HTTP date → milliseconds from now, or undefined. */
export function retryAfterMs(header: string | null, now: Date): number | undefined {
  if (!header) return undefined;
  const text = header.trim();
  const ms = /^\d+$/.test(text) ? Number(text) * 1000 : Date.parse(text) - now.getTime();
  return Number.isFinite(ms) ? Math.min(Math.max(ms, 0), MAX_RETRY_AFTER_MS) : undefined;
}

/** ±20 % so that endpoints failing together are not retried together. */
export const withJitter = (ms: number, random: number) => Math.round(ms * (0.8 + 0.4 * random));

/**
 * After attempt number `attempts` (1 for the first): the outcome. `delays` is the retry schedule;
 * its length is how many retries there are.
 */
export function outcomeOf(
  attempt: Attempt, attempts: number, now: Date,
  { delays = RETRY_DELAYS_MS as readonly number[], random = Math.random() } = {},
): Outcome {
  if (attempt.ok && attempt.status >= 200 && attempt.status < 300) return { kind: 'delivered' };
  if (attempt.ok && attempt.status === 410) return { kind: 'gone' };
  if (!isRetryable(attempt) || attempts > delays.length) return { kind: 'failed' };
  const asked = attempt.ok ? retryAfterMs(attempt.retryAfter, now) : undefined;
  const pause = asked ?? withJitter(delays[attempts - 1]!, random);
  return { kind: 'retry', at: new Date(now.getTime() + pause) };
}

/** Whether an endpoint failing since `failingSince` has failed for long enough to be disabled. */
export const failedTooLong = (failingSince: Date | null, now: Date) =>
  failingSince !== null && now.getTime() - failingSince.getTime() >= FAILING_DISABLES_AFTER_MS;
