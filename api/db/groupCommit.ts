import type { Client, InArgs, InStatement, ResultSet, Row, Transaction } from '@libsql/client';
import { drizzle } from 'drizzle-orm/libsql';
import type { Tx } from './client.js';

/** An open write transaction: @libsql/client's Transaction, or its equivalent on a local file. */
export interface WriteTransaction {
  execute(stmt: InStatement): Promise<ResultSet>;
  first(stmt: { sql: string; args?: InArgs }): Promise<Row | undefined>;
  batch(stmts: InStatement[]): Promise<ResultSet[]>;
  commit(): Promise<void>;
  rollback(): Promise<void>;
  close(): void;
}

interface Job {
  fn: (tx: Tx) => Promise<unknown>;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}
type Outcome = { ok: true; value: unknown } | { ok: false; error: unknown };

const MAX_GROUP = 64;
/** The longest a group waits for writers the last one answered. */
const GATHER_MS = 1;
/** Waiting is worth it only when a COMMIT costs about as much as the wait (an fsync, a round trip). */
const GATHER_AFTER_COMMIT_MS = 0.5;

/**
 * Write transactions, committed in groups. SQLite has one writer, and a second local writer's busy
 * wait would block the event loop the first one needs, so writes queue in-process. Each queued
 * write runs in its own savepoint — a failing one is rolled back alone — and every write waiting
 * at that moment shares one COMMIT, so one fsync covers many requests at full durability.
 *
 * Writers a group answered send their next write a moment later, and the writes that queued
 * meanwhile would start the next group without them: groups would split in two, each with its own
 * COMMIT. So, as PostgreSQL's commit_delay does, a group whose queue holds fewer writes than were
 * active around the last one waits for them, up to GATHER_MS, when COMMITs are slow.
 */
export interface GroupCommitOptions {
  /** Statements run after every write of a group, just before its COMMIT. */
  beforeCommit?: InStatement[];
  /**
   * Run after each write that succeeded, in the same transaction, so what it records sees that
   * write as it was (the webhook outbox). It undoes its own work when it fails, and its failure is
   * reported, never the write's: the write stands.
   */
  afterEachWrite?: { run: (tx: Tx) => Promise<void>; onError: (error: unknown) => void };
}

export function groupCommit(begin: () => Promise<WriteTransaction>, options: GroupCommitOptions = {}) {
  let queue: Job[] = [];
  let draining = false;
  /** Writers active around the last group (its own and those that queued while it ran), forgotten one a group. */
  let active = 1;
  let lastCommitMs = 0;
  /** Set while a group waits for writers; called when enough have queued. */
  let gathered: (() => void) | undefined;

  /** Until `active` writes are queued, or GATHER_MS. */
  function gather(): Promise<void> {
    return new Promise((done) => {
      const timer = setTimeout(() => {
        gathered = undefined;
        done();
      }, GATHER_MS);
      gathered = () => {
        clearTimeout(timer);
        gathered = undefined;
        done();
      };
    });
  }

  async function runGroup(group: Job[]): Promise<Outcome[]> {
    const transaction = await begin();
    try {
      // drizzle only calls execute and batch on its client, which a transaction provides. No
      // schema: relational queries (tx.query) are not used in writes, and mapping it per group costs.
      const tx = drizzle(transaction as unknown as Client) as unknown as Tx;
      const outcomes: Outcome[] = [];
      const alone = group.length === 1; // nothing to protect from a lone write's failure
      for (const job of group) {
        if (!alone) await transaction.execute('SAVEPOINT parley_write');
        try {
          const value = await job.fn(tx);
          if (!alone) await transaction.execute('RELEASE parley_write');
          if (options.afterEachWrite) await options.afterEachWrite.run(tx).catch(options.afterEachWrite.onError);
          outcomes.push({ ok: true, value });
        } catch (error) {
          if (!alone) await transaction.batch(['ROLLBACK TO parley_write', 'RELEASE parley_write']);
          outcomes.push({ ok: false, error });
        }
      }
      if (alone && !outcomes[0]!.ok) {
        await transaction.rollback();
        return outcomes;
      }
      if (options.beforeCommit) await transaction.batch(options.beforeCommit);
      const committing = performance.now();
      await transaction.commit();
      lastCommitMs = performance.now() - committing;
      return outcomes;
    } finally {
      transaction.close();
    }
  }

  async function drain(): Promise<void> {
    while (queue.length > 0) {
      if (queue.length < active && lastCommitMs >= GATHER_AFTER_COMMIT_MS) await gather();
      const group = queue.slice(0, MAX_GROUP);
      queue = queue.slice(group.length);
      try {
        const outcomes = await runGroup(group);
        group.forEach((job, i) => {
          const outcome = outcomes[i]!;
          if (outcome.ok) job.resolve(outcome.value);
          else job.reject(outcome.error);
        });
      } catch (error) {
        // The transaction itself failed (e.g. its commit): nothing of this group was applied.
        for (const job of group) job.reject(error);
      }
      active = Math.min(MAX_GROUP, Math.max(group.length + queue.length, active - 1));
    }
    draining = false;
  }

  return <T>(fn: (tx: Tx) => Promise<T>) =>
    new Promise<T>((resolve, reject) => {
      queue.push({ fn, resolve: resolve as (value: unknown) => void, reject });
      if (gathered && queue.length >= active) gathered();
      // Start after the event loop has handled every request already received, so they share
      // this group; a local commit blocks the loop, and requests pile up meanwhile.
      if (!draining) {
        draining = true;
        setImmediate(() => void drain());
      }
    });
}

/**
 * Rows as the local path gives them: plain arrays by column position. @libsql/client's own rows
 * (remote, :memory:, embedded replica) are objects with the values under their indexes (not
 * enumerable) and under their column names, and are not iterable: `const [a, b] = row` fails
 * on them, and two columns of the same name keep only the first under that name.
 */
export function positionalRows(result: ResultSet): ResultSet {
  const rows = result.rows;
  for (let i = 0; i < rows.length; i += 1) rows[i] = Array.prototype.slice.call(rows[i]) as unknown as Row;
  return result;
}

/** @libsql/client's transaction, with `first`, and its rows shaped as the local path's. */
export function remoteTransaction(transaction: Transaction): WriteTransaction {
  return {
    execute: async (stmt) => positionalRows(await transaction.execute(stmt)),
    first: async (stmt) => positionalRows(await transaction.execute(stmt)).rows[0],
    batch: async (stmts) => (await transaction.batch(stmts)).map(positionalRows),
    commit: () => transaction.commit(),
    rollback: () => transaction.rollback(),
    close: () => transaction.close(),
  };
}
