import { and, eq, sql } from 'drizzle-orm';
import type { PostInputT } from '../contract.js';
import { statusAfterCustomerPost, statusAfterReply } from '../domain/caseStatus.js';
import { replySentAt } from '../domain/replyTime.js';
import type { Tx } from '../db/client.js';
import { diff } from '../db/audit.js';
import { recordChanges, type Change } from '../db/changes.js';
import { casePosts, events, templates } from '../db/schema.js';
import { toWireTime } from '../db/wire.js';
import { ApiError, notFound } from '../http.js';
import { addEvent, auditedCaseFields, loadCase, saveCase, firstResponseClock, firstResponseFacts, resolutionAfterStatus, slaPolicy, type Actor, type CaseRow } from './cases.js';
import { planPost, type IdentityRow, type PostRow } from './posts.js';

type EventRow = typeof events.$inferSelect;

export async function addNote(tx: Tx, actor: Actor, caseId: string, body: string, now: Date): Promise<EventRow> {
  await loadCase(tx, actor.orgId, caseId);
  const changed: Change[] = [];
  const event = await addEvent(tx, actor, caseId, 'note', { body }, now, changed);
  await recordChanges(tx, actor, changed, now, [{ action: 'case.note_added', entity: 'case', entityId: caseId, changes: { note: { from: null, to: body } } }]);
  return event;
}

export interface ReplyInput {
  text: string;
  postExternalId?: string;
  sentAt?: string;
  templateId?: string;
}

/**
 * Records a reply the agent sent with the site's own reply box. The first one sets
 * firstResponseAt; each stops the SLA clock. The same reply post recorded twice is recorded once.
 */
export async function recordReply(
  tx: Tx, actor: Actor, caseId: string, input: ReplyInput, now: Date,
): Promise<{ case: CaseRow; event: EventRow; created: boolean }> {
  const current = await loadCase(tx, actor.orgId, caseId);
  if (input.postExternalId) {
    const [prior] = await tx
      .select()
      .from(events)
      .where(and(eq(events.caseId, caseId), eq(events.type, 'reply'), sql`json_extract(${events.data}, '$.postExternalId') = ${input.postExternalId}`))
      .limit(1);
    if (prior) return { case: current, event: prior, created: false };
  }
  // The first response time is measured from the case: a reply from before it would fake it.
  const timing = replySentAt(input.sentAt === undefined ? undefined : new Date(input.sentAt), current.createdAt, now);
  if (!timing.ok) {
    throw new ApiError(400, 'reply_before_case', `The reply's sentAt is before case #${current.number} was created (${toWireTime(current.createdAt)})`);
  }
  const sentAt = timing.at;
  const changed: Change[] = [];
  if (input.templateId) {
    // The template's own row counts it: it is how often the team sends it.
    const [used] = await tx.update(templates).set({ usageCount: sql`${templates.usageCount} + 1`, updatedAt: now })
      .where(and(eq(templates.id, input.templateId), eq(templates.orgId, actor.orgId))).returning({ id: templates.id });
    if (!used) throw notFound('Template');
    changed.push({ entity: 'template', id: used.id });
  }
  const status = statusAfterReply(current.status);
  const policy = current.firstResponseAt === null || status !== current.status ? await slaPolicy(tx, actor.orgId) : undefined;
  const row = await saveCase(tx, current, {
    ...(policy ? firstResponseFacts(current, sentAt, actor.agentId, policy) : {}),
    status,
    slaDueAt: null,
    slaDueSoonAt: null,
    slaStartedAt: null,
    ...(status !== current.status && policy ? resolutionAfterStatus(current, status, now, policy) : {}),
  }, now);
  changed.push({ entity: 'case', id: caseId });
  const event = await addEvent(tx, actor, caseId, 'reply', {
    text: input.text, postExternalId: input.postExternalId ?? null, sentAt: sentAt.toISOString(), ...(input.templateId ? { templateId: input.templateId } : {}),
  }, now, changed);
  if (row.status !== current.status) await addEvent(tx, actor, caseId, 'status', { from: current.status, to: row.status }, now, changed);
  await recordChanges(tx, actor, changed, now, [{
    action: 'case.reply_recorded', entity: 'case', entityId: caseId,
    changes: { reply: { from: null, to: input.text }, ...diff(current, row, [...auditedCaseFields, 'firstResponseAt']) },
  }]);
  return { case: row, event, created: true };
}

/**
 * Adds a post to a case. A new post from the case's own customer reopens a resolved or closed
 * case and restarts a stopped SLA clock.
 */
export async function linkPost(
  tx: Tx, actor: Actor, caseId: string, input: { post: PostInputT; excerpt?: string }, now: Date,
): Promise<{ case: CaseRow; post: PostRow; identity: IdentityRow; excerpt: string | null; addedAt: Date; created: boolean }> {
  const current = await loadCase(tx, actor.orgId, caseId);
  const plan = await planPost(tx, actor.orgId, input.post, now);
  if (plan.writes.length > 0) await tx.$client.batch(plan.writes);
  const changed: Change[] = [...plan.changes];
  const { post, identity } = plan;
  const [linked] = await tx.select().from(casePosts).where(and(eq(casePosts.caseId, caseId), eq(casePosts.postId, post.id))).limit(1);
  if (linked) {
    await recordChanges(tx, actor, changed, now, plan.audit);
    return { case: current, post, identity, excerpt: linked.excerpt, addedAt: linked.addedAt, created: false };
  }
  const excerpt = input.excerpt ?? null;
  await tx.insert(casePosts).values({ caseId, postId: post.id, orgId: actor.orgId, excerpt, addedAt: now });

  const set: Partial<CaseRow> = {};
  if (post.customerId === current.customerId) {
    const status = statusAfterCustomerPost(current.status);
    const policy = await slaPolicy(tx, actor.orgId);
    if (status !== current.status) Object.assign(set, { status, resolvedAt: null, fullResolutionBusinessSeconds: null }, resolutionAfterStatus(current, status, now, policy));
    if (!current.slaDueAt) {
      set.slaStartedAt = now;
      Object.assign(set, firstResponseClock(current.priority, now, policy));
    }
  }
  const row = await saveCase(tx, current, set, now);
  changed.push({ entity: 'case', id: caseId });
  await addEvent(tx, actor, caseId, 'post_linked', { postId: post.id, excerpt }, now, changed);
  if (set.status) {
    await addEvent(tx, actor, caseId, 'status', { from: current.status, to: set.status, reason: 'customer_post' }, now, changed);
  }
  await recordChanges(tx, actor, changed, now, [
    ...plan.audit,
    { action: 'case.post_linked', entity: 'case', entityId: caseId, changes: { post: { from: null, to: post.id }, ...diff(current, row, auditedCaseFields) } },
  ]);
  return { case: row, post, identity, excerpt, addedAt: now, created: true };
}
