/**
 * Cross-organisation matrix, generated from the live OpenAPI document: every path parameter and
 * every field that names an object (ids, handles, post ids, client-made ids, in every sync
 * mutation) is called by organisation a with organisation b's value. a gets a 404 (a sync push: a
 * per-mutation not_found; a list: an empty answer; a value that only names a's own space: a's own
 * result), never a byte of b's data, and b's rows and change-log cursor do not move.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWorld, type Reply } from './harness.js';
import { baseRequests, freshOfA, objectsOfB, rules, valueOf, type BaseRequest, type Theirs } from './security/crossOrg.js';
import { referenceSlots, setAt, type Slot } from './security/references.js';
import { expectEveryServedRouteDocumented, readRoutes, routeName } from './security/routes.js';
import { changeCursor, dumpRows } from './security/state.js';

const world = await createWorld();
const routes = await readRoutes(world);
const slots = referenceSlots(routes);

let theirs: Theirs;
let secrets: string[];

beforeAll(async () => {
  ({ theirs, secrets } = await objectsOfB(world));
});
afterAll(async () => { await world.close(); });

function send(slot: Slot, request: BaseRequest): Promise<Reply> {
  const path = slot.route.path.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(request.params?.[name] ?? ''));
  const query = request.query ? `?${new URLSearchParams(request.query)}` : '';
  return world.call(slot.route.method, path + query, { token: world.a.admin.token, body: request.body });
}

/** The base request of a, with the slot left as it is or filled with b's object. */
async function requestFor(slot: Slot, withTheirs: boolean): Promise<BaseRequest> {
  const base = baseRequests[routeName(slot.route)]!(await freshOfA(world), slot.branch);
  if (withTheirs) {
    const value = valueOf(theirs, rules[slot.key]!.target);
    if (slot.place === 'body') setAt(base.body!, slot.pointer, value);
    else setAt((base[slot.place === 'path' ? 'params' : 'query'] ??= {}), slot.pointer, value);
  }
  return base;
}

const expectNothingOfB = (reply: Reply) => {
  const text = JSON.stringify(reply.body);
  for (const secret of secrets) expect(text, `the answer holds b's ${secret}`).not.toContain(secret);
};

describe('cross-organisation matrix', () => {
  it('has a rule for every reference in the document, and none for references that are gone', () => {
    expectEveryServedRouteDocumented(world, routes);
    const unknown = slots.filter((slot) => !rules[slot.key] || !baseRequests[routeName(slot.route)]).map((slot) => slot.key);
    expect(unknown, 'references the cross-organisation matrix cannot classify: add a rule (and a base request) for each in test/api/security/crossOrg.ts').toEqual([]);
    const stale = Object.keys(rules).filter((key) => !slots.some((slot) => slot.key === key));
    expect(stale, 'rules for references no route has any more: remove them from test/api/security/crossOrg.ts').toEqual([]);
    expect(slots.length).toBeGreaterThanOrEqual(40);
  });

  // Rules that make a's own objects with b's post ids and handles run last: after them, a really has such a post.
  const ordered = slots.filter((slot) => rules[slot.key]).sort((x, y) => Number(rules[x.key]!.expect === 'own') - Number(rules[y.key]!.expect === 'own'));
  it.each(ordered.map((slot) => [slot.key, slot] as const))('%s', async (_key, slot) => {
    const rule = rules[slot.key]!;
    // The same request with a's own object works: what changes below is b's value alone.
    const control = await send(slot, await requestFor(slot, false));
    expect(control.status, `a's own request: ${JSON.stringify(control.body)}`).toBeLessThan(300);
    if (rule.expect === 'push_not_found' || (rule.expect === 'own' && slot.branch)) expect(control.body.results[0].ok).toBe(true);
    if (rule.expect === 'empty') expect(rule.list!(control.body).length).toBeGreaterThan(0);

    const request = await requestFor(slot, true);
    const everything = await dumpRows(world.db);
    const bBefore = await dumpRows(world.db, world.b.id);
    const [aCursor, bCursor] = [await changeCursor(world.db, world.a.id), await changeCursor(world.db, world.b.id)];
    const reply = await send(slot, request);

    expectNothingOfB(reply);
    expect(await dumpRows(world.db, world.b.id), 'b\'s rows').toEqual(bBefore);
    expect(await changeCursor(world.db, world.b.id), 'b\'s change-log cursor').toBe(bCursor);
    switch (rule.expect) {
      case 'not_found':
        expect(reply.status, JSON.stringify(reply.body)).toBe(404);
        expect(reply.body.code).toBe('not_found');
        expect(await dumpRows(world.db)).toEqual(everything);
        break;
      case 'empty':
        expect(reply.status, JSON.stringify(reply.body)).toBe(200);
        expect(rule.list!(reply.body)).toEqual([]);
        expect(await dumpRows(world.db)).toEqual(everything);
        break;
      case 'push_not_found':
        expect(reply.status, JSON.stringify(reply.body)).toBe(200);
        expect(reply.body.results).toEqual([expect.objectContaining({ ok: false, error: expect.objectContaining({ code: 'not_found' }) })]);
        expect(await changeCursor(world.db, world.a.id), 'a\'s change-log cursor').toBe(aCursor);
        break;
      case 'own':
        expect(reply.status, JSON.stringify(reply.body)).toBeLessThan(300);
        if (slot.branch) expect(reply.body.results[0].ok, JSON.stringify(reply.body)).toBe(true);
        break;
    }
    expect(world.errors).toEqual([]);
  });

  it('every list a can read without arguments holds nothing of b', async () => {
    const lists = routes.filter((route) => route.method === 'GET' && !route.streams && !route.path.includes('{') && route.params.every((param) => !param.required));
    expect(lists.map(routeName)).toEqual(expect.arrayContaining(['GET /agents', 'GET /cases', 'GET /templates', 'GET /sync/pull', 'GET /sync/snapshot', 'GET /replies/library', 'GET /feedback', 'GET /feedback.csv']));
    for (const route of lists) {
      const reply = await world.call('GET', route.path, { token: world.a.admin.token });
      expect(reply.status, routeName(route)).toBe(200);
      expectNothingOfB(reply);
    }
  });
});
