/** Deliveries to a real receiver: signed by the Standard Webhooks rules, every event, in order per case, retried. */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startWebhookDispatcher, type Dispatcher } from '../../api/webhooks/dispatcher.js';
import { createWorld, freshHandle, postBy, type World } from './harness.js';
import { registerHook, removeHooks, startReceiver, until, type Hook, type Received, type Receiver } from './webhook-receiver.js';

let world: World;
let receiver: Receiver;
let dispatcher: Dispatcher;
beforeAll(async () => {
  world = await createWorld({ config: { PARLEY_WEBHOOK_ALLOW_PRIVATE: true } });
  receiver = await startReceiver();
  dispatcher = startWebhookDispatcher(world.db, {
    allowPrivate: true, timeoutMs: 500, pollMs: 50, delays: [50, 50, 50], logError: (e) => world.errors.push(e),
  });
});
afterEach(async () => {
  await removeHooks(world);
  expect(world.errors).toEqual([]);
});
afterAll(async () => {
  await dispatcher.stop();
  await receiver.close();
  await world.close();
});

const allEvents = ['case.created', 'case.updated', 'case.resolved', 'reply.recorded', 'note.added', 'customer.merged'];
const admin = () => world.a.admin.token;

const register = (hook: Hook, events = allEvents) => registerHook(world, hook, events);

async function openCase(handle = freshHandle()) {
  const reply = await world.call('POST', '/cases', { token: admin(), body: { post: postBy(handle) } });
  expect(reply.status).toBe(201);
  return reply.body.case as { id: string; version: number; customerId: string };
}

const deliveriesOf = async (webhookId: string) => (await world.call('GET', `/webhooks/${webhookId}/deliveries`, { token: admin() })).body.deliveries;
const types = (hook: Hook) => hook.received.map((r) => r.payload.type);

describe('a delivery', () => {
  it('carries each event as {type, timestamp, data}, signed with the endpoint\'s secret', async () => {
    const before = await openCase();
    const hook = receiver.hook('every-event');
    const webhookId = await register(hook);
    const kase = await openCase();
    await world.call('POST', `/cases/${kase.id}/notes`, { token: admin(), body: { body: 'Called the courier' } });
    await world.call('POST', `/cases/${kase.id}/replies`, { token: admin(), body: { text: 'On its way!' } });
    const current = (await world.call('GET', `/cases/${kase.id}`, { token: admin() })).body.case;
    await world.call('PATCH', `/cases/${kase.id}`, { token: admin(), body: { status: 'resolved', version: current.version } });
    const other = await openCase();
    expect((await world.call('POST', `/customers/${kase.customerId}/merge`, { token: admin(), body: { otherCustomerId: other.customerId } })).status).toBe(200);
    await dispatcher.runNow();
    await until('every event', () => types(hook).includes('customer.merged'));

    expect(hook.received.every((r) => r.verifiedBy.length === 1)).toBe(true);
    expect(hook.received.every((r) => /^v1,[A-Za-z0-9+/=]+$/.test(r.signature))).toBe(true);
    expect(hook.received.some((r) => r.payload.data.id === before.id)).toBe(false); // from before it was registered
    const ofCase = hook.received.filter((r) => (r.payload.data.caseId ?? r.payload.data.id) === kase.id).map((r) => r.payload.type);
    expect(ofCase).toEqual(['case.created', 'note.added', 'case.updated', 'reply.recorded', 'case.updated', 'case.resolved']);
    const created = hook.received.find((r) => r.payload.type === 'case.created' && r.payload.data.id === kase.id)!;
    expect(created.payload).toEqual({ type: 'case.created', timestamp: expect.any(String), data: expect.objectContaining({ id: kase.id, status: 'new', number: expect.any(Number) }) });
    expect(Math.abs(Number(created.timestamp) * 1000 - created.at)).toBeLessThan(5000);
    const note = hook.received.find((r) => r.payload.type === 'note.added')!;
    expect(note.payload.data).toMatchObject({ caseId: kase.id, type: 'note', data: { body: 'Called the courier' } });
    expect(hook.received.find((r) => r.payload.type === 'case.resolved')!.payload.data).toMatchObject({ id: kase.id, status: 'resolved' });
    const merged = hook.received.filter((r) => r.payload.type === 'customer.merged');
    expect(merged).toHaveLength(1);
    expect(merged[0]!.payload.data).toMatchObject({ id: kase.customerId, mergedCustomerId: other.customerId });
    // The merged customer's case moved: an update of that case, before the merge itself.
    expect(hook.received.filter((r) => [r.payload.data.id, r.payload.data.caseId].includes(other.id)).map((r) => r.payload.type).slice(-1)).toEqual(['case.updated']);

    const listed = await deliveriesOf(webhookId);
    expect(listed).toHaveLength(hook.received.length);
    expect(listed[0]).toEqual({
      id: expect.any(String), type: expect.any(String), status: 'delivered', attempts: 1, responseStatus: 200, error: null,
      caseId: expect.any(String), createdAt: expect.any(String), lastAttemptAt: expect.any(String), nextAttemptAt: null, deliveredAt: expect.any(String),
    });
    expect(new Set(listed.map((d: { id: string }) => d.id))).toEqual(new Set(hook.received.map((r) => r.id)));
  });

  it('is made only for the events the endpoint asked for', async () => {
    const hook = receiver.hook('notes-only');
    await register(hook, ['note.added']);
    const kase = await openCase();
    await world.call('POST', `/cases/${kase.id}/notes`, { token: admin(), body: { body: 'Only this' } });
    await dispatcher.runNow();
    await until('the note', () => hook.received.length > 0);
    await dispatcher.runNow();
    expect(types(hook)).toEqual(['note.added']);
  });

  it('is signed with the old and the new secret after a rotation', async () => {
    const hook = receiver.hook('rotated');
    const webhookId = await register(hook, ['note.added']);
    const rotated = await world.call('POST', `/webhooks/${webhookId}/rotate-secret`, { token: admin() });
    hook.secrets.push(rotated.body.secret);
    const kase = await openCase();
    await world.call('POST', `/cases/${kase.id}/notes`, { token: admin(), body: { body: 'Both' } });
    await dispatcher.runNow();
    await until('the note', () => hook.received.length > 0);
    expect(hook.received[0]!.signature.split(' ')).toHaveLength(2);
    expect(hook.received[0]!.verifiedBy).toEqual([0, 1]);
  });
});

describe('retries', () => {
  it('tries again after a 500, a 503, a dropped connection and a timeout, with the same webhook-id', async () => {
    const answers = [500, 503, 'drop', 'hang'] as const;
    const hook = receiver.hook('flaky', (n) => answers[n - 1] ?? 200);
    const webhookId = await register(hook, ['note.added']);
    const kase = await openCase();
    await world.call('POST', `/cases/${kase.id}/notes`, { token: admin(), body: { body: 'Eventually' } });
    await until('the delivery to give up', async () => (await deliveriesOf(webhookId))[0]?.status === 'failed');
    const [delivery] = await deliveriesOf(webhookId);
    // delays [50, 50, 50]: four attempts in all; the fourth hung past the 500 ms timeout.
    expect(hook.received).toHaveLength(4);
    expect(new Set(hook.received.map((r) => r.id))).toEqual(new Set([delivery.id]));
    expect(delivery).toMatchObject({ status: 'failed', attempts: 4, responseStatus: null, error: 'no answer within 0.5 s' });
  });

  it('ends delivered once the endpoint recovers', async () => {
    const hook = receiver.hook('recovers', (n) => (n < 3 ? 502 : 204));
    const webhookId = await register(hook, ['note.added']);
    const kase = await openCase();
    await world.call('POST', `/cases/${kase.id}/notes`, { token: admin(), body: { body: 'Third time lucky' } });
    await until('delivered', async () => (await deliveriesOf(webhookId))[0]?.status === 'delivered');
    expect((await deliveriesOf(webhookId))[0]).toMatchObject({ attempts: 3, responseStatus: 204, error: null });
    expect(hook.received.map((r) => r.verifiedBy)).toEqual([[0], [0], [0]]);
    const webhook = (await world.call('GET', '/webhooks', { token: admin() })).body.webhooks[0];
    expect(webhook).toMatchObject({ disabled: false, failingSince: null });
  });

  it('waits as long as a 429\'s Retry-After says', async () => {
    const hook = receiver.hook('slow-down', (n) => (n === 1 ? { status: 429, headers: { 'retry-after': '1' } } : 200));
    await register(hook, ['note.added']);
    const kase = await openCase();
    await world.call('POST', `/cases/${kase.id}/notes`, { token: admin(), body: { body: 'Patience' } });
    await until('the retry', () => hook.received.length === 2);
    expect(hook.received[1]!.at - hook.received[0]!.at).toBeGreaterThanOrEqual(950);
  });

  it('keeps a case\'s events in order while one of them is retried; other cases go on meanwhile', async () => {
    let held = true;
    const note = (r: Received) => r.payload.data.data.body as string;
    const hook = receiver.hook('ordered', (_n, r) => (held && note(r) === 'first' ? 503 : 200));
    await register(hook, ['note.added']);
    const slow = await openCase();
    const fast = await openCase();
    for (const body of ['first', 'second', 'third']) await world.call('POST', `/cases/${slow.id}/notes`, { token: admin(), body: { body } });
    await world.call('POST', `/cases/${fast.id}/notes`, { token: admin(), body: { body: 'other case' } });
    await until('the other case', () => hook.received.some((r) => note(r) === 'other case'));
    await until('a retry of the first', () => hook.received.filter((r) => note(r) === 'first').length >= 2);
    expect(hook.received.some((r) => ['second', 'third'].includes(note(r)))).toBe(false);
    held = false;
    await until('the rest', () => hook.received.some((r) => note(r) === 'third'));
    const delivered = hook.received.filter((r) => r.payload.data.caseId === slow.id).map(note);
    expect(delivered.filter((body, i) => body !== delivered[i - 1])).toEqual(['first', 'second', 'third']);
  });
});
