import {
  CaseDetail, CaseList, CaseListQuery, CaseResponse, CreateCaseBody, EventResponse, IdParam, LinkPostBody,
  LinkPostResponse, NoteBody, ReplyBody, ReplyResponse, UpdateCaseBody,
} from '../contract.js';
import { requireAuth } from '../auth/middleware.js';
import { toCase, toEvent, toPost, toWireTime } from '../db/wire.js';
import { addNote, linkPost, recordReply } from '../ops/caseActivity.js';
import { createCase, updateCase } from '../ops/cases.js';
import { caseDetail, listCases } from '../ops/queries.js';
import { createRoute, errors, json, jsonBody, router } from '../http.js';

const security = [{ bearer: [] }];
const middleware = [requireAuth];
const tags = ['Cases'];

const create = createRoute({
  method: 'post', path: '/cases', tags, security, middleware,
  summary: 'Open a case on a post (finds or creates the identity, customer and post); idempotent by clientId and by open post',
  request: jsonBody(CreateCaseBody),
  responses: {
    201: json(CaseResponse, 'Created'),
    200: json(CaseResponse, 'The existing case for this clientId or post'),
    ...errors(400, 401, 404, 409),
  },
});

const list = createRoute({
  method: 'get', path: '/cases', tags, security, middleware, summary: 'Cases, newest first, filtered and paginated',
  request: { query: CaseListQuery },
  responses: { 200: json(CaseList, 'A page of cases'), ...errors(400, 401) },
});

const get = createRoute({
  method: 'get', path: '/cases/{id}', tags, security, middleware, summary: 'A case with its posts and timeline',
  request: { params: IdParam },
  responses: { 200: json(CaseDetail, 'The case'), ...errors(400, 401, 404) },
});

const update = createRoute({
  method: 'patch', path: '/cases/{id}', tags, security, middleware,
  summary: 'Change status, priority, assignee, tags or subject; send the version you loaded',
  request: { params: IdParam, ...jsonBody(UpdateCaseBody) },
  responses: { 200: json(CaseResponse, 'Updated'), ...errors(400, 401, 404, 409, 422) },
});

const link = createRoute({
  method: 'post', path: '/cases/{id}/posts', tags, security, middleware,
  summary: 'Link another post; a new post from the customer reopens a resolved or closed case',
  request: { params: IdParam, ...jsonBody(LinkPostBody) },
  responses: { 201: json(LinkPostResponse, 'Linked'), 200: json(LinkPostResponse, 'Already linked'), ...errors(400, 401, 404) },
});

const note = createRoute({
  method: 'post', path: '/cases/{id}/notes', tags, security, middleware, summary: 'Add an internal note to the timeline',
  request: { params: IdParam, ...jsonBody(NoteBody) },
  responses: { 201: json(EventResponse, 'Added'), ...errors(400, 401, 404) },
});

const reply = createRoute({
  method: 'post', path: '/cases/{id}/replies', tags, security, middleware,
  summary: 'Record a reply the agent sent on the site; the first one sets firstResponseAt',
  request: { params: IdParam, ...jsonBody(ReplyBody) },
  responses: { 201: json(ReplyResponse, 'Recorded'), 200: json(ReplyResponse, 'Already recorded'), ...errors(400, 401, 404, 409) },
});

export const caseRoutes = router()
  .openapi(create, async (c) => {
    const { db, auth } = c.var;
    const result = await db.tx((tx) => createCase(tx, auth, c.req.valid('json'), new Date()));
    return result.created ? c.json({ case: toCase(result.case) }, 201) : c.json({ case: toCase(result.case) }, 200);
  })
  .openapi(list, async (c) => c.json(await listCases(c.get('db').read, c.get('auth').orgId, c.req.valid('query')), 200))
  .openapi(get, async (c) => c.json(await caseDetail(c.get('db').read, c.get('auth').orgId, c.req.valid('param').id), 200))
  .openapi(update, async (c) => {
    const { db, auth } = c.var;
    const row = await db.tx((tx) => updateCase(tx, auth, c.req.valid('param').id, c.req.valid('json'), new Date()));
    return c.json({ case: toCase(row) }, 200);
  })
  .openapi(link, async (c) => {
    const { db, auth } = c.var;
    const result = await db.tx((tx) => linkPost(tx, auth, c.req.valid('param').id, c.req.valid('json'), new Date()));
    const body = {
      case: toCase(result.case),
      post: { ...toPost(result.post, result.identity), excerpt: result.excerpt, addedAt: toWireTime(result.addedAt) },
    };
    return result.created ? c.json(body, 201) : c.json(body, 200);
  })
  .openapi(note, async (c) => {
    const { db, auth } = c.var;
    const event = await db.tx((tx) => addNote(tx, auth, c.req.valid('param').id, c.req.valid('json').body, new Date()));
    return c.json({ event: toEvent(event) }, 201);
  })
  .openapi(reply, async (c) => {
    const { db, auth } = c.var;
    const result = await db.tx((tx) => recordReply(tx, auth, c.req.valid('param').id, c.req.valid('json'), new Date()));
    const body = { case: toCase(result.case), event: toEvent(result.event) };
    return result.created ? c.json(body, 201) : c.json(body, 200);
  });
