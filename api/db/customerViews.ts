/**
 * Rebuilds the stale customer views (see customerViews in schema.ts) inside the write
 * transaction, once per customer per write group, just before it commits.
 */
import type { InStatement } from '@libsql/client';
import { caseJson, customerJson, identityJson, postJson } from './json.js';

const RECENT_POSTS = 20;
const EXCERPT_CHARS = 280;

/** What a case is about, for a customer's history: its first highlighted excerpt, or that post's text. */
const caseExcerpt = (k: string) => `SELECT substr(COALESCE(cp.excerpt, p.text), 1, ${EXCERPT_CHARS})
  FROM case_posts cp JOIN posts p ON p.id = cp.post_id WHERE cp.case_id = ${k}.id ORDER BY cp.added_at, cp.post_id LIMIT 1`;
const CUSTOMER_CASES = 100;

/** `{customer, identities, cases, recentPosts}` of the customer row `t`. */
const viewOf = (t: string) => `json_object(
  'customer', json(${customerJson(t)}),
  'identities', (SELECT json_group_array(json(j)) FROM (
    SELECT ${identityJson('i')} AS j FROM identities i WHERE i.customer_id = ${t}.id ORDER BY i.created_at, i.id)),
  'cases', (SELECT json_group_array(json(j)) FROM (
    SELECT json_set(${caseJson('k')}, '$.excerpt', (${caseExcerpt('k')})) AS j FROM cases k WHERE k.customer_id = ${t}.id
    ORDER BY CASE WHEN k.status IN ('new', 'open', 'pending') THEN 0 ELSE 1 END, k.number DESC
    LIMIT ${CUSTOMER_CASES})),
  'recentPosts', (SELECT json_group_array(json(j)) FROM (
    SELECT ${postJson('p', 'a')} AS j FROM posts p JOIN identities a ON a.id = p.identity_id
    WHERE p.customer_id = ${t}.id ORDER BY p.created_at DESC, p.id DESC LIMIT ${RECENT_POSTS})))`;

export const refreshStaleViews: InStatement[] = [
  // A customer merged away is stale too. Its view goes here, not only by the foreign key's ON DELETE
  // CASCADE: foreign keys are a setting of each connection, and on a libSQL server the server's
  // connections decide it (the Hrana test server leaves it off), not the API.
  `DELETE FROM customer_views WHERE customer_id IN (SELECT customer_id FROM customer_views_stale)
   AND NOT EXISTS (SELECT 1 FROM customers c WHERE c.id = customer_views.customer_id)`,
  `INSERT OR REPLACE INTO customer_views (customer_id, org_id, json)
   SELECT t.id, t.org_id, ${viewOf('t')} FROM customers t
   WHERE t.id IN (SELECT customer_id FROM customer_views_stale)`,
  'DELETE FROM customer_views_stale',
];
