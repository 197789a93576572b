/** The embedded database holds customers' words and password hashes: only its own user may read it. */
import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { migrateDatabase, openDatabase, type Database } from '../../../api/db/client.js';
import { createOrg } from '../../../api/ops/orgs.js';

const modeOf = (path: string) => statSync(path).mode & 0o777;
const opened: Database[] = [];
const roots: string[] = [];
afterEach(() => {
  for (const db of opened.splice(0)) db.close();
  for (const root of roots.splice(0)) rmSync(root, { recursive: true, force: true });
});

async function openAt(file: string): Promise<Database> {
  const db = await openDatabase({ url: `file:${file}` });
  opened.push(db);
  await migrateDatabase(db);
  // A write, so SQLite has made its -wal and -shm files.
  await db.tx((tx) => createOrg(tx, 'Modes', { email: 'admin@modes.test', name: 'Admin', password: 'correct horse battery' }, new Date()));
  return db;
}

describe('the embedded database file', () => {
  it('is made 0600, with its WAL and shared memory, in folders made 0700', async () => {
    const root = mkdtempSync(join(tmpdir(), 'parley-modes-'));
    roots.push(root);
    chmodSync(root, 0o755);
    const file = join(root, 'data', 'nested', 'parley.db');
    await openAt(file);
    for (const made of [file, `${file}-wal`, `${file}-shm`]) {
      expect(existsSync(made), made).toBe(true);
      expect(modeOf(made).toString(8), made).toBe('600');
    }
    expect(modeOf(join(root, 'data', 'nested')).toString(8)).toBe('700');
    expect(modeOf(join(root, 'data')).toString(8)).toBe('700');
    // A folder that was there already keeps the mode its owner gave it.
    expect(modeOf(root).toString(8)).toBe('755');
  });

  it('is made 0600 in a folder that exists, which keeps its own mode', async () => {
    const root = mkdtempSync(join(tmpdir(), 'parley-modes-'));
    roots.push(root);
    mkdirSync(join(root, 'shared'));
    chmodSync(join(root, 'shared'), 0o750);
    const file = join(root, 'shared', 'parley.db');
    await openAt(file);
    for (const made of [file, `${file}-wal`, `${file}-shm`]) expect(modeOf(made).toString(8), made).toBe('600');
    expect(modeOf(join(root, 'shared')).toString(8)).toBe('750');
  });
});
