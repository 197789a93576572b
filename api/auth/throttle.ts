import { and, count, eq, gt, inArray, lte, min } from 'drizzle-orm';
import type { Context } from 'hono';
import { getConnInfo } from '@hono/node-server/conninfo';
import type { Database, Tx } from '../db/client.js';
import { loginFailures } from '../db/schema.js';
import { ApiError, type AppEnv } from '../http.js';
import { verifyPassword, withPasswordSlot } from './passwords.js';

/**
 * Failed sign-ins allowed per window. An attacker's guesses count against their own address and
 * address+email, so the owner signing in from elsewhere is never locked out; the per-email limit
 * is only a ceiling against guesses spread over very many addresses.
 */
export const throttle = { windowMs: 15 * 60_000, perAddressEmail: 10, perAddress: 50, perEmail: 100 };

export function clientAddress(c: Context<AppEnv>): string {
  if (c.get('config').TRUST_PROXY) {
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

const windowStart = (now: Date) => new Date(now.getTime() - throttle.windowMs);

async function assertUnder(db: Pick<Tx, 'select'>, keys: ThrottleKeys, now: Date): Promise<void> {
  const since = windowStart(now);
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
  // Only these keys' old rows, through their index; housekeeping prunes the rest.
  await tx.delete(loginFailures).where(and(inArray(loginFailures.key, [...keys]), lte(loginFailures.at, windowStart(now))));
  const rows = await tx.insert(loginFailures).values(keys.map((key) => ({ key, at: now }))).returning({ id: loginFailures.id });
  return rows.map((row) => row.id);
}

/**
 * Counts this attempt as a failure before the password is checked, in one write transaction:
 * however many attempts arrive at once, no more than the limit get through to the check.
 * Answers the rows to take back if the password turns out right.
 */
export async function reserveAttempt(db: Database, keys: ThrottleKeys, now: Date): Promise<number[]> {
  // A key already over its limit is refused from a read, so a flood of refused guesses takes no write lock.
  await assertNotThrottled(db, keys, now);
  return db.tx(async (tx) => {
    await assertUnder(tx, keys, now);
    return recordFailure(tx, keys, now);
  });
}

/** Takes back a reservation whose password was never checked. */
export async function releaseAttempt(db: Database, reserved: number[]): Promise<void> {
  if (reserved.length > 0) await db.tx((tx) => tx.delete(loginFailures).where(inArray(loginFailures.id, reserved)));
}

/**
 * Checks a password under the throttle: the attempt is reserved first, then checked in a bounded
 * slot. Answers the reservation (for `clearFailures`) when the password is right, undefined when it
 * is wrong (the failure stays counted).
 */
export async function throttledVerify(db: Database, keys: ThrottleKeys, stored: string | undefined, given: string, now: Date): Promise<number[] | undefined> {
  const reserved = await reserveAttempt(db, keys, now);
  let valid: boolean;
  try {
    valid = await withPasswordSlot(() => verifyPassword(stored, given));
  } catch (error) {
    // Too busy to check: the attempt was no guess, so it does not count.
    await releaseAttempt(db, reserved);
    throw error;
  }
  return valid ? reserved : undefined;
}

/** A right password: its own reservation is taken back, and its address+email starts afresh. */
export async function clearFailures(tx: Tx, keys: ThrottleKeys, reserved: number[]): Promise<void> {
  if (reserved.length > 0) await tx.delete(loginFailures).where(inArray(loginFailures.id, reserved));
  await tx.delete(loginFailures).where(eq(loginFailures.key, keys[0]));
}

// Small write transactions: sign-ins wait behind each one, not behind the whole backlog.
const PRUNE_CHUNK = 2000;
const pruneChunk = 'DELETE FROM login_failures WHERE id IN (SELECT id FROM login_failures WHERE at <= ? LIMIT ?)';

/** Forgets failures older than the window (housekeeping); answers how many. */
export async function pruneLoginFailures(db: Database, now: Date): Promise<number> {
  let removed = 0;
  for (;;) {
    const deleted = await db.tx(async (tx) => (await tx.$client.execute({ sql: pruneChunk, args: [windowStart(now).getTime(), PRUNE_CHUNK] })).rowsAffected);
    removed += deleted;
    if (deleted < PRUNE_CHUNK) return removed;
  }
}
