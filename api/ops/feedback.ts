/**
 * The service verbs behind /feedback: an agent tags a post as an idea, a bug, praise or a
 * question (with an optional theme), in a case or not. Every one is scoped to the caller's organisation.
 */
import { and, eq, inArray } from 'drizzle-orm';
import type { FeedbackBodyT, FeedbackKindT, FeedbackT, PostT } from '../contract.js';
import { diff, type AuditEntry } from '../db/audit.js';
import { recordChanges } from '../db/changes.js';
import type { Database, ReadDb } from '../db/client.js';
import { newId } from '../db/ids.js';
import { feedback, posts } from '../db/schema.js';
import { toPost, toWireTime } from '../db/wire.js';
import { planPost } from './posts.js';
import { ServiceError } from './serviceError.js';

type FeedbackRow = typeof feedback.$inferSelect;
export interface Actor {
  orgId: string;
  agentId: string;
}

/** What the audit log shows of a tag. */
const feedbackFields = ['postId', 'kind', 'theme'] as const satisfies readonly (keyof FeedbackRow)[];

/** Themes are compared ignoring case, in every script (SQLite's lower() folds ASCII only). */
export const themeKeyOf = (theme: string) => theme.toLowerCase();

export const toFeedback = (row: FeedbackRow): FeedbackT => ({
  id: row.id, postId: row.postId, kind: row.kind, theme: row.theme, taggedBy: row.taggedBy,
  createdAt: toWireTime(row.createdAt), updatedAt: toWireTime(row.updatedAt),
});

const insertFeedback = `INSERT INTO feedback (id, org_id, post_id, kind, theme, theme_key, tagged_by, at, created_at, updated_at)
  VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`;
const updateFeedback = 'UPDATE feedback SET kind = ?, theme = ?, theme_key = ?, tagged_by = ?, updated_at = ? WHERE id = ?';

/**
 * Tags a post, storing it (and its author) as a case would. The body is the whole tag: tagging
 * the post again replaces its kind and theme (a theme left out is none), and keeps its one row.
 */
export async function tagPost(
  db: Database, actor: Actor, body: FeedbackBodyT, now: Date,
): Promise<{ feedback: FeedbackT; post: PostT; created: boolean }> {
  const theme = body.theme ?? '';
  return db.tx(async (tx) => {
    const plan = await planPost(tx, actor.orgId, body.post, now);
    const [current] = await tx.select().from(feedback)
      .where(and(eq(feedback.orgId, actor.orgId), eq(feedback.postId, plan.post.id))).limit(1);
    const writes = [...plan.writes];
    const audit: AuditEntry[] = [...plan.audit];
    let row: FeedbackRow;
    if (!current) {
      row = {
        id: newId(), orgId: actor.orgId, postId: plan.post.id, kind: body.kind, theme, themeKey: themeKeyOf(theme),
        taggedBy: actor.agentId, at: plan.post.postedAt ?? now, createdAt: now, updatedAt: now,
      };
      writes.push({
        sql: insertFeedback,
        args: [row.id, row.orgId, row.postId, row.kind, row.theme, row.themeKey, row.taggedBy, row.at.getTime(), now.getTime(), now.getTime()],
      });
      audit.push({ action: 'feedback.tagged', entity: 'feedback', entityId: row.id, changes: diff(null, row, feedbackFields) });
    } else if (current.kind !== body.kind || current.theme !== theme) {
      row = { ...current, kind: body.kind, theme, themeKey: themeKeyOf(theme), taggedBy: actor.agentId, updatedAt: now };
      writes.push({ sql: updateFeedback, args: [row.kind, row.theme, row.themeKey, row.taggedBy, now.getTime(), row.id] });
      audit.push({ action: 'feedback.updated', entity: 'feedback', entityId: row.id, changes: diff(current, row, feedbackFields) });
    } else {
      // The same tag again: nothing of it changes, not even who set it.
      row = current;
    }
    if (writes.length > 0) await tx.$client.batch(writes);
    await recordChanges(tx, actor, plan.changes, now, audit);
    return { feedback: toFeedback(row), post: toPost(plan.post, plan.identity), created: !current };
  });
}

/** Removes a tag; the post stays, as posts always do. */
export async function untagPost(db: Database, actor: Actor, id: string, now: Date): Promise<void> {
  await db.tx(async (tx) => {
    const [current] = await tx.select().from(feedback).where(and(eq(feedback.id, id), eq(feedback.orgId, actor.orgId))).limit(1);
    if (!current) throw new ServiceError('not_found', 'Feedback not found');
    await tx.delete(feedback).where(eq(feedback.id, id));
    await recordChanges(tx, actor, [], now, [{ action: 'feedback.removed', entity: 'feedback', entityId: id, changes: diff(current, null, feedbackFields) }]);
  });
}

/** The tag of each of these posts that has one, so a post's bar can show it. */
export async function feedbackOfPosts(
  db: ReadDb, orgId: string, platform: 'x' | 'facebook', externalIds: string[],
): Promise<{ externalId: string; id: string; kind: FeedbackKindT; theme: string }[]> {
  return db
    .select({ externalId: posts.externalId, id: feedback.id, kind: feedback.kind, theme: feedback.theme })
    .from(posts)
    .innerJoin(feedback, and(eq(feedback.postId, posts.id), eq(feedback.orgId, orgId)))
    .where(and(eq(posts.orgId, orgId), eq(posts.platform, platform), inArray(posts.externalId, externalIds)));
}
