/**
 * The SQL of reports: which cases a report holds, how long each took, whether its SLA held, and
 * medians and percentiles over them. The definitions live here once; api/ops/metrics.ts and the
 * exports put them together.
 */
import type { InValue } from '@libsql/client';
import type { OffsetChange } from '../domain/reportPeriod.js';

/** Numbered parameters (`?1`…), which a statement may use more than once. */
export class Params {
  readonly values: InValue[] = [];
  add(value: InValue): string {
    this.values.push(value);
    return `?${this.values.length}`;
  }
}

const integer = (value: number) => {
  if (!Number.isSafeInteger(value)) throw new RangeError(`not an integer: ${value}`);
  return String(value);
};

/** The local date (`YYYY-MM-DD`) of an epoch-ms column, the zone's offsets written into the statement. */
export function localDateSql(column: string, offsets: readonly OffsetChange[]): string {
  const last = offsets.at(-1)!;
  const offset = offsets.length === 1 ? integer(last.offsetMs)
    : `CASE ${offsets.slice(1).map((change, i) => `WHEN ${column} < ${integer(change.at)} THEN ${integer(offsets[i]!.offsetMs)}`).join(' ')} ELSE ${integer(last.offsetMs)} END`;
  return `date((${column} + ${offset}) / 1000, 'unixepoch')`;
}

export interface CaseFilter {
  orgId: string;
  from: number;
  to: number;
  platform?: string | undefined;
  tag?: string | undefined;
  agentId?: string | undefined;
}

/** The conditions on cases `c` that the filters other than the period set. */
export function caseFilterSql(filter: CaseFilter, params: Params): string {
  const where = [`c.org_id = ${params.add(filter.orgId)}`];
  if (filter.platform) where.push(`c.platform = ${params.add(filter.platform)}`);
  if (filter.tag) where.push(`EXISTS (SELECT 1 FROM json_each(c.tags) WHERE json_each.value = ${params.add(filter.tag)})`);
  if (filter.agentId) {
    const agent = params.add(filter.agentId);
    where.push(`(c.assignee_id = ${agent} OR EXISTS (SELECT 1 FROM events e WHERE e.case_id = c.id AND e.type = 'reply' AND e.actor_id = ${agent}))`);
  }
  return where.join(' AND ');
}

/** What the figures read of a case: a report over a year of cases carries no more of each than it needs. */
const reportColumns = ['id', 'number', 'customer_id', 'assignee_id', 'status', 'platform', 'created_at', 'resolved_at', 'resolution_due_at',
  'first_response_at', 'first_response_due_at', 'first_response_by', 'first_response_business_seconds',
  'first_resolved_at', 'first_resolution_met', 'first_resolution_business_seconds', 'full_resolution_business_seconds'].map((name) => `c.${name}`).join(', ');

/** The cases a report holds: those created in its period that match its filters (`all`: every column, for exports). */
export function reportCasesSql(filter: CaseFilter, params: Params, columns: 'report' | 'all' = 'report'): string {
  return `SELECT ${columns === 'all' ? 'c.*' : reportColumns} FROM cases c
    WHERE ${caseFilterSql(filter, params)} AND c.created_at >= ${params.add(filter.from)} AND c.created_at < ${params.add(filter.to)}`;
}

export type Hours = 'business' | 'calendar';

/**
 * Seconds from creation to the first response, the first resolve and the last (while resolved).
 * Business durations were kept as they happened; a case from before they were kept has its calendar ones.
 */
export function durationsSql(hours: Hours, c = 'c') {
  const calendar = (at: string) => `(${c}.${at} - ${c}.created_at) / 1000.0`;
  const pick = (business: string, at: string) => (hours === 'business' ? `COALESCE(${c}.${business}, ${calendar(at)})` : calendar(at));
  return {
    firstResponse: `CASE WHEN ${c}.first_response_at IS NOT NULL THEN ${pick('first_response_business_seconds', 'first_response_at')} END`,
    resolution: `CASE WHEN ${c}.first_resolved_at IS NOT NULL THEN ${pick('first_resolution_business_seconds', 'first_resolved_at')} END`,
    fullResolution: `CASE WHEN ${c}.status IN ('resolved', 'closed') AND ${c}.resolved_at IS NOT NULL THEN ${pick('full_resolution_business_seconds', 'resolved_at')} END`,
  };
}

/**
 * SLA outcomes, each 1 or 0, as of `now`. First response: a reply by its due time is met, after
 * it breached; without one, breached once the due time passed while the case waited (a case
 * resolved unanswered before its due time needed no answer: neither). Resolution: the first resolve
 * within its clock is met, outside it breached; unresolved, breached once its due time passed.
 */
export function slaSql(now: string, c = 'c') {
  const due = `${c}.first_response_due_at`;
  const unansweredUntil = `CASE WHEN ${c}.status IN ('resolved', 'closed') THEN ${c}.resolved_at ELSE ${now} END`;
  return {
    firstResponseMet: `(${c}.first_response_at IS NOT NULL AND ${due} IS NOT NULL AND ${c}.first_response_at <= ${due})`,
    firstResponseBreached: `(${due} IS NOT NULL AND CASE WHEN ${c}.first_response_at IS NOT NULL THEN ${c}.first_response_at > ${due} ELSE ${unansweredUntil} > ${due} END)`,
    resolutionMet: `(${c}.first_resolution_met IS 1)`,
    resolutionBreached: `(${c}.first_resolution_met IS 0 OR (${c}.first_resolved_at IS NULL AND ${c}.resolution_due_at IS NOT NULL AND ${c}.resolution_due_at <= ${now}))`,
  };
}

/** The first-response histogram's buckets, by their upper bound in seconds. */
export const bucketBounds = [['under_1h', 3600], ['1h_4h', 4 * 3600], ['4h_8h', 8 * 3600], ['8h_24h', 24 * 3600], ['over_24h', Infinity]] as const;

export function bucketSql(seconds: string): string {
  const bounded = bucketBounds.filter(([, upper]) => upper !== Infinity);
  return `CASE ${bounded.map(([name, upper]) => `WHEN ${seconds} < ${upper} THEN '${name}'`).join(' ')} ELSE 'over_24h' END`;
}

/**
 * Count, mean, median and p90 of `value` per `grp` over `source` (a query with both columns):
 * the median of an even count is the mean of the two middle values; p90 is the value at rank
 * ⌈0.9·n⌉ (nearest rank). Rows without a value are left out.
 */
export function statsSql(source: string): string {
  return `SELECT grp, COUNT(*) AS n, AVG(value) AS mean,
      AVG(CASE WHEN rn IN ((cnt + 1) / 2, (cnt + 2) / 2) THEN value END) AS median,
      MAX(CASE WHEN rn = (9 * cnt + 9) / 10 THEN value END) AS p90
    FROM (SELECT grp, value, ROW_NUMBER() OVER (PARTITION BY grp ORDER BY value) AS rn, COUNT(*) OVER (PARTITION BY grp) AS cnt
          FROM (${source}) WHERE value IS NOT NULL)
    GROUP BY grp`;
}
