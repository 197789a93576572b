import { asc, eq } from 'drizzle-orm';
import { ReplyLibrary, ReplyLibraryQuery, SuggestRepliesBody, SuggestRepliesResponse, type PostInputT } from '../contract.js';
import { requireAuth } from '../auth/middleware.js';
import type { Database } from '../db/client.js';
import { templates } from '../db/schema.js';
import { normalizeHandle, type Platform } from '../domain/handles.js';
import { rankReplies, type PastReply } from '../domain/suggestions.js';
import type { TemplateValues } from '../domain/templates.js';
import { tone } from '../domain/tone.js';
import { createRoute, errors, json, jsonBody, notFound, router, type Auth } from '../http.js';

const security = [{ bearer: [] }];
const middleware = [requireAuth];
const tags = ['Replies'];

/** How many of the organisation's latest replies the ranking learns from, to bound each request. */
export const PAST_REPLY_LIMIT = 2000;

// Rows are read by position: the local driver returns them as arrays.
// Each reply answered the case's post linked last before it was sent.
const pastRepliesQuery = `
  SELECT json_extract(e.data, '$.text') AS text,
    (SELECT p.text FROM case_posts cp JOIN posts p ON p.id = cp.post_id
      WHERE cp.case_id = e.case_id AND cp.added_at <= e.created_at
      ORDER BY cp.added_at DESC LIMIT 1) AS answered,
    json_extract(e.data, '$.templateId') AS template_id
  FROM events e
  WHERE e.org_id = ? AND e.type = 'reply'
  ORDER BY e.created_at DESC
  LIMIT ?`;

const caseByIdQuery = 'SELECT id, number, customer_id FROM cases WHERE id = ? AND org_id = ?';
const caseByPostQuery = `
  SELECT c.id, c.number, c.customer_id FROM posts p
  JOIN case_posts cp ON cp.post_id = p.id JOIN cases c ON c.id = cp.case_id
  WHERE p.org_id = ? AND p.platform = ? AND p.external_id = ?
  ORDER BY cp.added_at DESC LIMIT 1`;
const latestCasePostQuery = `
  SELECT p.text, p.platform, i.handle, i.display_name FROM case_posts cp
  JOIN posts p ON p.id = cp.post_id JOIN identities i ON i.id = p.identity_id
  WHERE cp.case_id = ? ORDER BY cp.added_at DESC LIMIT 1`;
const customerByHandleQuery = `
  SELECT c.name FROM identities i JOIN customers c ON c.id = i.customer_id
  WHERE i.org_id = ? AND i.platform = ? AND i.handle = ?`;

interface Answered {
  text: string;
  platform: Platform;
  handle: string;
  displayName: string;
}

const fromInput = (post: PostInputT): Answered => ({
  text: post.text, platform: post.platform, handle: normalizeHandle(post.platform, post.author.handle), displayName: post.author.displayName,
});

/** The post being answered and the values its templates are filled with, as the extension fills them. */
async function replyContext(db: Database, auth: Auth, body: { caseId?: string; post?: PostInputT }): Promise<{ post: Answered; values: TemplateValues }> {
  const kase = body.caseId !== undefined
    ? await db.client.first({ sql: caseByIdQuery, args: [body.caseId, auth.orgId] })
    : await db.client.first({ sql: caseByPostQuery, args: [auth.orgId, body.post!.platform, body.post!.externalId] });
  if (body.caseId !== undefined && !kase) throw notFound('Case');

  let post = body.post ? fromInput(body.post) : undefined;
  if (!post) {
    const row = await db.client.first({ sql: latestCasePostQuery, args: [String(kase![0])] });
    if (!row) throw notFound('Post of the case');
    post = { text: String(row[0]), platform: row[1] as Platform, handle: String(row[2]), displayName: String(row[3]) };
  }
  const customer = kase
    ? await db.client.first({ sql: 'SELECT name FROM customers WHERE id = ?', args: [String(kase[2])] })
    : await db.client.first({ sql: customerByHandleQuery, args: [auth.orgId, post.platform, post.handle] });
  const agent = await db.client.first({ sql: 'SELECT name FROM agents WHERE id = ?', args: [auth.agentId] });
  const values: TemplateValues = {
    'customer.name': (customer?.[0] as string | undefined) || post.displayName || post.handle,
    'customer.handle': post.platform === 'x' ? `@${post.handle}` : post.displayName || post.handle,
    'agent.name': agent?.[0] as string | undefined,
    'case.number': kase?.[1] as number | undefined,
  };
  return { post, values };
}

async function pastReplies(db: Database, orgId: string, limit = PAST_REPLY_LIMIT): Promise<PastReply[]> {
  const { rows } = await db.client.execute({ sql: pastRepliesQuery, args: [orgId, limit] });
  return rows.flatMap((row) => {
    const [text, answered, templateId] = [row[0], row[1], row[2]];
    if (typeof text !== 'string' || typeof answered !== 'string') return [];
    return [typeof templateId === 'string' ? { text, inReplyTo: answered, templateId } : { text, inReplyTo: answered }];
  });
}

const suggest = createRoute({
  method: 'post', path: '/replies/suggest', tags, security, middleware,
  summary: 'Up to 5 ready-to-send replies for a post, ranked from the organisation\'s templates and its past replies to similar posts',
  description: 'Each is filled for the customer, agent and case, and fits in one post on X (a longer one is cut and flagged `trimmed`). An apology leads when the post reads upset.',
  request: jsonBody(SuggestRepliesBody),
  responses: { 200: json(SuggestRepliesResponse, 'Ranked suggestions'), ...errors(400, 401, 404) },
});

const library = createRoute({
  method: 'get', path: '/replies/library', tags, security, middleware,
  summary: 'The organisation\'s latest replies with the posts they answered: what an offline client ranks suggestions from',
  request: { query: ReplyLibraryQuery },
  responses: { 200: json(ReplyLibrary, 'The latest replies first'), ...errors(400, 401) },
});

export const replyRoutes = router().openapi(library, async (c) => {
  const { limit } = c.req.valid('query');
  return c.json({ replies: await pastReplies(c.get('db'), c.get('auth').orgId, limit) }, 200);
}).openapi(suggest, async (c) => {
  const { db, auth } = c.var;
  const { post, values } = await replyContext(db, auth, c.req.valid('json'));
  const [templateRows, replies] = await Promise.all([
    db.read.select().from(templates).where(eq(templates.orgId, auth.orgId)).orderBy(asc(templates.title)),
    pastReplies(db, auth.orgId),
  ]);
  const label = tone(post.text).label;
  const suggestions = rankReplies({ templates: templateRows, pastReplies: replies, post: { text: post.text, tone: label }, values });
  return c.json({ suggestions, tone: label }, 200);
});
