/** Endpoints that fail: 410 and a day of failures disable them, final answers give up, and deliveries can be sent again. */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { pruneDeliveries } from '../../api/ops/webhooks.js';
import { startWebhookDispatcher, type Dispatcher } from '../../api/webhooks/dispatcher.js';
import { createWorld, expectError, freshHandle, postBy, type World } from './harness.js';
import { registerHook, removeHooks, startReceiver, until, type Hook, type Receiver } from './webhook-receiver.js';

let world: World;
let receiver: Receiver;
let dispatcher: Dispatcher;
const dispatch = (on: World, allowPrivate = true) =>
  startWebhookDispatcher(on.db, { allowPrivate, timeoutMs: 500, pollMs: 50, delays: [50, 50], logError: (e) => on.errors.push(e) });
beforeAll(async () => {
  world = await createWorld({ config: { PARLEY_WEBHOOK_ALLOW_PRIVATE: true } });
  receiver = await startReceiver();
  dispatcher = dispatch(world);
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

const register = (hook: Hook, on = world) => registerHook(on, hook, ['note.added']);

async function note(body: string, on = world) {
  const kase = await on.call('POST', '/cases', { token: on.a.admin.token, body: { post: postBy(freshHandle()) } });
  expect((await on.call('POST', `/cases/${kase.body.case.id}/notes`, { token: on.a.admin.token, body: { body } })).status).toBe(201);
}

const webhookOf = async (id: string) =>
  (await world.call('GET', '/webhooks', { token: world.a.admin.token })).body.webhooks.find((w: { id: string }) => w.id === id);
const deliveriesOf = async (id: string) => (await world.call('GET', `/webhooks/${id}/deliveries`, { token: world.a.admin.token })).body.deliveries;

describe('an endpoint that answers 410 Gone', () => {
  it('is disabled at once, shown as such, and sent nothing more', async () => {
    const hook = receiver.hook('gone', () => 410);
    const id = await register(hook);
    await note('one');
    await until('disabled', async () => (await webhookOf(id)).disabled);
    expect(await webhookOf(id)).toMatchObject({ disabled: true, disabledReason: 'gone', disabledAt: expect.any(String) });
    expect((await deliveriesOf(id))[0]).toMatchObject({ status: 'failed', attempts: 1, responseStatus: 410 });
    await note('two');
    await dispatcher.runNow();
    expect(hook.received).toHaveLength(1);
  });
});

describe('an endpoint failing for a day', () => {
  it('is disabled by its next failure, and its deliveries still pending fail with it', async () => {
    const hook = receiver.hook('failing', () => 500);
    const id = await register(hook);
    // As if it had been failing since yesterday (moved back in the database).
    await world.db.tx((tx) => tx.$client.execute({ sql: 'UPDATE webhooks SET failing_since = ? WHERE id = ?', args: [Date.now() - 25 * 3600_000, id] }));
    const kase = await world.call('POST', '/cases', { token: world.a.admin.token, body: { post: postBy(freshHandle()) } });
    for (const body of ['the last straw', 'waiting behind it']) {
      await world.call('POST', `/cases/${kase.body.case.id}/notes`, { token: world.a.admin.token, body: { body } });
    }
    await until('disabled', async () => (await webhookOf(id)).disabled);
    expect(await webhookOf(id)).toMatchObject({ disabled: true, disabledReason: 'failing' });
    // The audit log says the system did it, and why.
    const audit = await world.call('GET', '/audit?entity=webhook&actorId=webhooks', { token: world.a.admin.token });
    expect(audit.body.entries.filter((entry: { entityId: string }) => entry.entityId === id)).toEqual([{
      id: expect.any(String), at: expect.any(String), actor: { type: 'system', id: 'webhooks', name: 'Webhook delivery' },
      action: 'webhook.disabled', entity: 'webhook', entityId: id,
      changes: { disabled: { from: false, to: true }, disabledReason: { from: null, to: 'failing' } },
    }]);
    await dispatcher.runNow();
    expect((await deliveriesOf(id)).map((d: { status: string }) => d.status)).toEqual(['failed', 'failed']);
    expect(hook.received.map((r) => r.payload.data.data.body)).toEqual(['the last straw']);
  });

  it('is not disabled by failures within the day', async () => {
    const hook = receiver.hook('failing-briefly', () => 500);
    const id = await register(hook);
    await note('soon failing');
    await until('given up', async () => (await deliveriesOf(id))[0]?.status === 'failed');
    expect(await webhookOf(id)).toMatchObject({ disabled: false, failingSince: expect.any(String) });
  });

  it('enabled again, gets the events from then on, not those it missed', async () => {
    const hook = receiver.hook('back-on');
    const id = await register(hook);
    await world.call('PATCH', `/webhooks/${id}`, { token: world.a.admin.token, body: { disabled: true } });
    await note('while off');
    await world.call('PATCH', `/webhooks/${id}`, { token: world.a.admin.token, body: { disabled: false } });
    await note('back on');
    await until('the note', () => hook.received.length > 0);
    await dispatcher.runNow();
    expect(hook.received.map((r) => r.payload.data.data.body)).toEqual(['back on']);
  });
});

describe('a final answer and redelivery', () => {
  it('gives up at once on a 400, and is sent again on request with the same webhook-id', async () => {
    let fixed = false;
    const hook = receiver.hook('bad-request', () => (fixed ? 200 : 400));
    const id = await register(hook);
    await note('rejected');
    await until('failed', async () => (await deliveriesOf(id))[0]?.status === 'failed');
    const [failed] = await deliveriesOf(id);
    expect(failed).toMatchObject({ attempts: 1, responseStatus: 400, nextAttemptAt: null });

    fixed = true;
    const again = await world.call('POST', `/webhooks/${id}/deliveries/${failed.id}/redeliver`, { token: world.a.admin.token });
    expect(again.status).toBe(202);
    expect(again.body.delivery).toMatchObject({ id: failed.id, status: 'pending' });
    await until('delivered', async () => (await deliveriesOf(id))[0]?.status === 'delivered');
    expect(hook.received.map((r) => r.id)).toEqual([failed.id, failed.id]);
    expect(hook.received[1]!.body).toBe(hook.received[0]!.body);
    expect(hook.received[1]!.verifiedBy).toEqual([0]);
  });

  it('refuses to redeliver one still pending (409), another organisation\'s (404), or to a disabled endpoint (422)', async () => {
    const hook = receiver.hook('held', () => 'hang');
    const id = await register(hook);
    await note('held open');
    await until('the attempt', () => hook.received.length > 0);
    const [pending] = await deliveriesOf(id);
    const path = `/webhooks/${id}/deliveries/${pending.id}/redeliver`;
    expectError(await world.call('POST', path, { token: world.a.admin.token }), 409, 'delivery_pending');
    expectError(await world.call('POST', path, { token: world.b.admin.token }), 404, 'not_found');
    await until('given up', async () => (await deliveriesOf(id))[0]?.status === 'failed');
    await world.call('PATCH', `/webhooks/${id}`, { token: world.a.admin.token, body: { disabled: true } });
    expectError(await world.call('POST', path, { token: world.a.admin.token }), 422, 'webhook_disabled');
  });

  it('gives up after the last retry, and lists it as failed with what went wrong', async () => {
    const hook = receiver.hook('always-down', () => 'drop');
    const id = await register(hook);
    await note('never');
    await until('failed', async () => (await deliveriesOf(id))[0]?.status === 'failed');
    expect((await deliveriesOf(id))[0]).toMatchObject({ attempts: 3, responseStatus: null, error: 'network error', nextAttemptAt: null });
    expect(hook.received).toHaveLength(3);
  });
});

describe('housekeeping', () => {
  it('prunes settled deliveries over a month old, and keeps the pending and the recent', async () => {
    const hook = receiver.hook('pruned', () => 'hang');
    const id = await register(hook);
    for (const body of ['old and delivered', 'old but pending']) await note(body);
    await until('the first attempt', () => hook.received.length > 0);
    const monthAgo = Date.now() - 31 * 24 * 3600_000;
    await world.db.tx((tx) => tx.$client.execute({ sql: `UPDATE webhook_deliveries SET created_at = ?, status = CASE WHEN id = ? THEN 'delivered' ELSE status END WHERE webhook_id = ?`, args: [monthAgo, hook.received[0]!.id, id] }));
    expect(await pruneDeliveries(world.db, new Date())).toBe(1);
    expect((await deliveriesOf(id)).map((d: { status: string }) => d.status)).toEqual(['pending']);
  });
});

describe('an endpoint that resolves to a private address at delivery time', () => {
  it('is not called: the attempt fails as refused and is retried later', async () => {
    // Registered while private addresses were allowed, delivered by a server that refuses them.
    const dev = await createWorld({ config: { PARLEY_WEBHOOK_ALLOW_PRIVATE: true } });
    const strict = dispatch(dev, false);
    try {
      const hook = receiver.hook('private');
      const id = await register(hook, dev);
      // https, but to a name for loopback: the address is what is refused.
      const url = hook.url.replace('http://127.0.0.1', 'https://localhost');
      await dev.db.tx((tx) => tx.$client.execute({ sql: 'UPDATE webhooks SET url = ? WHERE id = ?', args: [url, id] }));
      await note('must not leave', dev);
      await strict.runNow();
      const [webhook] = (await dev.call('GET', '/webhooks', { token: dev.a.admin.token })).body.webhooks;
      const [delivery] = (await dev.call('GET', `/webhooks/${webhook.id}/deliveries`, { token: dev.a.admin.token })).body.deliveries;
      expect(delivery.attempts).toBeGreaterThanOrEqual(1);
      expect(delivery).toMatchObject({ responseStatus: null, error: 'address refused: localhost resolves to a private, loopback or link-local address' });
      expect(hook.received).toEqual([]);
    } finally {
      await strict.stop();
      await dev.close();
    }
  });
});
