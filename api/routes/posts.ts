import { PostCases, PostCasesQuery } from '../contract.js';
import { requireAuth } from '../auth/middleware.js';
import { casesOfPosts } from '../ops/queries.js';
import { createRoute, errors, json, router } from '../http.js';

const casesOf = createRoute({
  method: 'get', path: '/posts/cases', tags: ['Cases'], security: [{ bearer: [] }], middleware: [requireAuth],
  summary: 'The case each of these posts belongs to (an open one first), for posts that are in a case',
  request: { query: PostCasesQuery },
  responses: { 200: json(PostCases, 'One link per post that is in a case'), ...errors(400, 401) },
});

export const postRoutes = router().openapi(casesOf, async (c) => {
  const { platform, externalIds } = c.req.valid('query');
  return c.json({ links: await casesOfPosts(c.var.db.read, c.var.auth.orgId, platform, externalIds) }, 200);
});
