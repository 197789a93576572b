/**
 * Fuzz: more than 10,000 generated requests, wrong by construction, across every route of the live
 * OpenAPI document (malformed, oversized, wrong-typed, boundary and injection values in bodies,
 * queries, paths and headers). Every one must get a 4xx with {code, message}, none a 5xx, and the
 * database must be exactly as before. Set FUZZ_SEED to replay a run fast-check reported.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWorld, PASSWORD, postBy, SIGNUP_TOKEN } from './harness.js';
import { faultyRequests, type Credentials, type FuzzRequest } from './security/requests.js';
import { expectEveryServedRouteDocumented, readRoutes, routeName } from './security/routes.js';
import { changeCursor, dumpRows } from './security/state.js';

const TOTAL_REQUESTS = 12_000;
const seed = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : undefined;

const world = await createWorld();
const routes = await readRoutes(world);
const runsPerRoute = Math.ceil(TOTAL_REQUESTS / routes.length);
let sent = 0;
const statuses = new Map<number, number>();

// Traces of a stack or the server's files in an answer.
const leaks = [/\bat .+:\d+:\d+/, /\n\s+at /, /\/(work|home|app|src|tmp|Users)\//, /node_modules/, /\.(ts|js):\d+/, /"stack"/];

let credentials: Credentials;
let before: Awaited<ReturnType<typeof dumpRows>>;

beforeAll(async () => {
  const { a } = world;
  const opened = await world.call('POST', '/cases', { token: a.admin.token, body: { post: postBy('fuzz_customer'), subject: 'Real case' } });
  const other = await world.call('POST', '/cases', { token: a.admin.token, body: { post: postBy('fuzz_other') } });
  const template = await world.call('POST', '/templates', { token: a.admin.token, body: { title: 'Sorry', body: 'Sorry {{customer.name}}' } });
  expect([opened.status, other.status, template.status]).toEqual([201, 201, 201]);
  const revokedToken = await world.login(a.agent.email);
  expect((await world.call('POST', '/auth/logout', { token: revokedToken })).status).toBe(204);
  credentials = {
    token: a.admin.token,
    revokedToken,
    signupToken: SIGNUP_TOKEN,
    password: PASSWORD,
    realIds: [opened.body.case.id, opened.body.case.customerId, other.body.case.customerId, template.body.template.id, a.admin.id, a.agent.id],
  };
  before = await dumpRows(world.db);
});

afterAll(async () => {
  console.info(`fuzz: ${sent} requests, statuses ${JSON.stringify(Object.fromEntries([...statuses].sort()))}`);
  await world.close();
});

async function send(request: FuzzRequest): Promise<void> {
  const response = await world.app.request(request.path, { method: request.method, headers: request.headers, body: request.body });
  sent += 1;
  statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
  const text = await response.text();
  const where = `${request.method} ${request.path.slice(0, 200)} [${request.fault}] → ${response.status} ${text.slice(0, 300)}`;
  if (response.status < 400 || response.status > 499) throw new Error(`not a 4xx: ${where}`);
  if (!/^application\/json/.test(response.headers.get('content-type') ?? '')) throw new Error(`not JSON: ${where}`);
  const body = JSON.parse(text) as { code?: unknown; message?: unknown };
  if (typeof body.code !== 'string' || typeof body.message !== 'string') throw new Error(`not {code, message}: ${where}`);
  const leak = leaks.find((pattern) => pattern.test(text));
  if (leak) throw new Error(`leaks ${leak}: ${where}`);
  if (world.errors.length > 0) throw new Error(`reported an unexpected error (${String(world.errors[0])}): ${where}`);
}

describe('fuzz: wrong requests to every route get a 4xx and change nothing', () => {
  it('covers every route the app serves', () => {
    expect(routes.length).toBeGreaterThanOrEqual(25);
    expectEveryServedRouteDocumented(world, routes);
  });

  it.each(routes.map((route) => [routeName(route), route] as const))('%s', async (_name, route) => {
    const cursor = await changeCursor(world.db, world.a.id);
    await fc.assert(fc.asyncProperty(faultyRequests(route, routes, credentials), send), { numRuns: runsPerRoute, seed, endOnFailure: true });
    expect(await changeCursor(world.db, world.a.id), 'organisation a\'s change-log cursor').toBe(cursor);
  }, 120_000);

  it('refuses a body nested 10,000 deep with 400 too_deep, where walking it would overflow the stack', async () => {
    const reply = await world.call('POST', '/templates', {
      token: world.a.admin.token, body: `{"title": "Deep", "body": "x", "tags": ${'['.repeat(10_000)}${']'.repeat(10_000)}}`,
    });
    expect(reply.status).toBe(400);
    expect(reply.body.code).toBe('too_deep');
    expect(world.errors).toEqual([]);
  });

  it(`sent at least 10,000 requests, and the database is exactly as before them`, async () => {
    expect(sent).toBeGreaterThanOrEqual(10_000);
    expect(world.errors).toEqual([]);
    expect(await dumpRows(world.db)).toEqual(before);
    // No `__proto__` key reached an object's prototype.
    expect(({} as Record<string, unknown>).admin).toBeUndefined();
    expect(Object.prototype).toEqual({});
    const me = await world.call('GET', '/me', { token: world.a.admin.token });
    expect(me.status).toBe(200);
  });
});
