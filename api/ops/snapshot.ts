/**
 * The working set a fresh extension install loads in one request (`GET /sync/snapshot`): open
 * cases, their posts, their customers' views, templates, agents, and the change-log cursor they
 * are as of. SQLite builds the whole answer as JSON text (api/db/json.ts).
 */
import { agentJson, caseJson, templateJson } from '../db/json.js';
import type { Queryable } from '../db/client.js';

/** A desk with more open cases than this works from the newest ones; pull and search bring the rest. */
export const SNAPSHOT_MAX_CASES = 2000;

const open = `status IN ('new', 'open', 'pending')`;

// ?1 org, ?2 how many cases at most
const snapshotSql = `
WITH picked AS MATERIALIZED (
  SELECT * FROM cases WHERE org_id = ?1 AND ${open} ORDER BY updated_at DESC, number DESC LIMIT ?2
)
SELECT json_object(
  'cases', (SELECT json_group_array(json(j)) FROM (
    SELECT ${caseJson('c')} AS j FROM picked c ORDER BY c.updated_at DESC, c.number DESC)),
  'links', (SELECT json_group_array(json(j)) FROM (
    SELECT json_object('platform', p.platform, 'externalId', p.external_id, 'caseId', cp.case_id) AS j
    FROM picked c JOIN case_posts cp ON cp.case_id = c.id JOIN posts p ON p.id = cp.post_id
    ORDER BY c.updated_at DESC, c.number DESC, cp.added_at, cp.post_id)),
  'customers', (SELECT json_group_array(json(v.json)) FROM customer_views v
    WHERE v.org_id = ?1 AND v.customer_id IN (SELECT customer_id FROM picked)),
  'templates', (SELECT json_group_array(json(j)) FROM (
    SELECT ${templateJson('t')} AS j FROM templates t WHERE t.org_id = ?1 ORDER BY t.title)),
  'agents', (SELECT json_group_array(json(j)) FROM (
    SELECT ${agentJson('a')} AS j FROM agents a WHERE a.org_id = ?1 ORDER BY a.created_at)),
  'cursor', (SELECT CAST(COALESCE(MAX(seq), 0) AS TEXT) FROM changes WHERE org_id = ?1),
  'truncated', json(CASE WHEN (SELECT count(*) FROM (SELECT 1 FROM cases WHERE org_id = ?1 AND ${open} LIMIT ?2 + 1)) > ?2
    THEN 'true' ELSE 'false' END))`;

/**
 * `SyncSnapshot` as JSON text, ready to send. One statement is one read snapshot: the cursor and
 * every row are of the same moment, so pulling from the cursor misses nothing and repeats nothing.
 */
export async function snapshotJson(client: Queryable, orgId: string, maxCases = SNAPSHOT_MAX_CASES): Promise<string> {
  const row = await client.first({ sql: snapshotSql, args: [orgId, maxCases] });
  return String(row![0]);
}
