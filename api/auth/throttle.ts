import { and, count, eq, gt, inArray, lt, min } from 'drizzle-orm';
import type { Context } from 'hono';
import { getConnInfo } from '@hono/node-server/conninfo';
import type { Database, Tx } from '../db/client.js';
import { loginFailures } from '../db/schema.js';
import { ApiError, type AppEnv } from '../http.js';

/** Failed sign-ins allowed per window, per email and per client address. */
export const throttle = { windowMs: 15 * 60_000, perEmail: 10, perAddress: 50 };

export function clientAddress(c: Context<AppEnv>): string {
  if (c.var.config.TRUST_PROXY) {
    const forwarded = c.req.header('x-forwarded-for')?.split(',')[0]?.trim();
    if (forwarded) return forwarded;
  }
  try {
    return getConnInfo(c).remote.address ?? 'unknown';
  } catch {
    return 'unknown'; // requests made in-process (app.request) have no socket
  }
}

export const throttleKeys = (email: string, address: string) => [`email:${email}`, `ip:${address}`] as const;

/** Throws 429 with Retry-After when either key has used up its failures in the window. */
export async function assertNotThrottled(db: Database, keys: readonly [string, string], now: Date): Promise<void> {
  const since = new Date(now.getTime() - throttle.windowMs);
  const rows = await db.read
    .select({ key: loginFailures.key, failures: count(), oldest: min(loginFailures.at) })
    .from(loginFailures)
    .where(and(inArray(loginFailures.key, [...keys]), gt(loginFailures.at, since)))
    .groupBy(loginFailures.key);
  for (const row of rows) {
    const limit = row.key.startsWith('email:') ? throttle.perEmail : throttle.perAddress;
    if (row.failures >= limit && row.oldest) {
      const retryAfter = Math.max(1, Math.ceil((row.oldest.getTime() + throttle.windowMs - now.getTime()) / 1000));
      throw new ApiError(429, 'rate_limited', `Too many failed sign-ins; try again in ${retryAfter} s`, {
        headers: { 'Retry-After': String(retryAfter) },
      });
    }
  }
}

export async function recordFailure(tx: Tx, keys: readonly [string, string], now: Date): Promise<void> {
  await tx.delete(loginFailures).where(lt(loginFailures.at, new Date(now.getTime() - throttle.windowMs)));
  await tx.insert(loginFailures).values(keys.map((key) => ({ key, at: now })));
}

export async function clearFailures(tx: Tx, emailKey: string): Promise<void> {
  await tx.delete(loginFailures).where(eq(loginFailures.key, emailKey));
}
