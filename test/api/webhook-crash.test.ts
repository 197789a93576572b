/**
 * An API process killed while a receiver holds its delivery open: another process on the same
 * database sends that delivery again once its lease has passed, and every event arrives, in order
 * per case, with the webhook-id it first had.
 */
import type { ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnApi } from '../e2e/api-server.js';
import { createWorld, freshHandle, postBy, type World } from './harness.js';
import { startReceiver, until, type Receiver } from './webhook-receiver.js';

let world: World;
let receiver: Receiver;
const children: ChildProcess[] = [];
beforeAll(async () => {
  world = await createWorld({ config: { PARLEY_WEBHOOK_ALLOW_PRIVATE: true } });
  receiver = await startReceiver();
});
afterAll(async () => {
  await Promise.all(children.map((child) => stopped(child, 'SIGTERM')));
  await receiver.close();
  await world.close();
});

function stopped(child: ChildProcess, signal: NodeJS.Signals): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((done) => {
    child.once('exit', () => done());
    child.kill(signal);
  });
}

async function apiProcess(attempts = 1) {
  // A shorter timeout makes the lease (timeout + 5 s) pass within the test; long enough that the held attempt never times out before the kill.
  const env = { DATABASE_URL: world.url, PARLEY_WEBHOOK_ALLOW_PRIVATE: 'true', PARLEY_WEBHOOK_TIMEOUT_MS: '8000' };
  for (let attempt = 1; ; attempt += 1) {
    try {
      const { child } = await spawnApi(env);
      children.push(child);
      return child;
    } catch (error) {
      // A libSQL server may hold a killed process's open transaction a few seconds more; a start
      // that meets it fails (busy), and a supervisor would start it again.
      if (attempt >= attempts) throw error;
    }
  }
}

describe('an API process killed mid-delivery', () => {
  it('loses no event: each arrives at least once, in order per case', async () => {
    const admin = world.a.admin.token;
    let held = false;
    const hook = receiver.hook('crash', () => {
      if (held) return 200;
      held = true;
      return 'hang'; // the first delivery is still open when its process dies
    });
    const registered = await world.call('POST', '/webhooks', { token: admin, body: { url: hook.url, events: ['case.created', 'note.added'] } });
    expect(registered.status).toBe(201);
    hook.secrets.push(registered.body.secret);

    // Its start-up writes done before it is killed, for the reason below: housekeeping's last step
    // prunes settled deliveries over a month old, this one among them.
    const webhookId = registered.body.webhook.id;
    await world.db.tx((tx) => tx.$client.execute({
      sql: `INSERT INTO webhook_deliveries (id, org_id, webhook_id, event_key, seq, type, payload, status, created_at)
        VALUES (?, ?, ?, 'old', 0, 'note.added', '{}', 'delivered', ?)`,
      args: [crypto.randomUUID(), world.a.id, webhookId, Date.now() - 40 * 24 * 3600_000],
    }));
    const first = await apiProcess();
    await until('its housekeeping done', async () => !(await world.db.client.first({ sql: `SELECT 1 FROM webhook_deliveries WHERE event_key = 'old'` })), 30_000);
    const caseIds: string[] = [];
    for (let c = 0; c < 2; c += 1) {
      const kase = await world.call('POST', '/cases', { token: admin, body: { post: postBy(freshHandle()) } });
      caseIds.push(kase.body.case.id);
      for (let n = 1; n <= 3; n += 1) {
        await world.call('POST', `/cases/${kase.body.case.id}/notes`, { token: admin, body: { body: `case ${c} note ${n}` } });
      }
    }
    await until('a delivery held open', () => hook.held.length === 1);
    const heldId = hook.received[0]!.id;
    // Killed once the other case's deliveries are recorded, so that no write of it is open: the
    // Hrana test server, unlike sqld, never lets a dead client's transaction go.
    const heldCase = await world.db.client.first({ sql: 'SELECT case_id FROM webhook_deliveries WHERE id = ?', args: [heldId] });
    await until('the other case delivered', async () => Number((await world.db.client.first({
      sql: `SELECT COUNT(*) FROM webhook_deliveries WHERE webhook_id = ? AND case_id != ? AND status = 'delivered'`, args: [webhookId, heldCase![0]],
    }))![0]) === 4);
    await stopped(first, 'SIGKILL');
    const countAtKill = hook.received.length;

    await apiProcess(3);
    const expected = (await world.db.client.execute({
      sql: 'SELECT id, case_id, seq FROM webhook_deliveries WHERE webhook_id = ? ORDER BY seq', args: [registered.body.webhook.id],
    })).rows.map((row) => ({ id: String(row[0]), caseId: String(row[1]) }));
    expect(expected).toHaveLength(8); // two cases, each created and given three notes
    await until('every event', () => expected.every(({ id }) => hook.received.some((r) => r.id === id && r !== hook.received[0])), 40_000);

    expect(hook.received.length).toBeGreaterThan(countAtKill);
    // The held delivery came again, from the new process, under the same webhook-id and signed.
    expect(hook.received.filter((r) => r.id === heldId).length).toBeGreaterThanOrEqual(2);
    expect(hook.received.every((r) => r.verifiedBy.length === 1)).toBe(true);
    for (const caseId of caseIds) {
      const want = expected.filter((d) => d.caseId === caseId).map((d) => d.id);
      const got = hook.received.map((r) => r.id).filter((id) => want.includes(id));
      // At least once: repeats are allowed, but never one of a case before the one ahead of it.
      expect(got.filter((id, i) => id !== got[i - 1])).toEqual(want);
    }
    const statuses = async () => (await world.db.client.execute({
      sql: 'SELECT DISTINCT status FROM webhook_deliveries WHERE webhook_id = ?', args: [registered.body.webhook.id],
    })).rows.map((row) => row[0]);
    await until('every delivery recorded as delivered', async () => (await statuses()).join() === 'delivered');
  }, 90_000);
});
