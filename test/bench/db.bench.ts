/**
 * `npm run bench:db`: what one statement costs on a local libSQL file, the figures behind
 * api/db/local.ts (kept statements), groupCommit.ts (shared commits) and customerViews.ts
 * (stored views). Each line is a ratio to the first in the same run.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient } from '@libsql/client';
import { migrateDatabase, openDatabase } from '../../api/db/client.js';
import { LocalConnection } from '../../api/db/local.js';
import { Results } from './results.js';
import { seedDatabase } from './seed.js';

const dir = mkdtempSync(join(tmpdir(), 'parley-db-bench-'));
const path = join(dir, 'bench.db');
const db = await openDatabase({ url: `file:${path}` });
await migrateDatabase(db);
const seed = await seedDatabase(db, { customers: 5_000, cases: 12_000 });
await db.client.execute('PRAGMA wal_checkpoint(TRUNCATE)');
db.close();

async function perCall(n: number, fn: (i: number) => unknown): Promise<number> {
  for (let i = 0; i < Math.min(n, 500); i += 1) await fn(i);
  const started = performance.now();
  for (let i = 0; i < n; i += 1) await fn(i);
  return ((performance.now() - started) / n) * 1000;
}

const client = createClient({ url: `file:${path}` });
const local = new LocalConnection(path, 5000);
const byHandle = 'SELECT customer_id FROM identities WHERE org_id = ? AND platform = ? AND handle = ?';
const args = (i: number) => [seed.orgId, 'x', seed.handles[(i * 7919) % seed.handles.length]!];
const storedView = `SELECT v.json FROM identities i JOIN customer_views v ON v.customer_id = i.customer_id
  WHERE i.org_id = ? AND i.platform = ? AND i.handle = ?`;
const { refreshStaleViews } = await import('../../api/db/customerViews.js');
const rebuild = refreshStaleViews.map(String).find((sql) => sql.includes('INSERT OR REPLACE INTO customer_views'));
if (!rebuild) throw new Error('No view rebuild among refreshStaleViews');
const buildView = rebuild.replace('INSERT OR REPLACE INTO customer_views (customer_id, org_id, json)', '')
  .replace('WHERE t.id IN (SELECT customer_id FROM customer_views_stale)', 'WHERE t.id = (SELECT customer_id FROM identities WHERE org_id = ? AND platform = ? AND handle = ?)');

const rows: [string, number][] = [];
rows.push(['point read, @libsql/client execute (compiles each call)', await perCall(5000, (i) => client.execute({ sql: byHandle, args: args(i) }))]);
rows.push(['point read, kept statement, full read', await perCall(5000, (i) => local.execute({ sql: byHandle, args: args(i) }))]);
rows.push(['point read, kept statement, first row', await perCall(5000, (i) => local.first({ sql: byHandle, args: args(i) }))]);
rows.push(['customer view, built by a query', await perCall(3000, (i) => local.first({ sql: buildView, args: args(i) }))]);
rows.push(['customer view, stored', await perCall(5000, (i) => local.first({ sql: storedView, args: args(i) }))]);

local.executeSync('CREATE TABLE bench_writes (id INTEGER PRIMARY KEY, v TEXT)');
const insert = { sql: 'INSERT INTO bench_writes (v) VALUES (?)', args: ['x'] };
const commitEach = await perCall(300, () => {
  local.executeSync('BEGIN IMMEDIATE');
  local.executeSync(insert);
  local.executeSync('COMMIT');
});
const commitGroup = (await perCall(100, () => {
  local.executeSync('BEGIN IMMEDIATE');
  for (let k = 0; k < 16; k += 1) local.executeSync(insert);
  local.executeSync('COMMIT');
})) / 16;
rows.push(['insert, own commit (fsync)', commitEach], ['insert, commit shared by 16', commitGroup]);

const base = rows[0]![1];
console.log('| statement | µs per call | × @libsql/client read |\n|---|---:|---:|');
for (const [name, us] of rows) console.log(`| ${name} | ${us.toFixed(1)} | ${(us / base).toFixed(2)} |`);
const results = new Results('db');
const names = ['read.client', 'read.kept', 'read.keptFirstRow', 'view.built', 'view.stored', 'insert.ownCommit', 'insert.sharedCommit'];
rows.forEach(([, us], k) => {
  results.add(`${names[k]}.us`, us, 'µs per call');
  if (k > 0) results.add(`${names[k]}.ratioToClientRead`, us / base, '×');
});
results.write();
client.close();
local.close();
rmSync(dir, { recursive: true, force: true });
