/** What each case keeps for reports as it changes, and what the upgrade reads back for cases from before. */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { seedHistory, type History } from '../fixtures/history.js';
import { createWorld, freshHandle, postBy, type World } from './harness.js';

let world: World;
let history: History;

beforeAll(async () => {
  world = await createWorld();
  history = await seedHistory(world.db, { id: world.a.id, adminId: world.a.admin.id, agentId: world.a.agent.id });
});
afterAll(() => world.close());

const columns = ['platform', 'first_response_due_at', 'first_response_by', 'first_response_business_seconds', 'first_resolved_at',
  'first_resolution_met', 'first_resolution_business_seconds', 'full_resolution_business_seconds'] as const;
async function facts(caseId: string) {
  const row = await world.db.client.first({ sql: `SELECT ${columns.join(', ')} FROM cases WHERE id = ?`, args: [caseId] });
  return Object.fromEntries(columns.map((name, i) => [name, row![i]]));
}

test('a priority change before the first reply moves the due time it is judged by; after it, nothing moves it', async () => {
  const token = world.a.agent.token;
  const made = await world.call('POST', '/cases', { token, body: { post: postBy(freshHandle()), priority: 'low' } });
  const { id, slaDueAt } = made.body.case;
  expect((await facts(id)).first_response_due_at).toBe(Date.parse(slaDueAt));
  const raised = await world.call('PATCH', `/cases/${id}`, { token, body: { priority: 'urgent', version: 1 } });
  expect((await facts(id)).first_response_due_at).toBe(Date.parse(raised.body.case.slaDueAt));
  await world.call('POST', `/cases/${id}/replies`, { token, body: { text: 'On it' } });
  const answered = await facts(id);
  expect(answered.first_response_by).toBe(world.a.agent.id);
  await world.call('PATCH', `/cases/${id}`, { token, body: { priority: 'low', version: 3 } });
  expect((await facts(id)).first_response_due_at).toBe(answered.first_response_due_at);
});

test('a reply and a resolve pushed through sync keep the same facts', async () => {
  const token = world.a.admin.token;
  const made = await world.call('POST', '/cases', { token, body: { post: postBy(freshHandle()) } });
  const id = made.body.case.id;
  const push = (name: string, args: Record<string, unknown>) => world.call('POST', '/sync/push', { token, body: { mutations: [{ id: uuidv7(), name, args }] } });
  expect((await push('recordReply', { caseId: id, text: 'Sorted' })).status).toBe(200);
  expect((await push('updateCase', { caseId: id, status: 'resolved', version: 2 })).status).toBe(200);
  expect(await facts(id)).toMatchObject({ platform: 'x', first_response_by: world.a.admin.id, first_resolution_met: 1 });
  expect((await facts(id)).first_resolved_at).not.toBeNull();
});

test("the upgrade reads the facts of earlier cases from their timeline, leaving the customers' views alone", async () => {
  const c3 = history.cases[2]!.id;
  const before = await facts(c3);
  await world.db.tx((tx) => tx.$client.execute(`UPDATE cases SET ${columns.map((name) => `${name} = NULL`).join(', ')}`));
  const migration = readFileSync(resolve(import.meta.dirname, '../../api/db/migrations/0015_report_facts.sql'), 'utf8');
  const backfill = migration.slice(migration.indexOf('-- The facts of cases from before')).split('--> statement-breakpoint');
  const marked = await world.db.tx(async (tx) => {
    for (const statement of backfill) await tx.$client.execute(statement);
    // Before the commit refreshes them: the views the upgrade marked as changed.
    return Number((await tx.$client.execute('SELECT COUNT(*) FROM customer_views_stale')).rows[0]![0]);
  });
  expect(marked).toBe(0);
  expect(await facts(c3)).toEqual({
    ...before,
    // Not known from the timeline: the due time it was judged by, and whether it was resolved in time.
    first_response_due_at: null, first_resolution_met: null,
    // Business durations from before are taken as calendar ones: 2 h, 3 h, and 30 h to Wed 15:00.
    first_response_business_seconds: 7200, first_resolution_business_seconds: 10800, full_resolution_business_seconds: 108_000,
  });
  expect((await facts(history.cases[4]!.id)).first_response_due_at).toBe(Date.parse('2026-03-09T17:00:00.000Z'));
  // The trigger is back: a change to a case marks its customer's view again.
  const remarked = await world.db.tx(async (tx) => {
    await tx.$client.execute({ sql: "UPDATE cases SET subject = 'again' WHERE id = ?", args: [c3] });
    return Number((await tx.$client.execute('SELECT COUNT(*) FROM customer_views_stale')).rows[0]![0]);
  });
  expect(remarked).toBe(1);
});
