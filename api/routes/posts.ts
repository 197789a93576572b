import { PostCases, PostCasesQuery } from '../contract.js';
import { requireAuth } from '../auth/middleware.js';
import { feedbackOfPosts } from '../ops/feedback.js';
import { casesOfPosts, repliesOfPosts } from '../ops/queries.js';
import { createRoute, errors, json, router } from '../http.js';

const casesOf = createRoute({
  method: 'get', path: '/posts/cases', tags: ['Cases'], security: [{ bearer: [] }], middleware: [requireAuth],
  summary: 'The case each of these posts belongs to (an open one first), which of them were recorded as the team\'s reply on a case, and the feedback tag of each tagged one',
  request: { query: PostCasesQuery },
  responses: { 200: json(PostCases, 'One link per post that is in a case'), ...errors(400, 401) },
});

export const postRoutes = router().openapi(casesOf, async (c) => {
  const { platform, externalIds } = c.req.valid('query');
  const { db, auth } = c.var;
  const [links, replies, feedback] = await Promise.all([
    casesOfPosts(db.read, auth.orgId, platform, externalIds),
    repliesOfPosts(db.read, auth.orgId, externalIds),
    feedbackOfPosts(db.read, auth.orgId, platform, externalIds),
  ]);
  return c.json({ links, replies, feedback }, 200);
});
