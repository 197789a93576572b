import { and, count, eq, gt, inArray, lt, min } from 'drizzle-orm';
import type { Context } from 'hono';
import { getConnInfo } from '@hono/node-server/conninfo';
import type { Database, Tx } from '../db/client.js';
import { loginFailures } from '../db/schema.js';
import { ApiError, type AppEnv } from '../http.js';

/**
 * Failed sign-ins allowed per window. An attacker's guesses count against their own address and
 * address+email, so the owner signing in from elsewhere is never locked out; the per-email limit
 * is only a ceiling against guesses spread over very many addresses.
 */
export const throttle = { windowMs: 15 * 60_000, perAddressEmail: 10, perAddress: 50, perEmail: 100 };

export function clientAddress(c: Context<AppEnv>): string {
  if (c.var.config.TRUST_PROXY) {
    // Our own proxy appends the address it saw; anything to its left was written by the client.
    const forwarded = c.req.header('x-forwarded-for')?.split(',').at(-1)?.trim();
    if (forwarded) return forwarded;
  }
  try {
    return getConnInfo(c).remote.address ?? 'unknown';
  } catch {
    return 'unknown'; // requests made in-process (app.request) have no socket
  }
}

export type ThrottleKeys = readonly [pair: string, address: string, email: string];

export const throttleKeys = (email: string, address: string): ThrottleKeys =>
  [`pair:${address}|${email}`, `ip:${address}`, `email:${email}`] as const;

const limitOf = (key: string) =>
  key.startsWith('pair:') ? throttle.perAddressEmail : key.startsWith('ip:') ? throttle.perAddress : throttle.perEmail;

async function assertUnder(db: Pick<Tx, 'select'>, keys: ThrottleKeys, now: Date): Promise<void> {
  const since = new Date(now.getTime() - throttle.windowMs);
  const rows = await db
    .select({ key: loginFailures.key, failures: count(), oldest: min(loginFailures.at) })
    .from(loginFailures)
    .where(and(inArray(loginFailures.key, [...keys]), gt(loginFailures.at, since)))
    .groupBy(loginFailures.key);
  for (const row of rows) {
    if (row.failures >= limitOf(row.key) && row.oldest) {
      const retryAfter = Math.max(1, Math.ceil((row.oldest.getTime() + throttle.windowMs - now.getTime()) / 1000));
      throw new ApiError(429, 'rate_limited', `Too many failed sign-ins; try again in ${retryAfter} s`, {
        headers: { 'Retry-After': String(retryAfter) },
      });
    }
  }
}

/** Throws 429 with Retry-After when any key has used up its failures in the window. */
export function assertNotThrottled(db: Database, keys: ThrottleKeys, now: Date): Promise<void> {
  return assertUnder(db.read, keys, now);
}

export async function recordFailure(tx: Tx, keys: ThrottleKeys, now: Date): Promise<number[]> {
  await tx.delete(loginFailures).where(lt(loginFailures.at, new Date(now.getTime() - throttle.windowMs)));
  const rows = await tx.insert(loginFailures).values(keys.map((key) => ({ key, at: now }))).returning({ id: loginFailures.id });
  return rows.map((row) => row.id);
}

/**
 * Counts this attempt as a failure before the password is checked, in one write transaction:
 * however many attempts arrive at once, no more than the limit get through to the check.
 * Answers the rows to take back if the password turns out right.
 */
export function reserveAttempt(db: Database, keys: ThrottleKeys, now: Date): Promise<number[]> {
  return db.tx(async (tx) => {
    await assertUnder(tx, keys, now);
    return recordFailure(tx, keys, now);
  });
}

/** A right password: its own reservation is taken back, and its address+email starts afresh. */
export async function clearFailures(tx: Tx, keys: ThrottleKeys, reserved: number[]): Promise<void> {
  if (reserved.length > 0) await tx.delete(loginFailures).where(inArray(loginFailures.id, reserved));
  await tx.delete(loginFailures).where(eq(loginFailures.key, keys[0]));
}
