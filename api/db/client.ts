import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createClient, type Client, type InArgs, type InStatement, type ResultSet, type Row } from '@libsql/client';
import { drizzle, type LibSQLDatabase } from 'drizzle-orm/libsql';
import { migrate } from 'drizzle-orm/libsql/migrator';
import { groupCommit, positionalRows, remoteTransaction, type WriteTransaction } from './groupCommit.js';
import { refreshStaleViews } from './customerViews.js';
import { LocalConnection, preparePrivateFile } from './local.js';
import * as schema from './schema.js';
import { recordDeliveries } from '../webhooks/fanout.js';
import { logUnexpectedError } from '../errorLog.js';

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

// The customer views refreshed before each commit; each write's webhook deliveries recorded with it.
const writeHooks = {
  beforeCommit: refreshStaleViews,
  afterEachWrite: { run: async (tx: Tx) => void (await recordDeliveries(tx, new Date())), onError: (error: unknown) => logUnexpectedError(error, 'webhooks') },
};

const migrationsFolder = resolve(dirname(fileURLToPath(import.meta.url)), 'migrations');
const BUSY_TIMEOUT_MS = 5000;
/** How much of the database file reads may map (SQLite caps it at its build's limit, 2 GB by default). */
const MMAP_BYTES = 1 << 30;
/**
 * How long a write waits for a libSQL server's write lock. Longer than a file's: another API
 * process commits its group over the network, statement by statement, and a busy desk's request
 * that waits is better than one refused.
 */
const REMOTE_WRITE_WAIT_MS = 15_000;

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
    // Every connection of a file (:memory:, an embedded replica) waits for a lock held by another
    // process instead of failing at once. A server ignores it: see beginRemote for its writes.
    timeout: BUSY_TIMEOUT_MS,
  });
}

const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

/** SQLITE_BUSY or SQLITE_LOCKED, from the client or its causes (a libSQL server reports them as codes). */
export function isBusy(error: unknown): boolean {
  for (let link = error, depth = 0; link instanceof Error && depth < 5; link = link.cause, depth += 1) {
    const code = String((link as Error & { code?: unknown }).code ?? '');
    if (/^SQLITE_(BUSY|LOCKED)/.test(code) || /database is (locked|busy)/i.test(link.message)) return true;
  }
  return false;
}

/**
 * A write transaction on a libSQL server. Another API process's write group holds the database's
 * one write lock, and the server answers SQLITE_BUSY rather than wait as long as a local file's busy
 * timeout: the BEGIN IMMEDIATE is sent at once (@libsql/client sends it with the first statement)
 * and tried again, with a random pause, until REMOTE_WRITE_WAIT_MS. Nothing of the group has run yet then,
 * so trying again is safe; once begun, the group holds the lock to its COMMIT.
 */
async function beginRemote(client: Client): Promise<WriteTransaction> {
  const deadline = Date.now() + REMOTE_WRITE_WAIT_MS;
  for (let attempt = 1; ; attempt += 1) {
    const transaction = await client.transaction('write');
    try {
      await transaction.execute('SELECT 1');
      return remoteTransaction(transaction);
    } catch (error) {
      transaction.close();
      if (!isBusy(error) || Date.now() > deadline) throw error;
      await sleep(backoff(attempt));
    }
  }
}

/** Growing, randomised pauses (25–50 ms, then doubling up to 0.5–1 s): the holder gets time to finish. */
const backoff = (attempt: number) => {
  const cap = Math.min(1000, 25 * 2 ** attempt);
  return cap / 2 + (Math.random() * cap) / 2;
};

/**
 * drizzle's migrator on a libSQL server: it reads which migrations are applied, then applies the
 * rest in one transaction that also records them. A second process starting on a new database at
 * the same time can read before the first commits; its own batch then fails whole (busy, or "table
 * already exists") and applies nothing. Run again, it finds them applied. A local file holds the
 * write lock across the read instead (LocalConnection.exclusively).
 */
async function migrateRemote(client: Client): Promise<void> {
  const applied = async () => {
    try {
      return Number((await client.execute('SELECT count(*) FROM __drizzle_migrations')).rows[0]?.[0] ?? 0);
    } catch {
      return -1; // not made yet
    }
  };
  const deadline = Date.now() + BUSY_TIMEOUT_MS;
  for (let attempt = 1; ; attempt += 1) {
    const before = await applied();
    try {
      await migrate(drizzle(client), { migrationsFolder });
      return;
    } catch (error) {
      const raced = isBusy(error) || (await applied()) !== before;
      if (!raced || Date.now() > deadline) throw error;
      await sleep(backoff(attempt));
    }
  }
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
      // Pages are read from a memory map, not copied in by a system call each: the customer views
      // alone outgrow the page cache (85 MB for 20k customers), so a lookup would otherwise read
      // its row from the file almost every time.
      connection.executeSync(`PRAGMA mmap_size=${MMAP_BYTES}`);
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
      tx: groupCommit(begin, writeHooks),
      migrate: () => writer.exclusively(() => migrate(drizzle(writer as unknown as Client), { migrationsFolder })),
      close: () => {
        reader.close();
        writer.close();
      },
    };
  }

  const client = libsqlClient(options);
  if (options.syncUrl) await client.sync();
  // The same rows as on a local file, for drizzle (which calls only execute and batch) and raw reads.
  const reads: Queryable & Pick<Client, 'batch'> = {
    execute: async (stmt) => positionalRows(await client.execute(stmt)),
    first: async (stmt) => positionalRows(await client.execute(stmt)).rows[0],
    batch: async (stmts, mode) => (await client.batch(stmts, mode)).map(positionalRows),
  };
  return {
    read: drizzle(reads as unknown as Client, { schema }),
    client: reads,
    tx: groupCommit(() => beginRemote(client), writeHooks),
    migrate: () => migrateRemote(client),
    close: () => client.close(),
  };
}

export async function migrateDatabase(db: Database): Promise<void> {
  await db.migrate();
  // An empty write group builds the views a migration marked stale.
  await db.tx(async () => undefined);
}
