/**
 * What customers tell the company, read back from the tagged posts of a period: themes with their
 * counts, reach and examples (`GET /feedback`), and every tagged post as CSV rows (`GET /feedback.csv`).
 * Both computed by SQLite, on the period's index.
 */
import { reportPeriod, type FeedbackExampleT, type FeedbackKindT, type FeedbackQueryT, type FeedbackThemesT } from '../contract.js';
import type { CsvCell } from '../csv.js';
import type { Database } from '../db/client.js';
import { numberOrNull, timeOrNull } from '../db/wire.js';

/** Examples a theme shows at most. */
export const EXAMPLES_PER_THEME = 3;
/** Tagged posts one CSV page reads. */
export const CSV_PAGE_ROWS = 500;

export interface Period {
  from: Date;
  to: Date;
}

/** The query's period: up to `to` (now without it), from `from` (DEFAULT_REPORT_DAYS before `to` without it). */
export function periodOf(query: Pick<FeedbackQueryT, 'from' | 'to'>, now: Date): Period {
  const { from, to } = reportPeriod(query, now.getTime());
  return { from: new Date(from), to: new Date(to) };
}

// ?1 org, ?2 from, ?3 to, ?4 kind or null: the tags of the period, by the time they count at.
const inPeriod = 'f.org_id = ?1 AND f.at >= ?2 AND f.at < ?3 AND (?4 IS NULL OR f.kind = ?4)';

/**
 * One row per example of each theme. A theme is a kind and a theme compared ignoring case, shown
 * in its most used spelling (then the latest used). Its reach is the followers of its distinct
 * authors. Examples: each author's newest post first, the most followed author first; then their
 * earlier posts, in the same order. Themes: most tagged posts first, then most reach, then by name.
 */
const themesSql = `
WITH tagged AS (
  SELECT f.id, f.kind, f.theme, f.theme_key, f.at, f.post_id, p.identity_id, coalesce(i.followers, 0) AS followers
  FROM feedback f JOIN posts p ON p.id = f.post_id JOIN identities i ON i.id = p.identity_id
  WHERE ${inPeriod}
),
counts AS (SELECT kind, theme_key, count(*) AS count FROM tagged GROUP BY kind, theme_key),
reach AS (
  SELECT kind, theme_key, sum(followers) AS reach
  FROM (SELECT DISTINCT kind, theme_key, identity_id, followers FROM tagged) GROUP BY kind, theme_key
),
spellings AS (
  SELECT kind, theme_key, theme,
    row_number() OVER (PARTITION BY kind, theme_key ORDER BY count(*) DESC, max(at) DESC, theme) AS nth
  FROM tagged GROUP BY kind, theme_key, theme
),
by_author AS (
  SELECT *, row_number() OVER (PARTITION BY kind, theme_key, identity_id ORDER BY at DESC, id DESC) AS turn FROM tagged
),
examples AS (
  SELECT kind, theme_key, post_id,
    row_number() OVER (PARTITION BY kind, theme_key ORDER BY turn, followers DESC, at DESC, id DESC) AS nth
  FROM by_author
)
SELECT c.kind, c.theme_key, s.theme, c.count, r.reach, p.id, p.platform, p.url, p.text, i.handle, i.display_name, i.followers, p.posted_at, p.tone
FROM counts c
JOIN reach r ON r.kind = c.kind AND r.theme_key = c.theme_key
JOIN spellings s ON s.kind = c.kind AND s.theme_key = c.theme_key AND s.nth = 1
JOIN examples e ON e.kind = c.kind AND e.theme_key = c.theme_key AND e.nth <= ${EXAMPLES_PER_THEME}
JOIN posts p ON p.id = e.post_id JOIN identities i ON i.id = p.identity_id
ORDER BY c.count DESC, r.reach DESC, c.kind, c.theme_key, e.nth`;


export async function feedbackThemes(db: Database, orgId: string, query: FeedbackQueryT, now: Date): Promise<FeedbackThemesT> {
  const { from, to } = periodOf(query, now);
  const { rows } = await db.client.execute({ sql: themesSql, args: [orgId, from.getTime(), to.getTime(), query.kind ?? null] });
  const themes: FeedbackThemesT['themes'] = [];
  let [lastKind, lastKey]: unknown[] = [];
  for (const row of rows) {
    const [kind, key, theme, count, reach, postId, platform, url, text, handle, displayName, followers, postedAt, tone] = row as unknown as unknown[];
    const example: FeedbackExampleT = {
      postId: String(postId), platform: platform as FeedbackExampleT['platform'], url: String(url), text: String(text),
      handle: String(handle), displayName: String(displayName), followers: numberOrNull(followers), postedAt: timeOrNull(postedAt), tone: numberOrNull(tone),
    };
    // Rows come theme by theme, each theme's examples in order.
    if (kind === lastKind && key === lastKey) themes.at(-1)!.examples.push(example);
    else themes.push({ kind: kind as FeedbackKindT, theme: String(theme), count: Number(count), reach: Number(reach), examples: [example] });
    [lastKind, lastKey] = [kind, key];
  }
  return { themes };
}

export const feedbackCsvHeader = ['kind', 'theme', 'postedAt', 'taggedAt', 'platform', 'handle', 'displayName', 'followers', 'tone', 'text', 'url', 'taggedBy'] as const;

// Pages follow the period's index: by the time a tag counts at, then its id.
const csvSql = (after: boolean) => `
SELECT f.at, f.id, f.kind, f.theme, p.posted_at, f.updated_at, p.platform, i.handle, i.display_name, i.followers, p.tone, p.text, p.url, a.name
FROM feedback f JOIN posts p ON p.id = f.post_id JOIN identities i ON i.id = p.identity_id
LEFT JOIN agents a ON a.id = f.tagged_by
WHERE ${inPeriod}${after ? ' AND (f.at, f.id) > (?5, ?6)' : ''}
ORDER BY f.at, f.id
LIMIT ${CSV_PAGE_ROWS}`;

/**
 * Every tagged post of the period, oldest first, a page of CSV rows at a time: a page is read only
 * when the previous one is taken, and starts after the tag the previous one ended at.
 */
export async function* feedbackCsvPages(db: Database, orgId: string, query: FeedbackQueryT, now: Date): AsyncGenerator<CsvCell[][]> {
  const { from, to } = periodOf(query, now);
  const args = [orgId, from.getTime(), to.getTime(), query.kind ?? null];
  let after: [number, string] | undefined;
  for (;;) {
    const { rows } = await db.client.execute({ sql: csvSql(after !== undefined), args: after ? [...args, ...after] : args });
    if (rows.length === 0) return;
    yield rows.map((row) => {
      const [, , kind, theme, postedAt, taggedAt, platform, handle, displayName, followers, tone, text, url, taggedBy] = row as unknown as unknown[];
      return [
        String(kind), String(theme), timeOrNull(postedAt), timeOrNull(taggedAt), String(platform), String(handle), String(displayName),
        numberOrNull(followers), numberOrNull(tone), String(text), String(url), taggedBy === null ? null : String(taggedBy),
      ];
    });
    if (rows.length < CSV_PAGE_ROWS) return;
    const last = rows.at(-1) as unknown as unknown[];
    after = [Number(last[0]), String(last[1])];
  }
}

/** `parley-feedback-<from>-<to>.csv`, by the period's days (UTC). */
export function feedbackCsvName(query: Pick<FeedbackQueryT, 'from' | 'to'>, now: Date): string {
  const { from, to } = periodOf(query, now);
  return `parley-feedback-${from.toISOString().slice(0, 10)}-${to.toISOString().slice(0, 10)}.csv`;
}
