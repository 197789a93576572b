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

  // A local write transaction holds SQLite's single write lock, and the busy wait of a second
  // one would block the event loop the first one needs to finish: queue them in-process.
  let queue: Promise<unknown> = Promise.resolve();
  const tx = <T>(fn: (tx: Tx) => Promise<T>): Promise<T> => {
    const run = queue.then(() => read.transaction(fn));
    queue = run.catch(() => undefined);
    return run;
  };

  return { read, client, tx, close: () => client.close() };
}

export async function migrateDatabase(db: Database): Promise<void> {
  await migrate(db.read, { migrationsFolder });
}
