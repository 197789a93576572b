/**
 * A libSQL file opened directly, with its prepared statements kept. @libsql/client compiles every
 * statement on every call; for the queries a busy desk runs thousands of times a minute, that
 * compile costs more than the query (measured in BENCHMARKS.md). This speaks the small part of
 * the client interface that drizzle and our raw queries use: `execute` and `batch`.
 */
import type { InArgs, InStatement, InValue, ResultSet, Row } from '@libsql/client';
import Libsql from 'libsql';

type Statement = ReturnType<Libsql.Database['prepare']>;
interface Prepared {
  statement: Statement;
  reader: boolean;
  columns: string[];
}

const MAX_STATEMENTS = 500;

function toParams(args: InArgs | undefined): unknown[] | Record<string, unknown> {
  const convert = (value: InValue | undefined) =>
    value === undefined ? null : typeof value === 'boolean' ? (value ? 1 : 0) : value instanceof Date ? value.getTime() : value;
  if (args === undefined) return [];
  if (Array.isArray(args)) return args.map(convert);
  return Object.fromEntries(Object.entries(args).map(([key, value]) => [key.replace(/^[:@$]/, ''), convert(value)]));
}

function resultSet(rows: Row[], columns: string[], rowsAffected: number, lastInsertRowid?: bigint): ResultSet {
  return {
    rows, columns, columnTypes: columns.map(() => ''), rowsAffected, lastInsertRowid,
    toJSON: () => ({ columns, rows, rowsAffected, lastInsertRowid: lastInsertRowid?.toString() }),
  };
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
      prepared = { statement, reader, columns: reader ? statement.columns().map((column) => column.name) : [] };
      if (this.#statements.size >= MAX_STATEMENTS) this.#statements.delete(this.#statements.keys().next().value!);
    }
    this.#statements.set(sql, prepared);
    return prepared;
  }

  executeSync(stmt: InStatement): ResultSet {
    const { sql, args } = typeof stmt === 'string' ? { sql: stmt, args: undefined } : stmt;
    const { statement, reader, columns } = this.#prepare(sql);
    const params = toParams(args);
    if (reader) return resultSet(statement.all(params) as Row[], columns, 0);
    const info = statement.run(params);
    return resultSet([], [], info.changes, BigInt(info.lastInsertRowid));
  }

  async execute(stmt: InStatement | string, args?: InArgs): Promise<ResultSet> {
    return this.executeSync(typeof stmt === 'string' ? { sql: stmt, args } : stmt);
  }

  /** Runs the statements in order; the caller owns the transaction around them. */
  async batch(stmts: InStatement[]): Promise<ResultSet[]> {
    return stmts.map((stmt) => this.executeSync(stmt));
  }

  /** drizzle's migrator: every statement in one transaction, foreign keys off while tables are rebuilt. */
  async migrate(stmts: InStatement[]): Promise<ResultSet[]> {
    this.executeSync('PRAGMA foreign_keys=OFF');
    try {
      this.executeSync('BEGIN IMMEDIATE');
      const results = stmts.map((stmt) => this.executeSync(stmt));
      this.executeSync('COMMIT');
      return results;
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
