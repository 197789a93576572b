/** /feedback: the voice of the customer — posts agents tagged, grouped into themes, and as CSV. */
import { z } from 'zod';
import { EXAMPLES_PER_THEME, feedbackCsvHeader, feedbackCsvName, feedbackCsvPages, feedbackThemes } from '../ops/feedbackReports.js';
import { DEFAULT_REPORT_DAYS, FeedbackBody, FeedbackQuery, FeedbackResponse, FeedbackThemes, IdParam, MAX_REPORT_DAYS, feedbackKinds } from '../contract.js';
import { requireAuth } from '../auth/middleware.js';
import { csvResponse } from '../csv.js';
import { createRoute, errors, json, jsonBody, router } from '../http.js';
import { tagPost, untagPost } from '../ops/feedback.js';

const security = [{ bearer: [] }];
const middleware = [requireAuth];
const tags = ['Feedback'];
const periodNote = `A tagged post counts at its own time (else when it was first tagged); the period is [from, to), ${DEFAULT_REPORT_DAYS} days up to now by default, ${MAX_REPORT_DAYS} at most.`;

const tag = createRoute({
  method: 'post', path: '/feedback', tags, security, middleware,
  summary: `Tag a post as ${feedbackKinds.join(', ')}, with an optional theme (finds or creates the identity, customer and post)`,
  description: 'One tag per post: tagging it again replaces its kind and theme (a theme left out is none). The post need not be in a case.',
  request: jsonBody(FeedbackBody),
  responses: { 201: json(FeedbackResponse, 'Tagged'), 200: json(FeedbackResponse, 'The post\'s tag, changed or as it was'), ...errors(400, 401) },
});

const untag = createRoute({
  method: 'delete', path: '/feedback/{id}', tags, security, middleware, summary: 'Remove a post\'s tag (the post stays)',
  request: { params: IdParam },
  responses: { 204: { description: 'Removed' }, ...errors(400, 401, 404) },
});

const themes = createRoute({
  method: 'get', path: '/feedback', tags, security, middleware,
  summary: 'Tagged posts of a period grouped into themes: how many, their reach, a few examples',
  description: `${periodNote} A theme is a kind and a theme compared ignoring case ('' for none), shown in its most used spelling. \`reach\` adds the followers of its distinct authors (unknown counts 0). Up to ${EXAMPLES_PER_THEME} examples: each author's newest post, the most followed author first, then their earlier posts. Themes with the most posts come first, then the most reach.`,
  request: { query: FeedbackQuery },
  responses: { 200: json(FeedbackThemes, 'The themes'), ...errors(400, 401) },
});

const csv = createRoute({
  method: 'get', path: '/feedback.csv', tags, security, middleware,
  summary: 'Every tagged post of a period as CSV (RFC 4180), oldest first',
  description: `${periodNote} Columns: ${feedbackCsvHeader.join(', ')}; taggedAt and taggedBy are of the post's current tag. A cell that a spreadsheet would read as a formula starts with '.`,
  request: { query: FeedbackQuery },
  responses: {
    200: { description: 'The CSV file, streamed', content: { 'text/csv': { schema: z.string() } } },
    ...errors(400, 401),
  },
});

export const feedbackRoutes = router()
  .openapi(tag, async (c) => {
    const { db, auth } = c.var;
    const { created, ...body } = await tagPost(db, auth, c.req.valid('json'), new Date());
    return created ? c.json(body, 201) : c.json(body, 200);
  })
  .openapi(untag, async (c) => {
    await untagPost(c.get('db'), c.get('auth'), c.req.valid('param').id, new Date());
    return c.body(null, 204);
  })
  .openapi(themes, async (c) => c.json(await feedbackThemes(c.get('db'), c.get('auth').orgId, c.req.valid('query'), new Date()), 200))
  .openapi(csv, (c) => {
    const query = c.req.valid('query');
    const now = new Date();
    // The file is streamed, not JSON: its typed route only documents it.
    return csvResponse(feedbackCsvName(query, now), feedbackCsvHeader, feedbackCsvPages(c.get('db'), c.get('auth').orgId, query, now)) as never;
  });
