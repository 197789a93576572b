import { and, asc, desc, eq, inArray, lt, sql, type SQL } from 'drizzle-orm';
import type { z } from 'zod';
import type { CaseListQuery } from '../contract.js';
import { priorities } from '../domain/sla.js';
import type { ReadDb } from '../db/client.js';
import { casePosts, cases, customers, events, identities, posts } from '../db/schema.js';
import { toCase, toCustomer, toEvent, toPost, toWireTime } from '../db/wire.js';
import { notFound } from '../http.js';

export async function caseDetail(db: ReadDb, orgId: string, caseId: string) {
  const [row] = await db
    .select({ case: cases, customer: customers })
    .from(cases)
    .innerJoin(customers, eq(customers.id, cases.customerId))
    .where(and(eq(cases.id, caseId), eq(cases.orgId, orgId)))
    .limit(1);
  if (!row) throw notFound('Case');
  const [postRows, eventRows] = await Promise.all([
    db
      .select({ link: casePosts, post: posts, author: identities })
      .from(casePosts)
      .innerJoin(posts, eq(posts.id, casePosts.postId))
      .innerJoin(identities, eq(identities.id, posts.identityId))
      .where(eq(casePosts.caseId, caseId))
      .orderBy(asc(casePosts.addedAt)),
    db.select().from(events).where(eq(events.caseId, caseId)).orderBy(asc(events.createdAt), asc(events.id)),
  ]);
  return {
    case: toCase(row.case),
    customer: toCustomer(row.customer),
    posts: postRows.map(({ link, post, author }) => ({
      ...toPost(post, author), excerpt: link.excerpt, addedAt: toWireTime(link.addedAt),
    })),
    timeline: eventRows.map(toEvent),
  };
}

const likePattern = (text: string) => `%${text.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;

// Urgent first: the order of `priorities`.
const priorityRank = sql`CASE ${cases.priority} WHEN 'urgent' THEN 0 WHEN 'high' THEN 1 WHEN 'normal' THEN 2 ELSE 3 END`;

/** Newest first, or by priority; the cursor is where the previous page ended. */
export async function listCases(db: ReadDb, orgId: string, query: z.infer<typeof CaseListQuery>) {
  const where: SQL[] = [eq(cases.orgId, orgId)];
  if (query.status) where.push(eq(cases.status, query.status));
  if (query.assigneeId) where.push(eq(cases.assigneeId, query.assigneeId));
  if (query.customerId) where.push(eq(cases.customerId, query.customerId));
  const byPriority = query.sort === 'priority';
  if (query.cursor && !byPriority) where.push(lt(cases.number, Number(query.cursor)));
  if (query.cursor && byPriority) {
    const [rank, score, number] = query.cursor.split('.').map(Number) as [number, number, number];
    where.push(sql`(${priorityRank}, -${cases.priorityScore}, -${cases.number}) > (${rank}, ${-score}, ${-number})`);
  }
  if (query.q) {
    const pattern = likePattern(query.q);
    const matchingPosts = db
      .select({ caseId: casePosts.caseId })
      .from(casePosts)
      .innerJoin(posts, eq(posts.id, casePosts.postId))
      .where(and(eq(casePosts.orgId, orgId), sql`(${posts.text} LIKE ${pattern} ESCAPE '\\' OR ${casePosts.excerpt} LIKE ${pattern} ESCAPE '\\')`));
    where.push(sql`(${cases.subject} LIKE ${pattern} ESCAPE '\\' OR ${inArray(cases.id, matchingPosts)})`);
  }
  const order = byPriority ? [priorityRank, desc(cases.priorityScore), desc(cases.number)] : [desc(cases.number)];
  const rows = await db.select().from(cases).where(and(...where)).orderBy(...order).limit(query.limit + 1);
  const page = rows.slice(0, query.limit);
  const last = page.at(-1);
  const cursorOf = (row: typeof cases.$inferSelect) => (byPriority ? `${priorities.indexOf(row.priority)}.${row.priorityScore}.${row.number}` : String(row.number));
  return { cases: page.map(toCase), nextCursor: rows.length > query.limit && last ? cursorOf(last) : null };
}

/** For each post that is in a case, that case: an open one before a closed one, then the newest. */
export async function casesOfPosts(db: ReadDb, orgId: string, platform: 'x' | 'facebook', externalIds: string[]) {
  const rows = await db
    .select({ externalId: posts.externalId, case: cases })
    .from(posts)
    .innerJoin(casePosts, eq(casePosts.postId, posts.id))
    .innerJoin(cases, eq(cases.id, casePosts.caseId))
    .where(and(eq(posts.orgId, orgId), eq(posts.platform, platform), inArray(posts.externalId, externalIds)))
    .orderBy(sql`CASE WHEN ${cases.status} IN ('new', 'open', 'pending') THEN 0 ELSE 1 END`, desc(cases.number));
  const links = new Map<string, ReturnType<typeof toCase>>();
  for (const row of rows) if (!links.has(row.externalId)) links.set(row.externalId, toCase(row.case));
  return [...links].map(([externalId, found]) => ({ externalId, case: found }));
}

/** Which of these posts were recorded as a reply on a case: the team's answers, as the page shows them. */
export async function repliesOfPosts(db: ReadDb, orgId: string, externalIds: string[]) {
  const postExternalId = sql<string>`${events.data} ->> '$.postExternalId'`;
  const rows = await db
    .select({ externalId: postExternalId, caseId: events.caseId, number: cases.number })
    .from(events)
    .innerJoin(cases, eq(cases.id, events.caseId))
    .where(and(eq(events.orgId, orgId), eq(events.type, 'reply'), inArray(postExternalId, externalIds)));
  return rows.map((row) => ({ externalId: String(row.externalId), caseId: row.caseId, number: row.number }));
}
