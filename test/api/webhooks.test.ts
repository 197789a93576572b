/** /webhooks: admins register, change, rotate and remove endpoints; nobody else sees or touches them. */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createWorld, expectError, type World } from './harness.js';

let world: World;
beforeAll(async () => { world = await createWorld(); });
afterAll(async () => { await world.close(); });
afterEach(() => { expect(world.errors).toEqual([]); });

// An address literal on the public internet: no DNS needed, and never called by these tests.
const PUBLIC = 'https://93.184.215.14/hooks/parley';
const events = ['case.created', 'reply.recorded'];

async function register(token = world.a.admin.token, body: Record<string, unknown> = { url: PUBLIC, events }) {
  const reply = await world.call('POST', '/webhooks', { token, body });
  expect(reply.status).toBe(201);
  return reply.body as { webhook: { id: string; url: string; events: string[] }; secret: string };
}

describe('registering an endpoint', () => {
  it('answers 201 with the endpoint and its whsec_ secret, shown this once', async () => {
    const reply = await world.call('POST', '/webhooks', {
      token: world.a.admin.token, body: { url: PUBLIC, events: ['case.created', 'case.created', 'note.added'], description: ' CRM sync ' },
    });
    expect(reply.status).toBe(201);
    expect(reply.body.secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(reply.body.webhook).toEqual({
      id: expect.any(String), url: PUBLIC, events: ['case.created', 'note.added'], description: 'CRM sync',
      disabled: false, disabledReason: null, disabledAt: null, failingSince: null, previousSecretExpiresAt: null,
      createdAt: expect.any(String), updatedAt: expect.any(String),
    });
    const list = await world.call('GET', '/webhooks', { token: world.a.admin.token });
    expect(list.status).toBe(200);
    expect(list.body.webhooks.map((w: { id: string }) => w.id)).toContain(reply.body.webhook.id);
    expect(JSON.stringify(list.body)).not.toContain(reply.body.secret);
    expect(JSON.stringify(list.body)).not.toContain('whsec_');
  });

  it.each([
    ['an unknown event', { url: PUBLIC, events: ['case.deleted'] }, 'events.0'],
    ['no events', { url: PUBLIC, events: [] }, 'events'],
    ['no address', { events }, 'url'],
    ['not an address', { url: 'hooks.example.com', events }, 'url'],
    ['an ftp address', { url: 'ftp://93.184.215.14/', events }, 'url'],
    ['an unknown field', { url: PUBLIC, events, secret: 'whsec_mine' }, ''],
  ])('refuses %s (400 with issues)', async (_label, body, path) => {
    const reply = await world.call('POST', '/webhooks', { token: world.a.admin.token, body });
    expectError(reply, 400, 'validation_failed');
    expect(reply.body.issues).toContainEqual({ path, message: expect.any(String) });
  });

  it.each([
    ['plain http', 'http://93.184.215.14/hooks'],
    ['loopback', 'https://127.0.0.1/hooks'],
    ['a name for loopback', 'https://localhost:8443/hooks'],
    ['a private network', 'https://10.1.2.3/hooks'],
    ['another private network', 'https://192.168.1.10/hooks'],
    ['link-local (cloud metadata)', 'https://169.254.169.254/latest/meta-data'],
    ['IPv6 loopback', 'https://[::1]/hooks'],
    ['IPv6 unique-local', 'https://[fd12:3456::1]/hooks'],
    ['IPv4-mapped loopback', 'https://[::ffff:127.0.0.1]/hooks'],
  ])('refuses %s (422 endpoint_refused) and registers nothing', async (_label, url) => {
    const before = (await world.call('GET', '/webhooks', { token: world.a.admin.token })).body.webhooks.length;
    expectError(await world.call('POST', '/webhooks', { token: world.a.admin.token, body: { url, events } }), 422, 'endpoint_refused');
    expectError(await world.call('PATCH', `/webhooks/${(await register()).webhook.id}`, { token: world.a.admin.token, body: { url } }), 422, 'endpoint_refused');
    expect((await world.call('GET', '/webhooks', { token: world.a.admin.token })).body.webhooks.length).toBe(before + 1);
  });

  it('takes http and private addresses when the server allows them (PARLEY_WEBHOOK_ALLOW_PRIVATE)', async () => {
    const dev = await createWorld({ config: { PARLEY_WEBHOOK_ALLOW_PRIVATE: true } });
    try {
      const reply = await dev.call('POST', '/webhooks', { token: dev.a.admin.token, body: { url: 'http://127.0.0.1:9/hooks', events } });
      expect(reply.status).toBe(201);
    } finally {
      await dev.close();
    }
  });
});

describe('changing an endpoint', () => {
  it('edits its address, events and description, keeping what was not sent', async () => {
    const { webhook } = await register();
    const reply = await world.call('PATCH', `/webhooks/${webhook.id}`, {
      token: world.a.admin.token, body: { url: 'https://93.184.215.14/v2', events: ['customer.merged'] },
    });
    expect(reply.status).toBe(200);
    expect(reply.body.webhook).toMatchObject({ id: webhook.id, url: 'https://93.184.215.14/v2', events: ['customer.merged'], description: '' });
    expect(JSON.stringify(reply.body)).not.toContain('whsec_');
    expectError(await world.call('PATCH', `/webhooks/${webhook.id}`, { token: world.a.admin.token, body: {} }), 400, 'validation_failed');
  });

  it('is disabled by an admin and shown as such, then enabled again', async () => {
    const { webhook } = await register();
    const off = await world.call('PATCH', `/webhooks/${webhook.id}`, { token: world.a.admin.token, body: { disabled: true } });
    expect(off.body.webhook).toMatchObject({ disabled: true, disabledReason: 'admin', disabledAt: expect.any(String) });
    const on = await world.call('PATCH', `/webhooks/${webhook.id}`, { token: world.a.admin.token, body: { disabled: false } });
    expect(on.body.webhook).toMatchObject({ disabled: false, disabledReason: null, disabledAt: null });
  });

  it('rotates its secret: a new one, shown once, with the old one signing for 24 h more', async () => {
    const { webhook, secret } = await register();
    const reply = await world.call('POST', `/webhooks/${webhook.id}/rotate-secret`, { token: world.a.admin.token });
    expect(reply.status).toBe(200);
    expect(reply.body.secret).toMatch(/^whsec_/);
    expect(reply.body.secret).not.toBe(secret);
    const overlap = Date.parse(reply.body.webhook.previousSecretExpiresAt) - Date.now();
    expect(overlap).toBeGreaterThan(23.9 * 3600_000);
    expect(overlap).toBeLessThanOrEqual(24 * 3600_000);
    const list = await world.call('GET', '/webhooks', { token: world.a.admin.token });
    expect(JSON.stringify(list.body)).not.toContain(reply.body.secret);
  });

  it('deletes it (204); then it is gone (404)', async () => {
    const { webhook } = await register();
    expect((await world.call('DELETE', `/webhooks/${webhook.id}`, { token: world.a.admin.token })).status).toBe(204);
    expect((await world.call('GET', '/webhooks', { token: world.a.admin.token })).body.webhooks.map((w: { id: string }) => w.id)).not.toContain(webhook.id);
    expectError(await world.call('DELETE', `/webhooks/${webhook.id}`, { token: world.a.admin.token }), 404, 'not_found');
    expectError(await world.call('GET', `/webhooks/${webhook.id}/deliveries`, { token: world.a.admin.token }), 404, 'not_found');
  });
});

describe('who may manage endpoints', () => {
  const someId = '0190a0a0-0000-7000-8000-000000000000';
  const routes = (id: string): [string, string, unknown?][] => [
    ['GET', '/webhooks'],
    ['POST', '/webhooks', { url: PUBLIC, events }],
    ['PATCH', `/webhooks/${id}`, { description: 'mine now' }],
    ['DELETE', `/webhooks/${id}`],
    ['POST', `/webhooks/${id}/rotate-secret`],
    ['GET', `/webhooks/${id}/deliveries`],
    ['POST', `/webhooks/${id}/deliveries/${someId}/redeliver`],
  ];

  it('an agent who is not an admin gets 403 on every route', async () => {
    const { webhook } = await register();
    for (const [method, path, body] of routes(webhook.id)) {
      expectError(await world.call(method, path, { token: world.a.agent.token, body }), 403, 'forbidden');
    }
  });

  it('without a token, 401 on every route', async () => {
    for (const [method, path, body] of routes(someId)) expectError(await world.call(method, path, { body }), 401, 'unauthorized');
  });

  it('another organisation\'s endpoint is not found (404) by its admin, never listed, and left alone', async () => {
    const { webhook } = await register();
    for (const [method, path, body] of routes(webhook.id).slice(2)) {
      expectError(await world.call(method, path, { token: world.b.admin.token, body }), 404, 'not_found');
    }
    const theirs = await world.call('GET', '/webhooks', { token: world.b.admin.token });
    expect(theirs.body.webhooks.map((w: { id: string }) => w.id)).not.toContain(webhook.id);
    const ours = await world.call('GET', '/webhooks', { token: world.a.admin.token });
    expect(ours.body.webhooks.find((w: { id: string }) => w.id === webhook.id)).toMatchObject({ description: '', disabled: false, previousSecretExpiresAt: null });
  });

  it('a malformed id is 400', async () => {
    expectError(await world.call('PATCH', '/webhooks/123', { token: world.a.admin.token, body: { description: 'x' } }), 400, 'validation_failed');
    expectError(await world.call('GET', '/webhooks/123/deliveries', { token: world.a.admin.token }), 400, 'validation_failed');
  });
});

describe('the OpenAPI document', () => {
  it('describes every webhook route and the delivery body', async () => {
    const doc = (await world.call('GET', '/openapi.json')).body;
    expect(Object.keys(doc.paths['/webhooks']).sort()).toEqual(['get', 'post']);
    expect(Object.keys(doc.paths['/webhooks/{id}']).sort()).toEqual(['delete', 'patch']);
    expect(doc.paths['/webhooks/{id}/rotate-secret'].post).toBeDefined();
    expect(doc.paths['/webhooks/{id}/deliveries'].get).toBeDefined();
    expect(doc.paths['/webhooks/{id}/deliveries/{deliveryId}/redeliver'].post).toBeDefined();
    expect(Object.keys(doc.paths['/webhooks'].post.responses)).toEqual(expect.arrayContaining(['201', '400', '401', '403', '422']));
    expect(doc.components.schemas.Webhook.properties.events.items.enum).toEqual([
      'case.created', 'case.updated', 'case.resolved', 'reply.recorded', 'note.added', 'customer.merged',
    ]);
    expect(doc.components.schemas.WebhookDelivery.properties.status.enum).toEqual(['pending', 'delivered', 'failed']);
  });
});
