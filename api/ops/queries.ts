import { and, asc, desc, eq, inArray, lt, sql, type SQL } from 'drizzle-orm';
import type { z } from 'zod';
import type { CaseListQuery, Platform } from '../contract.js';
import { normalizeHandle } from '../domain/handles.js';
import type { ReadDb } from '../db/client.js';
import { casePosts, cases, customers, events, identities, posts } from '../db/schema.js';
import { toCase, toCustomer, toEvent, toIdentity, toPost } from '../db/wire.js';
import { notFound } from '../http.js';

const RECENT_POSTS = 20;
const CUSTOMER_CASES = 100;

// Open work first (new, open, pending), then the rest; newest first within each.
const openFirst = sql`CASE WHEN ${cases.status} IN ('new', 'open', 'pending') THEN 0 ELSE 1 END`;

export async function customerView(db: ReadDb, orgId: string, customerId: string) {
  const [customer] = await db.select().from(customers).where(and(eq(customers.id, customerId), eq(customers.orgId, orgId))).limit(1);
  if (!customer) throw notFound('Customer');
  const [identityRows, caseRows, postRows] = await Promise.all([
    db.select().from(identities).where(eq(identities.customerId, customerId)).orderBy(asc(identities.createdAt)),
    db.select().from(cases).where(eq(cases.customerId, customerId)).orderBy(openFirst, desc(cases.number)).limit(CUSTOMER_CASES),
    db
      .select({ post: posts, author: identities })
      .from(posts)
      .innerJoin(identities, eq(identities.id, posts.identityId))
      .where(eq(posts.customerId, customerId))
      .orderBy(desc(posts.createdAt))
      .limit(RECENT_POSTS),
  ]);
  return {
    customer: toCustomer(customer),
    identities: identityRows.map(toIdentity),
    cases: caseRows.map(toCase),
    recentPosts: postRows.map(({ post, author }) => toPost(post, author)),
  };
}

export async function lookupCustomer(db: ReadDb, orgId: string, platform: z.infer<typeof Platform>, handle: string) {
  const [identity] = await db
    .select({ customerId: identities.customerId })
    .from(identities)
    .where(and(eq(identities.orgId, orgId), eq(identities.platform, platform), eq(identities.handle, normalizeHandle(platform, handle))))
    .limit(1);
  if (!identity) throw notFound('Customer');
  return customerView(db, orgId, identity.customerId);
}

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
      ...toPost(post, author), excerpt: link.excerpt, addedAt: link.addedAt.toISOString(),
    })),
    timeline: eventRows.map(toEvent),
  };
}

const likePattern = (text: string) => `%${text.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;

/** Newest first; the cursor is the last case number of the previous page. */
export async function listCases(db: ReadDb, orgId: string, query: z.infer<typeof CaseListQuery>) {
  const where: SQL[] = [eq(cases.orgId, orgId)];
  if (query.status) where.push(eq(cases.status, query.status));
  if (query.assigneeId) where.push(eq(cases.assigneeId, query.assigneeId));
  if (query.customerId) where.push(eq(cases.customerId, query.customerId));
  if (query.cursor) where.push(lt(cases.number, Number(query.cursor)));
  if (query.q) {
    const pattern = likePattern(query.q);
    const matchingPosts = db
      .select({ caseId: casePosts.caseId })
      .from(casePosts)
      .innerJoin(posts, eq(posts.id, casePosts.postId))
      .where(and(eq(casePosts.orgId, orgId), sql`(${posts.text} LIKE ${pattern} ESCAPE '\\' OR ${casePosts.excerpt} LIKE ${pattern} ESCAPE '\\')`));
    where.push(sql`(${cases.subject} LIKE ${pattern} ESCAPE '\\' OR ${inArray(cases.id, matchingPosts)})`);
  }
  const rows = await db.select().from(cases).where(and(...where)).orderBy(desc(cases.number)).limit(query.limit + 1);
  const page = rows.slice(0, query.limit);
  const last = page.at(-1);
  return { cases: page.map(toCase), nextCursor: rows.length > query.limit && last ? String(last.number) : null };
}
