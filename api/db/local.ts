/**
 * A libSQL file opened directly, with its prepared statements kept. @libsql/client compiles every
 * statement on every call; for the queries a busy desk runs thousands of times a minute, that
 * compile costs more than the query (measured in BENCHMARKS.md). This speaks the small part of
 * the client interface that drizzle and our raw queries use: `execute` and `batch`.
 */
import { chmodSync, closeSync, constants, fchmodSync, mkdirSync, openSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { InArgs, InStatement, InValue, ResultSet, Row } from '@libsql/client';
import Libsql from 'libsql';

type Statement = ReturnType<Libsql.Database['prepare']>;
interface Prepared {
  statement: Statement;
  reader: boolean;
  columns: string[];
  columnTypes: string[];
}

const MAX_STATEMENTS = 500;
const noColumns: string[] = [];

// Hot path: no closures are made per call.
function toValue(value: InValue | undefined): unknown {
  if (value === undefined) return null;
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (value instanceof Date) return value.getTime();
  return value;
}

function toParams(args: InArgs | undefined): unknown[] | Record<string, unknown> {
  if (args === undefined) return [];
  if (Array.isArray(args)) {
    const params = new Array<unknown>(args.length);
    for (let i = 0; i < args.length; i += 1) params[i] = toValue(args[i]);
    return params;
  }
  const named: Record<string, unknown> = {};
  for (const key of Object.keys(args)) named[key.replace(/^[:@$]/, '')] = toValue(args[key]);
  return named;
}

class LocalResultSet implements ResultSet {
  constructor(
    readonly rows: Row[],
    readonly columns: string[],
    readonly columnTypes: string[],
    readonly rowsAffected: number,
    readonly lastInsertRowid: bigint | undefined,
  ) {}

  toJSON() {
    return { columns: this.columns, rows: this.rows, rowsAffected: this.rowsAffected, lastInsertRowid: this.lastInsertRowid?.toString() };
  }
}

export class LocalConnection {
  readonly #db: Libsql.Database;
  readonly #statements = new Map<string, Prepared>();

  constructor(path: string, busyTimeoutMs: number) {
    this.#db = new Libsql(path, { timeout: busyTimeoutMs } as Libsql.Options);
  }

  get inTransaction(): boolean {
    return this.#db.inTransaction;
  }

  #prepare(sql: string): Prepared {
    let prepared = this.#statements.get(sql);
    if (prepared) {
      // Refresh its place: the map's order is the eviction order.
      this.#statements.delete(sql);
    } else {
      const statement = this.#db.prepare(sql);
      const reader = statement.reader;
      if (reader) statement.raw(true);
      const columns = reader ? statement.columns().map((column) => column.name) : noColumns;
      prepared = { statement, reader, columns, columnTypes: columns.map(() => '') };
      if (this.#statements.size >= MAX_STATEMENTS) this.#statements.delete(this.#statements.keys().next().value!);
    }
    this.#statements.set(sql, prepared);
    return prepared;
  }

  executeSync(stmt: InStatement): ResultSet {
    const sql = typeof stmt === 'string' ? stmt : stmt.sql;
    const args = typeof stmt === 'string' ? undefined : stmt.args;
    const { statement, reader, columns, columnTypes } = this.#prepare(sql);
    const params = toParams(args);
    if (reader) return new LocalResultSet(statement.all(params) as Row[], columns, columnTypes, 0, undefined);
    const info = statement.run(params);
    return new LocalResultSet([], noColumns, noColumns, info.changes, BigInt(info.lastInsertRowid));
  }

  /** The first row only, without reading the rest (much cheaper than a full read in libsql). */
  async first(stmt: { sql: string; args?: InArgs }): Promise<Row | undefined> {
    const { statement, reader } = this.#prepare(stmt.sql);
    if (!reader) throw new Error(`first() needs a statement that returns rows: ${stmt.sql}`);
    return (statement.get(toParams(stmt.args)) as Row | undefined) ?? undefined;
  }

  async execute(stmt: InStatement | string, args?: InArgs): Promise<ResultSet> {
    return this.executeSync(typeof stmt === 'string' ? { sql: stmt, args } : stmt);
  }

  /** Runs the statements in order; the caller owns the transaction around them. */
  async batch(stmts: InStatement[]): Promise<ResultSet[]> {
    return stmts.map((stmt) => this.executeSync(stmt));
  }

  /** drizzle's migrator hands over the statements to apply; the caller holds the write transaction. */
  async migrate(stmts: InStatement[]): Promise<ResultSet[]> {
    return stmts.map((stmt) => this.executeSync(stmt));
  }

  /**
   * Runs `fn` holding the write lock, foreign keys off (migrations rebuild tables). drizzle decides
   * which migrations are pending by reading first: holding the lock across that read means two
   * processes starting at once on a new file apply them once.
   */
  async exclusively<T>(fn: () => Promise<T>): Promise<T> {
    this.executeSync('PRAGMA foreign_keys=OFF');
    try {
      this.executeSync('BEGIN IMMEDIATE');
      const result = await fn();
      this.executeSync('COMMIT');
      return result;
    } finally {
      if (this.inTransaction) this.executeSync('ROLLBACK');
      this.executeSync('PRAGMA foreign_keys=ON');
    }
  }

  close(): void {
    this.#statements.clear();
    if (this.#db.open) this.#db.close();
  }
}

/**
 * Makes the database file, if it is new, readable by this user only (0600), in folders made 0700.
 * SQLite gives the -wal, -shm and -journal files it makes later the database file's own mode.
 */
export function preparePrivateFile(path: string): void {
  const file = resolve(path);
  const folder = dirname(file);
  const firstMade = mkdirSync(folder, { recursive: true, mode: 0o700 });
  // Only the folders made here: one that exists (/tmp, a mounted volume) keeps what its owner chose.
  if (firstMade) {
    for (let made = folder; ; made = dirname(made)) {
      chmodSync(made, 0o700); // the umask may have taken more than group and others
      if (made === firstMade) break;
    }
  }
  let fd: number;
  try {
    fd = openSync(file, constants.O_CREAT | constants.O_EXCL | constants.O_WRONLY, 0o600);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return;
    throw error;
  }
  try {
    fchmodSync(fd, 0o600);
  } finally {
    closeSync(fd);
  }
}
