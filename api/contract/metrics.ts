/**
 * Reports on the wire: how fast and how well the team answered (`GET /metrics`), the cases behind
 * a figure (`GET /metrics/cases`), and what customers tell the company (`/feedback`).
 */
import { z } from 'zod';
import { id, isoTime } from './fields.js';
import { Case, Platform, Post, PostInput, feedbackKinds } from './resources.js';

export const hoursModes = ['business', 'calendar'] as const;
/** First responses by how long they took. */
export const histogramBuckets = ['under_1h', '1h_4h', '4h_8h', '8h_24h', 'over_24h'] as const;
export const slaOutcomes = ['first_response_met', 'first_response_breached', 'resolution_met', 'resolution_breached'] as const;

/** The longest period one report covers. */
export const MAX_REPORT_DAYS = 366;
/** Without `from`: this many days before `to`. */
export const DEFAULT_REPORT_DAYS = 30;
/** A customer turned advocate within this many days of the case: negative before it, positive after its resolution. */
export const ADVOCATE_WINDOW_DAYS = 30;

const DAY_MS = 86_400_000;
const localDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date, YYYY-MM-DD');
const tagFilter = z.string().trim().min(1).max(50);

const period = {
  from: isoTime.optional().meta({ description: `Cases created at or after this time; ${DEFAULT_REPORT_DAYS} days before \`to\` without it` }),
  to: isoTime.optional().meta({ description: 'Cases created before this time; now without it' }),
};
const filters = {
  ...period,
  agentId: id.optional().meta({ description: "Only cases the agent is assigned to or replied on" }),
  platform: Platform.optional().meta({ description: 'Only cases opened on a post of this site' }),
  tag: tagFilter.optional().meta({ description: 'Only cases carrying this tag' }),
  hours: z.enum(hoursModes).default('business')
    .meta({ description: '`business`: times count only while the team is open (its SLA policy); `calendar`: around the clock' }),
};

type PeriodQuery = { from?: string | undefined; to?: string | undefined };

/** A report's period in epoch ms, [from, to): up to `to` (else `now`), from `from` (else DEFAULT_REPORT_DAYS before `to`). */
export function reportPeriod(query: PeriodQuery, now: number): { from: number; to: number } {
  const to = query.to ? Date.parse(query.to) : now;
  return { from: query.from ? Date.parse(query.from) : to - DEFAULT_REPORT_DAYS * DAY_MS, to };
}

function checkPeriod(query: PeriodQuery, context: z.RefinementCtx) {
  const { from, to } = reportPeriod(query, Date.now());
  if (from >= to) context.addIssue({ code: 'custom', path: ['to'], message: 'must be after from' });
  else if (to - from > MAX_REPORT_DAYS * DAY_MS) context.addIssue({ code: 'custom', path: ['from'], message: `a report covers at most ${MAX_REPORT_DAYS} days` });
}

export const MetricsQuery = z.strictObject(filters).superRefine(checkPeriod);

export const MetricsCasesQuery = z
  .strictObject({
    ...filters,
    date: localDate.optional().meta({ description: "Only cases created on this day (the team's time zone)" }),
    bucket: z.enum(histogramBuckets).optional().meta({ description: 'Only cases whose first response took this long' }),
    outcome: z.enum(slaOutcomes).optional().meta({ description: 'Only cases with this SLA outcome' }),
    openOn: localDate.optional().meta({ description: 'Cases open at the end of this day, whenever they were created (the backlog); from and to are then ignored' }),
    cursor: z.string().regex(/^\d{1,12}$/, 'must be a cursor from a previous page').optional(),
    limit: z.coerce.number().int().min(1).max(200).default(50),
  })
  .superRefine(checkPeriod);

const seconds = z.number().nullable();
export const Durations = z
  .object({ median: seconds, p90: seconds, mean: seconds, count: z.number().int() })
  .meta({ id: 'Durations', description: 'Seconds. The median of an even count is the mean of the two middle values; p90 by nearest rank; null without cases' });
export const SlaAttainment = z
  .object({ met: z.number().int(), breached: z.number().int(), attainment: z.number().nullable().meta({ description: 'met ÷ (met + breached); null when both are 0' }) })
  .meta({ id: 'SlaAttainment' });
const toneCounts = { negative: z.number().int(), neutral: z.number().int(), positive: z.number().int() };

export const Advocate = z.object({
  customerId: id, name: z.string(), followers: z.number().int(), caseId: id, caseNumber: z.number().int(),
  resolvedAt: isoTime, before: z.number().meta({ description: 'Mean tone of their posts in the window before the case' }),
  after: z.number().meta({ description: 'Mean tone of their posts in the window after its resolution' }),
});

export const Metrics = z
  .object({
    from: isoTime, to: isoTime, hours: z.enum(hoursModes),
    timeZone: z.string().meta({ description: 'The time zone days are counted in (the SLA policy\'s)' }),
    firstResponse: Durations.meta({ description: 'Created → first recorded reply; cases still waiting are left out' }),
    resolution: Durations.meta({ description: 'Created → first resolve ("first resolution")' }),
    fullResolution: Durations.meta({ description: 'Created → the last resolve of a case resolved now, reopened or not ("full resolution")' }),
    sla: z.object({
      firstResponse: SlaAttainment.meta({ description: 'A first reply by its due time is met; one after it, or none by a due time already past, is breached. A case resolved without a reply before its due time counts in neither' }),
      resolution: SlaAttainment.meta({ description: 'The first resolve by its due time is met; one after it, or none by a due time already past, is breached' }),
    }),
    volume: z.array(z.object({ date: z.string(), platform: Platform, created: z.number().int() })),
    backlog: z.array(z.object({ date: z.string(), open: z.number().int() })).meta({ description: 'Cases open (new, open, pending) at the end of each day' }),
    histogram: z.array(z.object({ bucket: z.enum(histogramBuckets), count: z.number().int() })),
    trend: z.array(z.object({
      date: z.string(), created: z.number().int(),
      firstResponseMedian: seconds, resolutionMedian: seconds,
      firstResponseAttainment: z.number().nullable(), resolutionAttainment: z.number().nullable(),
    })).meta({ description: 'Per day of creation' }),
    tone: z.object({
      ...toneCounts,
      byDay: z.array(z.object({ date: z.string(), ...toneCounts, mean: z.number().nullable() })),
    }).meta({ description: "Customers' posts in the period's cases, by the day they were posted" }),
    agents: z.array(z.object({
      agentId: id, name: z.string(), cases: z.number().int(), replies: z.number().int(),
      firstResponseMedian: seconds, slaAttainment: z.number().nullable(),
    })).meta({ description: 'Cases an agent is assigned to or replied on; the first-response figures of the cases whose first reply was theirs (or, unanswered, that are theirs)' }),
    advocates: z.object({
      windowDays: z.number().int(),
      upset: z.number().int().meta({ description: 'Customers of resolved cases whose posts read negative before the case' }),
      count: z.number().int().meta({ description: 'Of them, those whose posts read positive after its resolution' }),
      share: z.number().nullable(), reachWeightedShare: z.number().nullable(),
      customers: z.array(Advocate),
    }),
  })
  .meta({ id: 'Metrics' });

export const MetricsCases = z.object({ cases: z.array(Case), nextCursor: z.string().nullable() });

// ── Voice of the customer ───────────────────────────────────────────────────────────────────
export const FeedbackKind = z.enum(feedbackKinds);
const theme = z.string().trim().max(60).transform((value) => value.replace(/\s+/g, ' '));

export const FeedbackBody = z.strictObject({ post: PostInput, kind: FeedbackKind, theme: theme.optional() });
export const Feedback = z
  .object({ id, postId: id, kind: FeedbackKind, theme: z.string(), taggedBy: id.nullable(), createdAt: isoTime, updatedAt: isoTime })
  .meta({ id: 'Feedback' });
export const FeedbackResponse = z.object({ feedback: Feedback, post: Post });
// A tagged post counts at its own time, or when it was first tagged if the site showed none.
const feedbackPeriod = {
  from: isoTime.optional().meta({ description: `Posts of this time or later (the post's time, else when it was first tagged); ${DEFAULT_REPORT_DAYS} days before \`to\` without it` }),
  to: isoTime.optional().meta({ description: 'Posts before this time; now without it' }),
};
export const FeedbackQuery = z
  .strictObject({ ...feedbackPeriod, kind: FeedbackKind.optional().meta({ description: 'Only posts tagged this kind' }) })
  .superRefine(checkPeriod);

export const FeedbackExample = z.object({
  postId: id, platform: Platform, url: z.string(), text: z.string(), handle: z.string(), displayName: z.string(),
  followers: z.number().int().nullable(), postedAt: isoTime.nullable(), tone: z.number().nullable(),
});
export const FeedbackThemes = z
  .object({
    themes: z.array(z.object({
      kind: FeedbackKind, theme: z.string(), count: z.number().int(),
      reach: z.number().int().meta({ description: 'Followers of the distinct authors' }),
      examples: z.array(FeedbackExample),
    })),
  })
  .meta({ id: 'FeedbackThemes' });

export type MetricsQueryT = z.infer<typeof MetricsQuery>;
export type MetricsCasesQueryT = z.infer<typeof MetricsCasesQuery>;
export type MetricsT = z.infer<typeof Metrics>;
export type HistogramBucket = (typeof histogramBuckets)[number];
export type FeedbackKindT = (typeof feedbackKinds)[number];
export type FeedbackThemesT = z.infer<typeof FeedbackThemes>;
export type FeedbackBodyT = z.infer<typeof FeedbackBody>;
export type FeedbackQueryT = z.infer<typeof FeedbackQuery>;
export type FeedbackT = z.infer<typeof Feedback>;
export type FeedbackExampleT = z.infer<typeof FeedbackExample>;
