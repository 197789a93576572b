import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createClient, type Client } from '@libsql/client';
import { drizzle, type LibSQLDatabase } from 'drizzle-orm/libsql';
import { migrate } from 'drizzle-orm/libsql/migrator';
import type { SQLiteTransaction } from 'drizzle-orm/sqlite-core';
import type { ExtractTablesWithRelations } from 'drizzle-orm';
import type { ResultSet } from '@libsql/client';
import * as schema from './schema.js';

export type Schema = typeof schema;
export type Tx = SQLiteTransaction<'async', ResultSet, Schema, ExtractTablesWithRelations<Schema>>;
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

  const tx = groupCommit(read);
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
function groupCommit(db: ReadDb): Database['tx'] {
  let queue: Job[] = [];
  let draining = false;

  async function drain(): Promise<void> {
    draining = true;
    while (queue.length > 0) {
      const group = queue.slice(0, MAX_GROUP);
      queue = queue.slice(group.length);
      const outcomes: Outcome[] = [];
      try {
        await db.transaction(async (tx) => {
          for (const job of group) {
            try {
              outcomes.push({ ok: true, value: await tx.transaction((savepoint) => job.fn(savepoint)) });
            } catch (error) {
              outcomes.push({ ok: false, error });
            }
          }
        });
      } catch (error) {
        // The commit itself failed: nothing of this group was applied.
        for (const job of group) job.reject(error);
        continue;
      }
      group.forEach((job, i) => {
        const outcome = outcomes[i]!;
        if (outcome.ok) job.resolve(outcome.value);
        else job.reject(outcome.error);
      });
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
