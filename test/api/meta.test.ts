import { count, max } from 'drizzle-orm';
import { Validator } from '@seriousme/openapi-schema-validator';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createApp, MAX_BODY_BYTES } from '../../api/app.js';
import { changes, templates } from '../../api/db/schema.js';
import { createWorld, openTestDatabase, SIGNUP_TOKEN, type Reply, type World } from './harness.js';

let world: World;
beforeAll(async () => { world = await createWorld(); });
afterAll(async () => { await world.close(); });
afterEach(() => { expect(world.errors).toEqual([]); });

const errorKeys = ['code', 'message', 'issues', 'requestId'];
// Traces of a stack or the server's files: "    at fn (/x/y.ts:1:2)", absolute paths, module names.
const leaks = [/\bat .+:\d+:\d+/, /\n\s+at /, /\/(work|home|app|src|tmp|Users)\//, /node_modules/, /\.(ts|js):\d+/, /"stack"/];

function expectError(reply: Reply, status: number, code?: string) {
  expect(reply.status).toBe(status);
  expect(reply.headers.get('content-type')).toMatch(/^application\/json/);
  expect(reply.body).toMatchObject({ code: expect.any(String), message: expect.any(String) });
  for (const key of Object.keys(reply.body)) expect(errorKeys).toContain(key);
  if (code) expect(reply.body.code).toBe(code);
  const text = JSON.stringify(reply.body);
  for (const leak of leaks) expect(text).not.toMatch(leak);
}

const written = async () => ({
  templates: (await world.db.read.select({ n: count() }).from(templates))[0]!.n,
  lastChange: (await world.db.read.select({ seq: max(changes.seq) }).from(changes))[0]?.seq ?? 0,
});

describe('health and documentation', () => {
  it('GET /health answers {ok: true}', async () => {
    const reply = await world.call('GET', '/health');
    expect(reply.status).toBe(200);
    expect(reply.body).toEqual({ ok: true });
  });

  it('serves an OpenAPI 3.1 document with the main paths and the bearer scheme', async () => {
    const reply = await world.call('GET', '/openapi.json');
    expect(reply.status).toBe(200);
    const doc = reply.body;
    expect(doc.openapi).toMatch(/^3\.1\./);
    expect(doc.info.title).toBe('Parley API');
    for (const path of ['/health', '/auth/login', '/auth/logout', '/me', '/orgs', '/agents', '/agents/{id}', '/cases', '/cases/{id}', '/customers/lookup', '/templates', '/templates/{id}', '/feedback', '/feedback/{id}', '/feedback.csv']) {
      expect(Object.keys(doc.paths), path).toContain(path);
    }
    expect(doc.components.securitySchemes.bearer).toEqual({ type: 'http', scheme: 'bearer' });
    expect(doc.paths['/cases'].post.security).toEqual([{ bearer: [] }]);
    expect(doc.paths['/auth/login'].post.security).toBeUndefined();
    expect(Object.keys(doc.paths['/auth/login'].post.responses)).toEqual(expect.arrayContaining(['200', '401', '429']));
  });

  it('serves a document that is valid OpenAPI 3.1, with every operation documented', async () => {
    const doc = (await world.call('GET', '/openapi.json')).body;
    const result = await new Validator().validate(doc);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    const operations = Object.values(doc.paths as Record<string, Record<string, { summary?: string }>>).flatMap((path) => Object.values(path));
    expect(operations.length).toBeGreaterThanOrEqual(23);
    for (const operation of operations) expect(operation.summary).toEqual(expect.any(String));
  });

  it('serves an interactive reference at /docs that reads /openapi.json', async () => {
    const reply = await world.call('GET', '/docs');
    expect(reply.status).toBe(200);
    expect(reply.headers.get('content-type')).toMatch(/^text\/html/);
    expect(reply.body).toMatch(/<html/i);
    expect(reply.body).toContain('/openapi.json');
  });

  it('serves the reference\'s own scripts and styles, so it works without a way out to the internet', async () => {
    const page = (await world.call('GET', '/docs')).body as string;
    const assets = [...page.matchAll(/(?:src|href)="([^"]+)"/g)].map((match) => match[1]!);
    expect(assets).toEqual(['/docs/swagger-ui.css', '/docs/swagger-ui-bundle.js', '/docs/start.js']);
    for (const asset of assets) {
      const reply = await world.call('GET', asset);
      expect(reply.status, asset).toBe(200);
      expect(reply.headers.get('content-type'), asset).toMatch(asset.endsWith('.css') ? /^text\/css/ : /^text\/javascript/);
    }
    expect((await world.call('GET', '/docs/swagger-ui-bundle.js')).body.length).toBeGreaterThan(100_000);
  });
});

describe('errors', () => {
  it('answers an unknown route with 404 {code, message}', async () => {
    const reply = await world.call('GET', '/no/such/route', { token: world.a.agent.token });
    expectError(reply, 404, 'not_found');
  });

  it('refuses a body over 1 MB with 413 and writes nothing', async () => {
    const before = await written();
    const body = JSON.stringify({ title: 'Huge', body: 'x'.repeat(MAX_BODY_BYTES) });
    expect(body.length).toBeGreaterThan(1024 * 1024);
    const reply = await world.call('POST', '/templates', { token: world.a.agent.token, body });
    expectError(reply, 413, 'payload_too_large');
    expect(await written()).toEqual(before);
  });

  it('refuses a body over 1 MB with 413 even when Content-Length is not sent', async () => {
    const before = await written();
    const chunk = new TextEncoder().encode(JSON.stringify({ title: 'Huge', body: 'y'.repeat(MAX_BODY_BYTES) }));
    const stream = new ReadableStream<Uint8Array>({ start(controller) { controller.enqueue(chunk); controller.close(); } });
    const response = await world.app.request('/templates', {
      method: 'POST',
      headers: { authorization: `Bearer ${world.a.agent.token}`, 'content-type': 'application/json' },
      body: stream,
      duplex: 'half',
    } as RequestInit);
    expect(response.status).toBe(413);
    expect(await response.json()).toMatchObject({ code: 'payload_too_large', message: expect.any(String) });
    expect(await written()).toEqual(before);
  });

  it.each([
    ['a cut-off object', '{"title": "Broken", "body": '],
    ['single quotes', "{'title': 'Broken'}"],
    ['trailing garbage', '{"title": "Broken", "body": "x"} !!'],
  ])('refuses malformed JSON (%s) with 400 {code, message}', async (_label, body) => {
    const before = await written();
    const reply = await world.call('POST', '/templates', { token: world.a.agent.token, body });
    expectError(reply, 400);
    expect(await written()).toEqual(before);
  });

  it.each([
    ['text/plain', 'text/plain'],
    ['form data', 'application/x-www-form-urlencoded'],
  ])('refuses a JSON body sent as %s with 415 and writes nothing', async (_label, contentType) => {
    const before = await written();
    const reply = await world.call('POST', '/templates', {
      token: world.a.agent.token,
      headers: { 'content-type': contentType },
      body: JSON.stringify({ title: 'Wrong type', body: 'Hello' }),
    });
    expectError(reply, 415, 'unsupported_media_type');
    expect(await written()).toEqual(before);
  });

  it.each<[string, () => Promise<Reply>]>([
    ['401', () => world.call('GET', '/me', { token: 'plt_garbagegarbagegarbagegarbage' })],
    ['403', () => world.call('POST', '/orgs', { body: { name: 'X', admin: { email: 'x@x.test', name: 'X', password: 'long enough pw' } } })],
    ['400 with issues', () => world.call('POST', '/orgs', { headers: { 'x-signup-token': SIGNUP_TOKEN }, body: { name: 42 } })],
    ['422', () => world.call('POST', '/templates', { token: world.a.agent.token, body: { title: 'T', body: '{{nope}}' } })],
    ['an unsupported method', () => world.call('PUT', '/templates', { token: world.a.agent.token, body: {} })],
  ])('never leaks a stack or a file path (%s)', async (_label, send) => {
    const reply = await send();
    expect(reply.status).toBeGreaterThanOrEqual(400);
    expectError(reply, reply.status);
  });

  it('answers an unexpected failure with a plain 500 and reports it to the server log only', async () => {
    const { db, dir } = await openTestDatabase();
    const reported: unknown[] = [];
    const broken = createApp({ db, config: { PARLEY_SIGNUP_TOKEN: SIGNUP_TOKEN, TOKEN_TTL_DAYS: 30, TRUST_PROXY: false }, logError: (error) => reported.push(error) });
    db.close(); // every query now throws
    try {
      const response = await broken.request('/auth/login', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: 'someone@x.test', password: 'whatever-password' }),
      });
      const reply: Reply = { status: response.status, headers: response.headers, body: await response.json() };
      expectError(reply, 500, 'internal');
      expect(reported).toHaveLength(1);
      expect(reply.body.message).not.toContain(String((reported[0] as Error).message));
    } finally {
      (await import('node:fs')).rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('CORS', () => {
  const preflight = (origin: string) =>
    world.call('OPTIONS', '/cases', {
      headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization,content-type' },
    });

  it.each([
    'chrome-extension://abcdefghijklmnop',
    'moz-extension://0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0',
  ])('allows a preflight from the extension origin %s', async (origin) => {
    const reply = await preflight(origin);
    expect(reply.status).toBe(204);
    expect(reply.headers.get('access-control-allow-origin')).toBe(origin);
    expect(reply.headers.get('access-control-allow-methods')).toEqual(expect.stringContaining('PATCH'));
    expect(reply.headers.get('access-control-allow-headers')?.toLowerCase()).toEqual(expect.stringContaining('authorization'));
    expect(reply.headers.get('access-control-allow-headers')?.toLowerCase()).toEqual(expect.stringContaining('x-signup-token'));
  });

  it.each([
    'https://evil.example',
    'http://localhost:3000',
    'null',
    'chrome-extension://abc.evil.example',
    'https://chrome-extension.evil.example',
  ])('does not allow a preflight from %s', async (origin) => {
    const reply = await preflight(origin);
    expect(reply.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('tags a real response for the extension origin but not for a web page', async () => {
    const fromExtension = await world.call('GET', '/health', { headers: { origin: 'chrome-extension://abcdefghijklmnop' } });
    expect(fromExtension.headers.get('access-control-allow-origin')).toBe('chrome-extension://abcdefghijklmnop');
    const fromWeb = await world.call('GET', '/health', { headers: { origin: 'https://evil.example' } });
    expect(fromWeb.headers.get('access-control-allow-origin')).toBeNull();
  });
});
