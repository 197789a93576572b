/**
 * Upkeep each API process runs by itself: at start, then every hour: old mutation ids, expired
 * sign-in tokens, sign-in failures past their window and settled webhook deliveries over a month old pruned, and posts stored before tone was
 * read given theirs. Several processes on one database may all run it; each step is safe to repeat.
 */
import type { Database } from './db/client.js';
import { pruneMutations } from './ops/mutations.js';
import { pruneExpiredTokens } from './ops/tokens.js';
import { pruneLoginFailures } from './auth/throttle.js';
import { readUntonedPosts } from './ops/postTones.js';
import { pruneDeliveries } from './ops/webhooks.js';

export const HOUSEKEEPING_INTERVAL_MS = 60 * 60 * 1000;

export interface Housekeeping {
  /** Stops the timer and waits for a run in progress, so the database can be closed after it. */
  stop(): Promise<void>;
}

export function startHousekeeping(
  db: Database,
  { intervalMs = HOUSEKEEPING_INTERVAL_MS, logError = (error: unknown) => console.error('housekeeping failed', error) } = {},
): Housekeeping {
  let running: Promise<void> = Promise.resolve();
  const run = () => {
    running = running
      .then(() => pruneMutations(db, new Date()))
      .then(() => pruneExpiredTokens(db, new Date()))
      .then(() => pruneLoginFailures(db, new Date()))
      .then(() => readUntonedPosts(db))
      .then(() => pruneDeliveries(db, new Date()))
      .then(() => undefined, logError);
  };
  run();
  const timer = setInterval(run, intervalMs);
  timer.unref(); // upkeep alone never keeps the process alive
  return {
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
