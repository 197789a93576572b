import { SyncPullQuery, SyncPullResponse, SyncPushBody, SyncPushResponse, SyncSnapshotResponse } from '../contract.js';
import { requireAuth } from '../auth/middleware.js';
import { changesSince, currentCursor } from '../ops/changeLog.js';
import { snapshotJson, SNAPSHOT_MAX_CASES } from '../ops/snapshot.js';
import { applyMutations } from '../ops/sync.js';
import { createRoute, errors, json, jsonBody, jsonText, router } from '../http.js';

const security = [{ bearer: [] }];
const middleware = [requireAuth];
const tags = ['Sync'];

const push = createRoute({
  method: 'post', path: '/sync/push', tags, security, middleware,
  summary: 'Apply queued mutations in order, each once (by its id); one result per mutation',
  request: jsonBody(SyncPushBody),
  responses: { 200: json(SyncPushResponse, 'A result per mutation, and the change log\'s cursor after them'), ...errors(400, 401, 413) },
});

const pull = createRoute({
  method: 'get', path: '/sync/pull', tags, security, middleware,
  summary: 'What changed for the organisation since the cursor (from the start without one), a page at a time',
  request: { query: SyncPullQuery },
  responses: { 200: json(SyncPullResponse, 'Each changed entity once, as it is now'), ...errors(400, 401) },
});

const snapshot = createRoute({
  method: 'get', path: '/sync/snapshot', tags, security, middleware,
  summary: `A fresh install's working set in one request: up to ${SNAPSHOT_MAX_CASES} open cases with their posts and customers, `
    + 'the templates and the agents, and the cursor to pull from next',
  responses: { 200: json(SyncSnapshotResponse, 'The working set, as of `cursor`'), ...errors(401) },
});

export const syncRoutes = router()
  .openapi(push, async (c) => {
    const { db, auth, logError, requestId } = c.var;
    const mutations = c.req.valid('json').mutations;
    const results = await db.tx((tx) => applyMutations(tx, auth, mutations, new Date(), (error) => logError(error, requestId)));
    return c.json({ results, cursor: await currentCursor(db.read, auth.orgId) }, 200);
  })
  .openapi(pull, async (c) => {
    const { cursor, limit } = c.req.valid('query');
    return c.json(await changesSince(c.get('db').read, c.get('auth').orgId, Number(cursor ?? 0), limit), 200);
  })
  .openapi(snapshot, async (c) => jsonText(c, SyncSnapshotResponse, await snapshotJson(c.get('db').client, c.get('auth').orgId)));
