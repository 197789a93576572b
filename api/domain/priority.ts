/**
 * How urgent a post is, as a score from 0 to 100 with the reasons for it, and the priority it
 * suggests. The score adds up five documented parts:
 *
 * | part | points | rule |
 * |---|---:|---|
 * | tone | 0–30 | 30 × how negative the post is (a tone score of −1 gives 30; neutral or positive 0) |
 * | reach | 0–20 | 0 up to 100 followers, 20 from a million, growing with the log of the followers; unknown 2 |
 * | waiting | 0–15 | 10 over the first 4 hours without an answer, 5 more over the rest of the day |
 * | VIP | 15 | the team marked the customer VIP |
 * | risk words | 0–35 | the weightiest kind of risk found (legal, security, safety 30; outage 20; refund, cancel 15), 5 per further kind |
 *
 * The total (at most 100) suggests: urgent from 55, high from 35, normal from 5, low below.
 *
 * A tweet never shows its author's followers, so the reach is often unknown (`followers: null`:
 * the agent has not opened the author's profile or hover card). Unknown is not zero: it counts
 * `UNKNOWN_REACH_POINTS` (2, what about 250 followers earn, a modest active account) and is named
 * among the reasons as "reach unknown". That ranks a never-seen author above a known account of
 * 100 followers or fewer and below a known 1,000 (5 points); alone it never lifts a post from low
 * to normal, and it is far from the 10 points of the 10,000 followers at which the listening marks
 * call an upset author far-reaching. A count read later replaces it.
 */
import type { Priority } from './sla.js';

export interface PriorityInput {
  /** The post's tone score, −1 (angry) to 1 (delighted). */
  tone: number;
  /** The author's followers; null when the page has never shown them (see above: unknown is not 0). */
  followers: number | null;
  /** How long the customer has waited for a first answer. */
  waitingMinutes: number;
  vip: boolean;
  text: string;
}

export interface PriorityAssessment {
  score: number;
  priority: Priority;
  /** Short phrases an agent reads next to the suggestion, the weightiest first. */
  reasons: string[];
}

/** Kinds of risk a care team escalates, each with its weight and the words that reveal it. */
const riskKinds: [kind: string, points: number, pattern: RegExp][] = [
  ['outage', 20, /\b(?:outage|(?:is|are|been|went|still) down|not working|doesn'?t work|stopped working|offline)\b/],
  ['refund', 15, /\b(?:refund\w*|chargeback\w*|money back|charged twice|double charged|overcharged)\b/],
  ['cancel', 15, /\b(?:cancel\w*|close my account|switching to|leaving you)\b/],
  ['legal', 30, /\b(?:lawyers?|attorneys?|lawsuit|sue|suing|legal action|small claims|ftc|bbb|ombudsman|regulator)\b/],
  ['security', 30, /\b(?:hack(?:ed|er|ers)?|breach\w*|fraud\w*|scam\w*|stole|stolen|phishing|identity theft|data leak\w*)\b/],
  ['safety', 30, /\b(?:unsafe|dangerous|injur\w*|fire|burn(?:ed|t|ing)|explod\w*|smoke|recall)\b/],
];

const compact = new Intl.NumberFormat('en', { notation: 'compact', maximumFractionDigits: 1 });

function waitedFor(minutes: number): string {
  return minutes < 120 ? `waiting ${Math.round(minutes)} min` : `waiting ${Math.round(minutes / 60)} h`;
}

const clamp01 = (value: number) => Math.min(1, Math.max(0, value));

/** What an unknown reach adds to the score: a modest account's share, neither none nor a wide one's. */
export const UNKNOWN_REACH_POINTS = 2;

export function suggestPriority(input: PriorityInput): PriorityAssessment {
  const parts: [points: number, reason: string][] = [];
  const negativity = clamp01(-input.tone);
  if (negativity > 0) parts.push([30 * negativity, negativity >= 0.5 ? 'angry customer' : 'unhappy customer']);
  if (input.followers === null) parts.push([UNKNOWN_REACH_POINTS, 'reach unknown']);
  else if (input.followers > 100) {
    parts.push([20 * clamp01((Math.log10(input.followers) - 2) / 4), `${compact.format(input.followers)} followers`]);
  }
  const waiting = Math.max(0, input.waitingMinutes);
  if (waiting >= 30) parts.push([10 * clamp01(waiting / 240) + 5 * clamp01((waiting - 240) / 1200), waitedFor(waiting)]);
  if (input.vip) parts.push([15, 'VIP']);
  const text = input.text.toLowerCase();
  const risks = riskKinds.filter(([, , pattern]) => pattern.test(text)).sort((a, b) => b[1] - a[1]);
  if (risks.length > 0) parts.push([Math.min(35, risks[0]![1] + 5 * (risks.length - 1)), `risk: ${risks.map(([kind]) => kind).join(', ')}`]);

  const score = Math.round(Math.min(100, parts.reduce((sum, [points]) => sum + points, 0)));
  const priority: Priority = score >= 55 ? 'urgent' : score >= 35 ? 'high' : score >= 5 ? 'normal' : 'low';
  const reasons = parts.filter(([points]) => points >= 1).sort((a, b) => b[0] - a[0]).map(([, reason]) => reason);
  return { score, priority, reasons };
}
