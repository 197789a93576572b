import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createClient, type Client, type Transaction } from '@libsql/client';
import { drizzle, type LibSQLDatabase } from 'drizzle-orm/libsql';
import { migrate } from 'drizzle-orm/libsql/migrator';
import * as schema from './schema.js';

export type Schema = typeof schema;
/** A drizzle database bound to one open write transaction; `tx.$client` runs raw statements in it. */
export type Tx = LibSQLDatabase<Schema> & { $client: Transaction };
export type ReadDb = LibSQLDatabase<Schema>;

export interface DatabaseOptions {
  url: string;
  authToken?: string;
  syncUrl?: string;
  syncInterval?: number;
}

export interface Database {
  /** For reads: never blocks on writers (WAL). */
  read: ReadDb;
  client: Client;
  /** Runs `fn` in one write transaction; every write goes through here. */
  tx<T>(fn: (tx: Tx) => Promise<T>): Promise<T>;
  close(): void;
}

const migrationsFolder = resolve(dirname(fileURLToPath(import.meta.url)), 'migrations');
const BUSY_TIMEOUT_MS = 5000;

export function isLocal(url: string): boolean {
  return url === ':memory:' || url.startsWith('file:');
}

export async function openDatabase(options: DatabaseOptions): Promise<Database> {
  const { url } = options;
  if (url.startsWith('file:')) {
    const path = url.slice('file:'.length).split('?')[0] ?? '';
    if (path && path !== ':memory:') mkdirSync(dirname(resolve(path)), { recursive: true });
  }
  const client = createClient({
    url,
    authToken: options.authToken,
    syncUrl: options.syncUrl,
    syncInterval: options.syncInterval,
    // Every connection waits for a busy lock held by another process instead of failing at once.
    timeout: BUSY_TIMEOUT_MS,
    concurrency: isLocal(url) ? 4 : 20,
  });
  if (isLocal(url) && url !== ':memory:') {
    // WAL is a property of the file: set once, every later connection uses it.
    await client.execute('PRAGMA journal_mode=WAL');
  }
  if (options.syncUrl) await client.sync();
  const read = drizzle(client, { schema });

  const tx = groupCommit(client);
  return { read, client, tx, close: () => client.close() };
}

interface Job {
  fn: (tx: Tx) => Promise<unknown>;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}
type Outcome = { ok: true; value: unknown } | { ok: false; error: unknown };

const MAX_GROUP = 64;

/**
 * Write transactions, committed in groups. SQLite has one writer, and a second local writer's busy
 * wait would block the event loop the first one needs, so writes queue in-process. Each queued
 * write runs in its own savepoint — a failing one is rolled back alone — and every write waiting
 * at that moment shares one COMMIT, so one fsync covers many requests at full durability.
 */
function groupCommit(client: Client): Database['tx'] {
  let queue: Job[] = [];
  let draining = false;

  async function runGroup(group: Job[]): Promise<Outcome[]> {
    const transaction = await client.transaction('write');
    try {
      // drizzle only calls execute/batch on its client, which a transaction provides.
      const tx = drizzle(transaction as unknown as Client, { schema }) as unknown as Tx;
      const outcomes: Outcome[] = [];
      const alone = group.length === 1; // nothing to protect from a lone write's failure
      for (const job of group) {
        if (!alone) await transaction.execute('SAVEPOINT parley_write');
        try {
          const value = await job.fn(tx);
          if (!alone) await transaction.execute('RELEASE parley_write');
          outcomes.push({ ok: true, value });
        } catch (error) {
          if (!alone) await transaction.batch(['ROLLBACK TO parley_write', 'RELEASE parley_write']);
          outcomes.push({ ok: false, error });
        }
      }
      if (alone && !outcomes[0]!.ok) await transaction.rollback();
      else await transaction.commit();
      return outcomes;
    } finally {
      transaction.close();
    }
  }

  async function drain(): Promise<void> {
    draining = true;
    while (queue.length > 0) {
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
    }
    draining = false;
  }

  return <T>(fn: (tx: Tx) => Promise<T>) =>
    new Promise<T>((resolve, reject) => {
      queue.push({ fn, resolve: resolve as (value: unknown) => void, reject });
      if (!draining) void drain();
    });
}

export async function migrateDatabase(db: Database): Promise<void> {
  await migrate(db.read, { migrationsFolder });
}
