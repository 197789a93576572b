/**
 * When a recorded reply counts as sent. The first response time is measured from the case, so a
 * reply may never predate it; the agent's clock is trusted only within a few minutes of ours.
 */

/** How far an agent's clock may run behind the server's before its times are refused. */
export const CLOCK_SKEW_MS = 5 * 60_000;

export type ReplyTime = { ok: true; at: Date } | { ok: false; reason: 'before_case' };

/**
 * The time to record for a reply the client says was sent at `sentAt` (now when it says nothing).
 * A time ahead of now is now (a fast clock); one before the case but within the skew is the case's
 * creation (a slow clock); one earlier still is refused.
 */
export function replySentAt(sentAt: Date | undefined, caseCreatedAt: Date, now: Date): ReplyTime {
  const claimed = sentAt ?? now;
  if (claimed.getTime() < caseCreatedAt.getTime() - CLOCK_SKEW_MS) return { ok: false, reason: 'before_case' };
  const at = Math.max(Math.min(claimed.getTime(), now.getTime()), caseCreatedAt.getTime());
  return { ok: true, at: new Date(at) };
}
