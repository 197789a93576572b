/**
 * The report terms the side panel needs, written out here so the panel's bundle carries no zod;
 * typed against the contract, and a unit test holds them equal to it.
 */
import type { FeedbackKindT, HistogramBucket, MetricsT } from '../../../../api/contract.js';

export const histogramBuckets = ['under_1h', '1h_4h', '4h_8h', '8h_24h', 'over_24h'] as const satisfies readonly HistogramBucket[];
export const bucketWords: Record<HistogramBucket, string> = {
  under_1h: 'Under 1 h', '1h_4h': '1–4 h', '4h_8h': '4–8 h', '8h_24h': '8–24 h', over_24h: 'Over 24 h',
};
export type SlaOutcome = 'first_response_met' | 'first_response_breached' | 'resolution_met' | 'resolution_breached';
export const outcomeWords: Record<SlaOutcome, string> = {
  first_response_met: 'first response on time', first_response_breached: 'first response late',
  resolution_met: 'resolved on time', resolution_breached: 'resolved late',
};
export const feedbackKinds = ['idea', 'bug', 'praise', 'question'] as const satisfies readonly FeedbackKindT[];
export const kindWords: Record<FeedbackKindT, string> = { idea: 'Ideas', bug: 'Bugs', praise: 'Praise', question: 'Questions' };
export type HoursMode = MetricsT['hours'];

/** The longest period one report covers, and the default one. */
export const MAX_REPORT_DAYS = 366;
export const DEFAULT_REPORT_DAYS = 30;
