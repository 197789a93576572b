/** The side panel's report messages, one handler each: the background's message switch hands them all here. */
import type { ExtensionPageRequestT, Responses } from '../protocol.js';
import { exportCsv, feedbackThemes, metrics, metricsCases } from './reports.js';

type ReportsType = Extract<ExtensionPageRequestT['type'], `reports.${string}`>;
type Message<K extends ReportsType> = Extract<ExtensionPageRequestT, { type: K }>;
export type ReportsMessage = Message<ReportsType>;

const handlers: { [K in ReportsType]: (message: Message<K>) => Promise<Responses[K]> } = {
  'reports.metrics': ({ query }) => metrics(query),
  'reports.cases': ({ query }) => metricsCases(query),
  'reports.feedback': ({ query }) => feedbackThemes(query),
  'reports.export': ({ file }) => exportCsv(file),
};

export const isReportsMessage = (message: ExtensionPageRequestT): message is ReportsMessage => Object.hasOwn(handlers, message.type);

export function handleReports(message: ReportsMessage): Promise<unknown> {
  return (handlers[message.type] as (message: ReportsMessage) => Promise<unknown>)(message);
}
