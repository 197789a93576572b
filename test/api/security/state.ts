/** What "changes nothing" is checked against: the rows of every table, read straight from the database. */
import type { Database } from '../../../api/db/client.js';

// Sign-in failures are what a refused sign-in is supposed to write.
const notData = new Set(['login_failures', '__drizzle_migrations']);

async function tableNames(db: Database): Promise<string[]> {
  const { rows } = await db.client.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name");
  return rows.map((row) => String(row[0])).filter((name) => !notData.has(name));
}

async function hasOrgColumn(db: Database, table: string): Promise<boolean> {
  const { rows } = await db.client.execute(`SELECT name FROM pragma_table_info('${table}')`);
  return rows.some((row) => row[0] === 'org_id');
}

/**
 * Every row of every table, in a stable order; with `orgId`, only that organisation's rows (and
 * the organisation itself). Tables without an org_id (stale-view marks) are included whole.
 */
export async function dumpRows(db: Database, orgId?: string, leaveOut: string[] = []): Promise<Record<string, string[]>> {
  const dump: Record<string, string[]> = {};
  for (const table of await tableNames(db)) {
    if (leaveOut.includes(table)) continue;
    let sql = `SELECT * FROM "${table}"`;
    const args: string[] = [];
    if (orgId && table === 'orgs') {
      sql += ' WHERE id = ?';
      args.push(orgId);
    } else if (orgId && (await hasOrgColumn(db, table))) {
      sql += ' WHERE org_id = ?';
      args.push(orgId);
    }
    const { rows } = await db.client.execute({ sql, args });
    dump[table] = rows.map((row) => JSON.stringify(Array.from(row as ArrayLike<unknown>, (value) => (typeof value === 'bigint' ? String(value) : value)))).sort();
  }
  return dump;
}

/** The organisation's change-log cursor: the last sequence number it has written. */
export async function changeCursor(db: Database, orgId: string): Promise<number> {
  const row = await db.client.first({ sql: 'SELECT coalesce(max(seq), 0) FROM changes WHERE org_id = ?', args: [orgId] });
  return Number(row?.[0] ?? 0);
}
