/**
 * The messages of reports and the voice of the customer: the side panel asks for figures, the
 * cases behind them and CSV files; a bar tags a post as feedback. Spread into `../protocol.ts`.
 */
import { z } from 'zod';
import {
  FeedbackBody, FeedbackQuery, MetricsCasesQuery, MetricsQuery,
  type FeedbackKindT, type FeedbackThemesT, type MetricsT, type CaseT,
} from '../../api/contract.js';

const platform = z.enum(['x', 'facebook']);
const externalId = z.string().regex(/^[A-Za-z0-9_:.-]{1,100}$/);

/** Messages a content script may send about feedback on a post. */
export const feedbackPageRequests = [
  /** Tags the post (or changes its tag): whether or not it is in a case. */
  z.strictObject({ type: z.literal('feedback.tag'), ...FeedbackBody.shape }),
  /** Takes the post's tag off; the background knows which feedback it is. */
  z.strictObject({ type: z.literal('feedback.remove'), platform, externalId }),
] as const;

/** Which CSV file, with the filters of the view it is exported from. */
export const CsvExport = z.discriminatedUnion('what', [
  z.strictObject({ what: z.literal('cases'), query: MetricsQuery }),
  z.strictObject({ what: z.literal('metrics'), query: MetricsQuery }),
  z.strictObject({ what: z.literal('feedback'), query: FeedbackQuery }),
]);

/** Messages only the extension's own pages send: the side panel's Reports and Feedback views. */
export const reportsPageRequests = [
  z.strictObject({ type: z.literal('reports.metrics'), query: MetricsQuery }),
  /** The cases behind one figure: a day, a bucket, an SLA outcome, or the backlog at a day's end. */
  z.strictObject({ type: z.literal('reports.cases'), query: MetricsCasesQuery }),
  z.strictObject({ type: z.literal('reports.feedback'), query: FeedbackQuery }),
  /** The CSV's text, fetched with the agent's token: the page saves it, never seeing the token. */
  z.strictObject({ type: z.literal('reports.export'), file: CsvExport }),
] as const;

/** What a bar shows of a post's feedback tag. */
export interface PostFeedback {
  kind: FeedbackKindT;
  theme: string;
}

export interface ReportsResponses {
  'feedback.tag': { feedback: PostFeedback };
  'feedback.remove': Record<string, never>;
  'reports.metrics': MetricsT;
  'reports.cases': { cases: CaseT[]; nextCursor: string | null };
  'reports.feedback': FeedbackThemesT;
  'reports.export': { csv: string };
}
