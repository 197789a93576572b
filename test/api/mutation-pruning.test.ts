import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { v7 as uuidv7 } from 'uuid';
import type { Database } from '../../api/db/client.js';
import { startHousekeeping } from '../../api/housekeeping.js';
import { startApi } from '../../api/main.js';
import { MUTATION_RETENTION_MS, pruneMutations } from '../../api/ops/mutations.js';
import { createWorld, freshHandle, postBy, type World } from './harness.js';

const HOUR = 60 * 60 * 1000;
const DAY = 24 * HOUR;

let world: World;
let caseId: string;
beforeAll(async () => {
  world = await createWorld();
  caseId = (await world.call('POST', '/cases', { token: world.a.agent.token, body: { post: postBy(freshHandle()) } })).body.case.id;
});
afterAll(async () => { await world.close(); });
afterEach(() => { expect(world.errors).toEqual([]); });

const note = (body: string) => ({ id: uuidv7(), name: 'addNote', args: { caseId, body } });
const push = async (mutations: unknown[]) => (await world.call('POST', '/sync/push', { token: world.a.agent.token, body: { mutations } })).body;
/** Makes a stored mutation id look `age` old. */
const age = (db: Database, id: string, ms: number) =>
  db.tx((tx) => tx.$client.execute({ sql: 'UPDATE mutations SET created_at = ? WHERE id = ?', args: [Date.now() - ms, id] }));
const stored = async (db: Database, ids: string[]) =>
  (await db.client.execute({ sql: `SELECT id FROM mutations WHERE id IN (${ids.map(() => '?').join(', ')})`, args: ids })).rows.map((row) => String(row[0]));
const notes = async () => (await world.call('GET', `/cases/${caseId}`, { token: world.a.agent.token })).body.timeline
  .filter((event: { type: string }) => event.type === 'note').map((event: { data: { body: string } }) => event.data.body);

describe('pruning mutation ids', () => {
  it('keeps ids for a week: a 25-hour-old id is still honoured, an 8-day-old one is forgotten', async () => {
    const dayOld = note('a day ago');
    const weekOld = note('last week');
    const almost = note('nearly a week ago');
    const first = await push([dayOld, weekOld, almost]);
    await age(world.db, dayOld.id, 25 * HOUR);
    await age(world.db, weekOld.id, 8 * DAY);
    await age(world.db, almost.id, MUTATION_RETENTION_MS - HOUR);

    expect(await pruneMutations(world.db, new Date())).toBe(1);
    expect((await stored(world.db, [dayOld.id, weekOld.id, almost.id])).sort()).toEqual([dayOld.id, almost.id].sort());

    // The retried day-old mutation answers as the first time and is not applied again.
    const again = await push([dayOld, almost]);
    expect(again.results).toEqual([first.results[0], first.results[2]]);
    expect(await notes()).toEqual(['a day ago', 'last week', 'nearly a week ago']);
    expect(await pruneMutations(world.db, new Date())).toBe(0);
  });

  it('removes a backlog larger than one chunk', async () => {
    const start = Date.now();
    const backlog = `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 4500)
      INSERT INTO mutations (org_id, id, agent_id, name, args_hash, result, created_at)
      SELECT ?, 'backlog-' || i, ?, 'addNote', 'x', '{}', ? FROM n`;
    await world.db.tx((tx) => tx.$client.execute({ sql: backlog, args: [world.a.id, world.a.agent.id, start - 30 * DAY] }));
    expect(await pruneMutations(world.db, new Date())).toBe(4500);
    expect(Number((await world.db.client.first({ sql: 'SELECT count(*) FROM mutations WHERE created_at < ?', args: [start - MUTATION_RETENTION_MS] }))![0])).toBe(0);
    expect(await stored(world.db, ['backlog-1', 'backlog-4500'])).toEqual([]);
  });

  it('runs at start and then on a timer, and stops when told', async () => {
    const old = note('aged');
    await push([old]);
    await age(world.db, old.id, 8 * DAY);
    const housekeeping = startHousekeeping(world.db, { intervalMs: 50 });
    await housekeeping.stop();
    expect(await stored(world.db, [old.id])).toEqual([]);

    const later = note('aged later');
    const ticking = startHousekeeping(world.db, { intervalMs: 50 });
    await push([later]);
    await age(world.db, later.id, 8 * DAY);
    await expect.poll(() => stored(world.db, [later.id]), { timeout: 2000, interval: 20 }).toEqual([]);
    await ticking.stop();
  });

  it('is started by the API process: a restart forgets what is past the retention', async () => {
    const url = `file:${join(world.dir, 'process.db')}`;
    const env = { PORT: '0', DATABASE_URL: url, PARLEY_ADMIN_PASSWORD: 'pruning test password' };
    const first = await startApi(env);
    const { orgId, agentId } = (await first.db.client.execute('SELECT org_id, id FROM agents')).rows.map((row) => ({ orgId: String(row[0]), agentId: String(row[1]) }))[0]!;
    await first.db.tx((tx) => tx.$client.execute({
      sql: `INSERT INTO mutations (org_id, id, agent_id, name, args_hash, result, created_at) VALUES (?, ?, ?, 'addNote', 'x', '{}', ?), (?, ?, ?, 'addNote', 'x', '{}', ?)`,
      args: [orgId, 'old', agentId, Date.now() - 8 * DAY, orgId, 'recent', agentId, Date.now() - 25 * HOUR],
    }));
    await first.stop();
    const second = await startApi(env);
    try {
      await expect.poll(() => stored(second.db, ['old', 'recent']), { timeout: 2000, interval: 20 }).toEqual(['recent']);
    } finally {
      await second.stop();
      rmSync(url.slice('file:'.length), { force: true });
    }
  });
});
