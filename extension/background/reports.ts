/** The side panel's Reports and Feedback views: figures, the cases behind them and CSV files, from the API with the agent's token. */
import type { z } from 'zod';
import { FeedbackThemes, Metrics, MetricsCases, type MetricsCasesQueryT, type MetricsQueryT } from '../../api/contract.js';
import type { CsvExport } from '../protocol/reports.js';
import type { Responses } from '../protocol.js';
import { queryString } from './api.js';
import { callSignedIn, fetchSignedIn } from './session.js';

type FeedbackQuery = { from?: string | undefined; to?: string | undefined; kind?: string | undefined };

export const metrics = (query: MetricsQueryT) => callSignedIn('GET', `/metrics?${queryString(query)}`, Metrics);

export const metricsCases = (query: MetricsCasesQueryT): Promise<Responses['reports.cases']> =>
  callSignedIn('GET', `/metrics/cases?${queryString(query)}`, MetricsCases);

export const feedbackThemes = (query: FeedbackQuery) => callSignedIn('GET', `/feedback?${queryString(query)}`, FeedbackThemes);

const csvPaths = { cases: '/cases.csv', metrics: '/metrics.csv', feedback: '/feedback.csv' } as const;

export async function exportCsv(file: z.infer<typeof CsvExport>): Promise<Responses['reports.export']> {
  return { csv: await fetchSignedIn(`${csvPaths[file.what]}?${queryString(file.query)}`) };
}
