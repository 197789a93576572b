/**
 * `GET /metrics`: every figure computed in SQL over the stored history (api/db/metricsSql.ts), so
 * any API process answers the same. Days are the team's, in its SLA policy's time zone.
 */
import { eq } from 'drizzle-orm';
import type { Row } from '@libsql/client';
import { ADVOCATE_WINDOW_DAYS, histogramBuckets, reportPeriod, platforms, type MetricsQueryT, type MetricsT } from '../contract.js';
import { negativeFrom, positiveFrom } from '../domain/toneLabel.js';
import { offsetChanges, reportDays, type OffsetChange, type ReportDay } from '../domain/reportPeriod.js';
import type { Database } from '../db/client.js';
import { bucketSql, caseFilterSql, durationsSql, localDateSql, Params, reportCasesSql, slaSql, statsSql, type CaseFilter, type Hours } from '../db/metricsSql.js';
import { orgs } from '../db/schema.js';
import { numberOrNull as num, toWireTime } from '../db/wire.js';
import { notFound } from '../http.js';
import { policyOf } from './cases.js';

const DAY_MS = 86_400_000;
const ADVOCATES_LISTED = 100;

export interface ReportScope {
  filter: CaseFilter;
  hours: Hours;
  timeZone: string;
  days: ReportDay[];
  offsets: OffsetChange[];
  now: number;
}

/** The period, zone and filters of a report query. */
export async function reportScope(db: Database, orgId: string, query: Omit<MetricsQueryT, 'hours'> & { hours?: Hours }, now: Date): Promise<ReportScope> {
  const [org] = await db.read.select().from(orgs).where(eq(orgs.id, orgId)).limit(1);
  if (!org) throw notFound('Organisation');
  const { timeZone } = policyOf(org);
  const { from, to } = reportPeriod(query, now.getTime());
  return {
    filter: { orgId, from, to, platform: query.platform, tag: query.tag, agentId: query.agentId },
    hours: query.hours ?? 'business', timeZone, days: reportDays(from, to, timeZone), offsets: offsetChanges(from, to, timeZone), now: now.getTime(),
  };
}

const count = (value: unknown) => Number(value ?? 0);
const share = (part: number, whole: number) => (whole === 0 ? null : part / whole);
const attainment = (met: number, breached: number) => ({ met, breached, attainment: share(met, met + breached) });

export async function computeMetrics(db: Database, orgId: string, query: MetricsQueryT, now: Date): Promise<MetricsT> {
  const scope = await reportScope(db, orgId, query, now);
  const run = async (build: (params: Params) => string) => {
    const params = new Params();
    const sql = build(params);
    return (await db.client.execute({ sql, args: params.values })).rows;
  };
  const { filter, hours, offsets } = scope;
  const took = durationsSql(hours);
  const sla = (params: Params) => slaSql(params.add(scope.now));
  const day = (column: string) => localDateSql(column, offsets);
  const withCases = (params: Params) => `WITH sel AS (${reportCasesSql(filter, params)})`;

  const stats = await run((p) => `${withCases(p)} ${statsSql(
    `SELECT 'firstResponse' AS grp, ${took.firstResponse} AS value FROM sel c
     UNION ALL SELECT 'resolution', ${took.resolution} FROM sel c
     UNION ALL SELECT 'fullResolution', ${took.fullResolution} FROM sel c`)}`);
  const durations = (grp: string) => {
    const row = stats.find((r) => r[0] === grp);
    return { median: num(row?.[3]), p90: num(row?.[4]), mean: num(row?.[2]), count: count(row?.[1]) };
  };

  const [slaRow] = await run((p) => {
    const s = sla(p);
    return `${withCases(p)} SELECT SUM(${s.firstResponseMet}), SUM(${s.firstResponseBreached}), SUM(${s.resolutionMet}), SUM(${s.resolutionBreached}) FROM sel c`;
  });

  const volumeRows = await run((p) => `${withCases(p)} SELECT ${day('c.created_at')} AS d, c.platform, COUNT(*) FROM sel c WHERE c.platform IS NOT NULL GROUP BY 1, 2`);
  const volume = scope.days.flatMap(({ date }) => platforms.map((platform) => ({
    date, platform, created: count(volumeRows.find((r) => r[0] === date && r[1] === platform)?.[2]),
  })));

  const histogramRows = await run((p) => `${withCases(p)}, fr AS (SELECT ${took.firstResponse} AS s FROM sel c)
    SELECT ${bucketSql('s')}, COUNT(*) FROM fr WHERE s IS NOT NULL GROUP BY 1`);
  const histogram = histogramBuckets.map((bucket) => ({ bucket, count: count(histogramRows.find((r) => r[0] === bucket)?.[1]) }));

  return {
    from: toWireTime(new Date(filter.from)), to: toWireTime(new Date(filter.to)), hours, timeZone: scope.timeZone,
    firstResponse: durations('firstResponse'), resolution: durations('resolution'), fullResolution: durations('fullResolution'),
    sla: { firstResponse: attainment(count(slaRow?.[0]), count(slaRow?.[1])), resolution: attainment(count(slaRow?.[2]), count(slaRow?.[3])) },
    volume,
    backlog: await backlog(scope, run),
    histogram,
    trend: await trend(scope, run),
    tone: await tone(scope, run),
    agents: await agentFigures(scope, run),
    advocates: await advocates(scope, run),
  };
}

type Run = (build: (params: Params) => string) => Promise<Row[]>;

/** Open cases at the end of each day: every case's creation adds one, each status change into or out of open adds or takes one. */
async function backlog(scope: ReportScope, run: Run): Promise<MetricsT['backlog']> {
  const rows = await run((p) => {
    const where = caseFilterSql(scope.filter, p);
    const from = p.add(scope.filter.from);
    const to = p.add(scope.filter.to);
    const open = `('new', 'open', 'pending')`;
    return `WITH deltas AS (
        SELECT c.created_at AS at, 1 AS d FROM cases c WHERE ${where} AND c.created_at < ${to}
        UNION ALL
        SELECT e.created_at, CASE WHEN e.data ->> '$.to' IN ${open} THEN 1 ELSE -1 END
        FROM events e JOIN cases c ON c.id = e.case_id
        WHERE e.org_id = ${p.add(scope.filter.orgId)} AND ${where} AND e.type = 'status' AND e.created_at < ${to}
          AND (e.data ->> '$.from' IN ${open}) <> (e.data ->> '$.to' IN ${open})),
      days(date) AS (SELECT value FROM json_each(${p.add(JSON.stringify(scope.days.map((d) => d.date)))})),
      per_day AS (SELECT ${localDateSql('at', scope.offsets)} AS date, SUM(d) AS n FROM deltas WHERE at >= ${from} GROUP BY 1)
      SELECT days.date, (SELECT COALESCE(SUM(d), 0) FROM deltas WHERE at < ${from}) + SUM(COALESCE(per_day.n, 0)) OVER (ORDER BY days.date)
      FROM days LEFT JOIN per_day ON per_day.date = days.date ORDER BY days.date`;
  });
  return rows.map((r) => ({ date: String(r[0]), open: count(r[1]) }));
}

/** Per day of creation: cases, the medians of first response and first resolution, and SLA attainment. */
async function trend(scope: ReportScope, run: Run): Promise<MetricsT['trend']> {
  const took = durationsSql(scope.hours);
  const day = localDateSql('c.created_at', scope.offsets);
  const medians = await run((p) => `WITH sel AS (${reportCasesSql(scope.filter, p)}) ${statsSql(
    `SELECT ${day} || ' fr' AS grp, ${took.firstResponse} AS value FROM sel c UNION ALL SELECT ${day} || ' res', ${took.resolution} FROM sel c`)}`);
  const outcomes = await run((p) => {
    const s = slaSql(p.add(scope.now));
    return `WITH sel AS (${reportCasesSql(scope.filter, p)})
      SELECT ${day}, COUNT(*), SUM(${s.firstResponseMet}), SUM(${s.firstResponseBreached}), SUM(${s.resolutionMet}), SUM(${s.resolutionBreached}) FROM sel c GROUP BY 1`;
  });
  const median = (grp: string) => num(medians.find((r) => r[0] === grp)?.[3]);
  return scope.days.map(({ date }) => {
    const row = outcomes.find((r) => r[0] === date);
    return {
      date, created: count(row?.[1]), firstResponseMedian: median(`${date} fr`), resolutionMedian: median(`${date} res`),
      firstResponseAttainment: share(count(row?.[2]), count(row?.[2]) + count(row?.[3])),
      resolutionAttainment: share(count(row?.[4]), count(row?.[4]) + count(row?.[5])),
    };
  });
}

/** Customers' posts in the period's cases, posted in the period, by tone band and day. */
async function tone(scope: ReportScope, run: Run): Promise<MetricsT['tone']> {
  const rows = await run((p) => {
    const negative = p.add(negativeFrom);
    const positive = p.add(positiveFrom);
    return `WITH sel AS (${reportCasesSql(scope.filter, p)}),
      posted AS (SELECT DISTINCT p.id, p.tone, COALESCE(p.posted_at, p.created_at) AS at
                 FROM sel c JOIN case_posts cp ON cp.case_id = c.id JOIN posts p ON p.id = cp.post_id WHERE p.tone IS NOT NULL)
      SELECT ${localDateSql('at', scope.offsets)}, SUM(tone <= ${negative}), SUM(tone > ${negative} AND tone < ${positive}), SUM(tone >= ${positive}), AVG(tone)
      FROM posted WHERE at >= ${p.add(scope.filter.from)} AND at < ${p.add(scope.filter.to)} GROUP BY 1`;
  });
  const byDay = scope.days.map(({ date }) => {
    const row = rows.find((r) => r[0] === date);
    return { date, negative: count(row?.[1]), neutral: count(row?.[2]), positive: count(row?.[3]), mean: num(row?.[4]) };
  });
  const total = (band: 'negative' | 'neutral' | 'positive') => byDay.reduce((sum, d) => sum + d[band], 0);
  return { negative: total('negative'), neutral: total('neutral'), positive: total('positive'), byDay };
}

/**
 * Per agent: the cases they are assigned to or replied on, their replies there, and the first
 * response figures of the cases they own — whose first reply was theirs, or unanswered, theirs.
 */
async function agentFigures(scope: ReportScope, run: Run): Promise<MetricsT['agents']> {
  const took = durationsSql(scope.hours);
  const rows = await run((p) => {
    const s = slaSql(p.add(scope.now));
    return `WITH sel AS (${reportCasesSql(scope.filter, p)}),
      replies AS (SELECT e.case_id, e.actor_id AS agent FROM sel c JOIN events e ON e.case_id = c.id WHERE e.type = 'reply' AND e.actor_id IS NOT NULL),
      handled AS (SELECT c.id AS case_id, c.assignee_id AS agent FROM sel c WHERE c.assignee_id IS NOT NULL UNION SELECT case_id, agent FROM replies),
      owned AS (SELECT COALESCE(c.first_response_by, c.assignee_id) AS agent, SUM(${s.firstResponseMet}) AS met, SUM(${s.firstResponseBreached}) AS breached FROM sel c GROUP BY 1),
      medians AS (${statsSql(`SELECT c.first_response_by AS grp, ${took.firstResponse} AS value FROM sel c WHERE c.first_response_by IS NOT NULL`)}),
      figures AS (SELECT a.id, a.name,
          (SELECT COUNT(*) FROM handled h WHERE h.agent = a.id) AS cases,
          (SELECT COUNT(*) FROM replies r WHERE r.agent = a.id) AS replies,
          m.median, o.met, o.breached
        FROM agents a LEFT JOIN owned o ON o.agent = a.id LEFT JOIN medians m ON m.grp = a.id
        WHERE a.org_id = ${p.add(scope.filter.orgId)})
      SELECT * FROM figures WHERE cases > 0 OR replies > 0 OR met > 0 OR breached > 0 ORDER BY cases DESC, replies DESC, name`;
  });
  return rows.map((r) => ({
    agentId: String(r[0]), name: String(r[1]), cases: count(r[2]), replies: count(r[3]),
    firstResponseMedian: num(r[4]), slaAttainment: share(count(r[5]), count(r[5]) + count(r[6])),
  }));
}

/**
 * Complainants turned advocates: customers of the period's resolved cases whose posts in the
 * window before the case read negative on average (upset), and of them those whose posts in the
 * window after its first resolve read positive. One row per customer: their case that turned, if any.
 */
async function advocates(scope: ReportScope, run: Run): Promise<MetricsT['advocates']> {
  const people = (p: Params) => {
    const window = p.add(ADVOCATE_WINDOW_DAYS * DAY_MS);
    const at = 'COALESCE(p.posted_at, p.created_at)';
    const mean = (when: string) => `(SELECT AVG(p.tone) FROM posts p WHERE p.customer_id = c.customer_id AND p.tone IS NOT NULL AND ${when})`;
    return `WITH sel AS (${reportCasesSql(scope.filter, p)}),
      resolved AS (SELECT c.id, c.number, c.customer_id, c.first_resolved_at,
          ${mean(`${at} >= c.created_at - ${window} AND ${at} <= c.created_at`)} AS before,
          ${mean(`${at} > c.first_resolved_at AND ${at} <= c.first_resolved_at + ${window}`)} AS after
        FROM sel c WHERE c.first_resolved_at IS NOT NULL),
      upset AS (SELECT *, COALESCE(after >= ${p.add(positiveFrom)}, 0) AS turned FROM resolved WHERE before <= ${p.add(negativeFrom)}),
      ranked AS (SELECT *, ROW_NUMBER() OVER (PARTITION BY customer_id ORDER BY turned DESC, first_resolved_at DESC) AS rn FROM upset),
      people AS (SELECT r.*, cu.name, (SELECT COALESCE(SUM(i.followers), 0) FROM identities i WHERE i.customer_id = r.customer_id) AS followers
        FROM ranked r JOIN customers cu ON cu.id = r.customer_id WHERE rn = 1)`;
  };
  // The totals ride on every row (windows see every row before the limit); the turned come first.
  const rows = await run((p) => `${people(p)}
    SELECT customer_id, name, followers, id, number, first_resolved_at, before, after, turned,
      COUNT(*) OVER (), SUM(turned) OVER (), SUM(followers) OVER (), SUM(turned * followers) OVER ()
    FROM people ORDER BY turned DESC, followers DESC, first_resolved_at DESC LIMIT ${ADVOCATES_LISTED}`);
  const first = rows[0];
  const totals = first && [first[9], first[10], first[11], first[12]];
  const listed = rows.filter((r) => Number(r[8]) === 1);
  const upset = count(totals?.[0]);
  const turned = count(totals?.[1]);
  return {
    windowDays: ADVOCATE_WINDOW_DAYS, upset, count: turned, share: share(turned, upset),
    reachWeightedShare: share(count(totals?.[3]), count(totals?.[2])),
    customers: listed.map((r) => ({
      customerId: String(r[0]), name: String(r[1]), followers: count(r[2]), caseId: String(r[3]), caseNumber: count(r[4]),
      resolvedAt: toWireTime(new Date(Number(r[5]))), before: Number(r[6]), after: Number(r[7]),
    })),
  };
}
