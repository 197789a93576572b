/** Reports: /metrics (the figures), /metrics/cases (the cases behind one), and the per-case CSV exports. */
import { z } from 'zod';
import { Metrics, MetricsCases, MetricsCasesQuery, MetricsQuery } from '../contract.js';
import { requireAuth } from '../auth/middleware.js';
import { caseCsvHeader, caseCsvPages, metricsCases } from '../ops/reportCases.js';
import { computeMetrics } from '../ops/metrics.js';
import { csvResponse } from '../csv.js';
import { createRoute, errors, json, router } from '../http.js';

const security = [{ bearer: [] }];
const middleware = [requireAuth];
const tags = ['Reports'];

const metrics = createRoute({
  method: 'get', path: '/metrics', tags, security, middleware,
  summary: 'How fast and how well the team answered, for the cases created in a period',
  description: 'First-response and resolution times (median, p90, mean; in business or calendar time), SLA attainment, volume and backlog per day, '
    + "a first-response histogram, the tone of customers' posts, figures per agent, and complainants turned advocates. "
    + "Days are counted in the SLA policy's time zone. Computed from the stored history, so every API process answers the same.",
  request: { query: MetricsQuery },
  responses: { 200: json(Metrics, 'The figures'), ...errors(400, 401) },
});

const behind = createRoute({
  method: 'get', path: '/metrics/cases', tags, security, middleware,
  summary: 'The cases behind a figure: a day, a histogram bucket, an SLA outcome, or the backlog of a day; newest first',
  request: { query: MetricsCasesQuery },
  responses: { 200: json(MetricsCases, 'A page of cases'), ...errors(400, 401) },
});

const csv = { 'text/csv': { schema: z.string().meta({ description: `RFC 4180, a header row first: ${caseCsvHeader.join(', ')}` }) } };
const csvRoute = (path: '/cases.csv' | '/metrics.csv') => createRoute({
  method: 'get', path, tags, security, middleware,
  summary: 'One row per case of the report, with its times, SLA outcomes, tone, tags and assignee (streamed)',
  description: "The same filters as `GET /metrics`. Durations are in seconds of the `hours` asked for. A cell that starts with `=`, `+`, `-` or `@` gets a leading `'`, so a customer's words never run as a spreadsheet formula.",
  request: { query: MetricsQuery },
  responses: { 200: { description: 'The cases as CSV', content: csv }, ...errors(400, 401) },
});

const stamp = () => new Date().toISOString().slice(0, 10);

export const metricsRoutes = router()
  .openapi(metrics, async (c) => c.json(await computeMetrics(c.get('db'), c.get('auth').orgId, c.req.valid('query'), new Date()), 200))
  .openapi(behind, async (c) => c.json(await metricsCases(c.get('db'), c.get('auth').orgId, c.req.valid('query'), new Date()), 200))
  // The CSV is not a JSON response: its typed route only documents it.
  .openapi(csvRoute('/cases.csv'), (c) => csvResponse(`parley-cases-${stamp()}.csv`, caseCsvHeader, caseCsvPages(c.get('db'), c.get('auth').orgId, c.req.valid('query'), new Date())) as never)
  .openapi(csvRoute('/metrics.csv'), (c) => csvResponse(`parley-metrics-${stamp()}.csv`, caseCsvHeader, caseCsvPages(c.get('db'), c.get('auth').orgId, c.req.valid('query'), new Date())) as never);
