/**
 * The cases behind a report's figures: a page of them for a chart's bar or point
 * (`GET /metrics/cases`), or all of them as CSV rows (`GET /cases.csv`, `GET /metrics.csv`).
 */
import { desc, inArray } from 'drizzle-orm';
import type { CaseT, MetricsCasesQueryT, MetricsQueryT } from '../contract.js';
import type { CsvCell } from '../csv.js';
import { toneLabel } from '../domain/toneLabel.js';
import { dayBounds } from '../domain/reportPeriod.js';
import type { Database } from '../db/client.js';
import { bucketSql, caseFilterSql, durationsSql, localDateSql, Params, reportCasesSql, slaSql } from '../db/metricsSql.js';
import { cases } from '../db/schema.js';
import { timeOrNull as time, toCase } from '../db/wire.js';
import { reportScope } from './metrics.js';

const OPEN = `('new', 'open', 'pending')`;

export async function metricsCases(db: Database, orgId: string, query: MetricsCasesQueryT, now: Date): Promise<{ cases: CaseT[]; nextCursor: string | null }> {
  const scope = await reportScope(db, orgId, query, now);
  const params = new Params();
  let sql: string;
  if (query.openOn) {
    // The backlog of a day: created before its end, and open by the last status change before it.
    const end = params.add(dayBounds(query.openOn, scope.timeZone).end);
    sql = `SELECT c.id, c.number FROM cases c WHERE ${caseFilterSql(scope.filter, params)} AND c.created_at < ${end}
      AND COALESCE((SELECT e.data ->> '$.to' FROM events e WHERE e.case_id = c.id AND e.type = 'status' AND e.created_at < ${end}
                    ORDER BY e.created_at DESC, e.id DESC LIMIT 1), 'new') IN ${OPEN}`;
  } else {
    const where: string[] = [];
    const took = durationsSql(scope.hours);
    if (query.date) where.push(`${localDateSql('c.created_at', scope.offsets)} = ${params.add(query.date)}`);
    if (query.bucket) where.push(`${took.firstResponse} IS NOT NULL AND ${bucketSql(took.firstResponse)} = ${params.add(query.bucket)}`);
    if (query.outcome) {
      const sla = slaSql(params.add(scope.now));
      where.push({
        first_response_met: sla.firstResponseMet, first_response_breached: sla.firstResponseBreached,
        resolution_met: sla.resolutionMet, resolution_breached: sla.resolutionBreached,
      }[query.outcome]);
    }
    sql = `SELECT c.id, c.number FROM (${reportCasesSql(scope.filter, params)}) c WHERE ${where.length ? where.join(' AND ') : '1'}`;
  }
  if (query.cursor) sql += ` AND c.number < ${params.add(Number(query.cursor))}`;
  sql += ` ORDER BY c.number DESC LIMIT ${params.add(query.limit + 1)}`;
  const found = (await db.client.execute({ sql, args: params.values })).rows;
  const page = found.slice(0, query.limit).map((r) => String(r[0]));
  const rows = page.length ? await db.read.select().from(cases).where(inArray(cases.id, page)).orderBy(desc(cases.number)) : [];
  return { cases: rows.map(toCase), nextCursor: found.length > query.limit ? String(found[query.limit - 1]![1]) : null };
}

export const caseCsvHeader = [
  'number', 'createdAt', 'platform', 'status', 'priority', 'assignee', 'customer', 'subject', 'tags',
  'firstResponseAt', 'firstResponseDueAt', 'firstResponseSeconds', 'firstResponseSla',
  'firstResolvedAt', 'resolvedAt', 'resolutionSeconds', 'fullResolutionSeconds', 'resolutionSla',
  'tone', 'toneLabel', 'hours',
] as const;

const PAGE = 500;
const seconds = (value: unknown) => (value === null || value === undefined ? null : Math.round(Number(value)));
const outcome = (met: unknown, breached: unknown) => (Number(met) ? 'met' : Number(breached) ? 'breached' : null);

/** Every case of a report as CSV rows, a page at a time in case-number order (keyset: nothing is read twice or skipped). */
export async function* caseCsvPages(db: Database, orgId: string, query: MetricsQueryT, now: Date): AsyncGenerator<CsvCell[][]> {
  const scope = await reportScope(db, orgId, query, now);
  let after = 0;
  for (;;) {
    const params = new Params();
    const took = durationsSql(scope.hours);
    const sla = slaSql(params.add(scope.now));
    const sql = `SELECT c.number, c.created_at, c.platform, c.status, c.priority, a.name, cu.name, c.subject, c.tags,
        c.first_response_at, c.first_response_due_at, ${took.firstResponse}, ${sla.firstResponseMet}, ${sla.firstResponseBreached},
        c.first_resolved_at, c.resolved_at, ${took.resolution}, ${took.fullResolution}, ${sla.resolutionMet}, ${sla.resolutionBreached},
        (SELECT p.tone FROM case_posts cp JOIN posts p ON p.id = cp.post_id WHERE cp.case_id = c.id ORDER BY cp.added_at, cp.post_id LIMIT 1)
      FROM (${reportCasesSql(scope.filter, params, 'all')}) c
      LEFT JOIN agents a ON a.id = c.assignee_id
      JOIN customers cu ON cu.id = c.customer_id
      WHERE c.number > ${params.add(after)} ORDER BY c.number LIMIT ${PAGE}`;
    const rows = (await db.client.execute({ sql, args: params.values })).rows;
    if (rows.length === 0) return;
    yield rows.map((r): CsvCell[] => {
      const tone = r[20] === null || r[20] === undefined ? null : Number(r[20]);
      return [
        Number(r[0]), time(r[1]), r[2] as string | null, String(r[3]), String(r[4]), r[5] as string | null, String(r[6]), String(r[7]),
        (JSON.parse(String(r[8])) as string[]).join('; '),
        time(r[9]), time(r[10]), seconds(r[11]), outcome(r[12], r[13]),
        time(r[14]), time(r[15]), seconds(r[16]), seconds(r[17]), outcome(r[18], r[19]),
        tone, tone === null ? null : toneLabel(tone), scope.hours,
      ];
    });
    after = Number(rows.at(-1)![0]);
    if (rows.length < PAGE) return;
  }
}
