import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createClient, type Client, type InArgs, type InStatement, type ResultSet, type Row } from '@libsql/client';
import { drizzle, type LibSQLDatabase } from 'drizzle-orm/libsql';
import { migrate } from 'drizzle-orm/libsql/migrator';
import { groupCommit, remoteTransaction, type WriteTransaction } from './groupCommit.js';
import { refreshStaleViews } from './customerViews.js';
import { LocalConnection, preparePrivateFile } from './local.js';
import * as schema from './schema.js';

export type Schema = typeof schema;
/** A drizzle database bound to one open write transaction; `tx.$client` runs raw statements in it. */
export type Tx = LibSQLDatabase<Schema> & { $client: WriteTransaction };
export type ReadDb = LibSQLDatabase<Schema>;

/** Raw statements, for the few hot queries written in SQL. Rows are indexed by column position. */
export interface Queryable {
  execute(stmt: InStatement): Promise<ResultSet>;
  /** The first row of a query, or undefined. */
  first(stmt: { sql: string; args?: InArgs }): Promise<Row | undefined>;
}

export interface DatabaseOptions {
  url: string;
  authToken?: string;
  syncUrl?: string;
  syncInterval?: number;
}

export interface Database {
  /** For reads: never blocks on writers (WAL), never sees an uncommitted write. */
  read: ReadDb;
  /** Raw reads on the same connection as `read`. */
  client: Queryable;
  /** Runs `fn` in a write transaction (committed in a group, see groupCommit.ts); every write goes through here. */
  tx<T>(fn: (tx: Tx) => Promise<T>): Promise<T>;
  /** Applies the committed drizzle-kit migrations (api/db/migrations). */
  migrate(): Promise<void>;
  close(): void;
}

const migrationsFolder = resolve(dirname(fileURLToPath(import.meta.url)), 'migrations');
const BUSY_TIMEOUT_MS = 5000;

/** A plain file (not :memory:, not an embedded replica) gets direct connections with kept statements. */
function localFilePath(options: DatabaseOptions): string | undefined {
  if (!options.url.startsWith('file:') || options.syncUrl) return undefined;
  const path = decodeURIComponent(options.url.slice('file:'.length).split('?')[0] ?? '');
  return path && path !== ':memory:' ? path : undefined;
}

function libsqlClient(options: DatabaseOptions): Client {
  return createClient({
    url: options.url,
    authToken: options.authToken,
    syncUrl: options.syncUrl,
    syncInterval: options.syncInterval,
    // Every connection waits for a lock held by another process instead of failing at once.
    timeout: BUSY_TIMEOUT_MS,
  });
}

/**
 * Switching a new file to WAL takes an exclusive lock and does not wait on the busy timeout:
 * processes opening the same new file at once retry it until the timeout instead of failing.
 */
function enableWal(connection: LocalConnection): void {
  const deadline = Date.now() + BUSY_TIMEOUT_MS;
  const pause = new Int32Array(new SharedArrayBuffer(4));
  for (;;) {
    try {
      connection.executeSync('PRAGMA journal_mode=WAL');
      return;
    } catch (error) {
      if (!/locked|busy/i.test(String(error)) || Date.now() > deadline) throw error;
      Atomics.wait(pause, 0, 0, 20);
    }
  }
}

export async function openDatabase(options: DatabaseOptions): Promise<Database> {
  const path = localFilePath(options);
  if (path) {
    preparePrivateFile(path);
    // Two connections: reads never see a write group that has not committed yet.
    const reader = new LocalConnection(path, BUSY_TIMEOUT_MS);
    const writer = new LocalConnection(path, BUSY_TIMEOUT_MS);
    // WAL is a property of the file; foreign keys are checked per connection.
    enableWal(writer);
    for (const connection of [reader, writer]) {
      connection.executeSync('PRAGMA foreign_keys=ON');
      // The working set of a busy desk (indexes of cases, posts, identities) stays in memory.
      connection.executeSync('PRAGMA cache_size=-65536');
    }
    const begin = async (): Promise<WriteTransaction> => {
      writer.executeSync('BEGIN IMMEDIATE');
      return {
        execute: (stmt) => writer.execute(stmt),
        first: (stmt) => writer.first(stmt),
        batch: (stmts) => writer.batch(stmts),
        commit: async () => void writer.executeSync('COMMIT'),
        rollback: async () => void writer.executeSync('ROLLBACK'),
        close: () => {
          if (writer.inTransaction) writer.executeSync('ROLLBACK');
        },
      };
    };
    return {
      read: drizzle(reader as unknown as Client, { schema }), // drizzle calls only execute and batch
      client: reader,
      tx: groupCommit(begin, { beforeCommit: refreshStaleViews }),
      migrate: () => writer.exclusively(() => migrate(drizzle(writer as unknown as Client), { migrationsFolder })),
      close: () => {
        reader.close();
        writer.close();
      },
    };
  }

  const client = libsqlClient(options);
  if (options.syncUrl) await client.sync();
  return {
    read: drizzle(client, { schema }),
    client: {
      execute: (stmt) => client.execute(stmt),
      first: async (stmt) => (await client.execute(stmt)).rows[0],
    },
    tx: groupCommit(async () => remoteTransaction(await client.transaction('write')), { beforeCommit: refreshStaleViews }),
    migrate: () => migrate(drizzle(client), { migrationsFolder }),
    close: () => client.close(),
  };
}

export async function migrateDatabase(db: Database): Promise<void> {
  await db.migrate();
  // An empty write group builds the views a migration marked stale.
  await db.tx(async () => undefined);
}
