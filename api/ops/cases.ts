import { and, eq, inArray, sql } from 'drizzle-orm';
import type { CreateCaseBodyT, UpdateCaseBodyT } from '../contract.js';
import { nextStatus, TransitionError, type CaseStatus } from '../domain/caseStatus.js';
import { slaDueAt, type Priority, type SlaSettings } from '../domain/sla.js';
import type { Tx } from '../db/client.js';
import { recordChanges, type Change } from '../db/changes.js';
import { newId } from '../db/ids.js';
import { agents, casePosts, cases, events, orgs } from '../db/schema.js';
import { ApiError, notFound } from '../http.js';
import { hashArgs, priorResult, saveResult } from './mutations.js';
import { upsertPost } from './posts.js';

export type CaseRow = typeof cases.$inferSelect;
type EventRow = typeof events.$inferSelect;
export interface Actor {
  orgId: string;
  agentId: string;
}

const openStatuses: CaseStatus[] = ['new', 'open', 'pending'];

export async function loadCase(tx: Tx, orgId: string, caseId: string): Promise<CaseRow> {
  const [row] = await tx.select().from(cases).where(and(eq(cases.id, caseId), eq(cases.orgId, orgId))).limit(1);
  if (!row) throw notFound('Case');
  return row;
}

export async function assertAgentInOrg(tx: Tx, orgId: string, agentId: string): Promise<void> {
  const [row] = await tx.select({ id: agents.id }).from(agents).where(and(eq(agents.id, agentId), eq(agents.orgId, orgId))).limit(1);
  if (!row) throw notFound('Assignee');
}

export async function slaSettings(tx: Tx, orgId: string): Promise<SlaSettings> {
  const [org] = await tx.select().from(orgs).where(eq(orgs.id, orgId)).limit(1);
  if (!org) throw notFound('Organisation');
  return { urgent: org.slaUrgentMinutes, high: org.slaHighMinutes, normal: org.slaNormalMinutes, low: org.slaLowMinutes };
}

export async function addEvent(
  tx: Tx, actor: Actor, caseId: string, type: EventRow['type'], data: Record<string, unknown>, now: Date, changed: Change[],
): Promise<EventRow> {
  const [event] = await tx
    .insert(events)
    .values({ id: newId(), orgId: actor.orgId, caseId, type, actorId: actor.agentId, data, createdAt: now })
    .returning();
  changed.push({ entity: 'event', id: event!.id });
  return event!;
}

/**
 * Opens a case on a post. The same clientId, or a post already in an open case, returns the
 * existing case (created: false) instead of making a second one.
 */
export async function createCase(
  tx: Tx, actor: Actor, body: CreateCaseBodyT, now: Date,
): Promise<{ case: CaseRow; created: boolean }> {
  const key = body.clientId
    ? { orgId: actor.orgId, agentId: actor.agentId, id: body.clientId, name: 'createCase', argsHash: hashArgs('createCase', body) }
    : undefined;
  if (key) {
    const prior = await priorResult<{ caseId: string }>(tx, key);
    if (prior) return { case: await loadCase(tx, actor.orgId, prior.caseId), created: false };
  }
  const changed: Change[] = [];
  const { post } = await upsertPost(tx, actor.orgId, body.post, now, changed);
  const [open] = await tx
    .select({ case: cases })
    .from(casePosts)
    .innerJoin(cases, eq(cases.id, casePosts.caseId))
    .where(and(eq(casePosts.postId, post.id), inArray(cases.status, openStatuses)))
    .limit(1);
  if (open) {
    await recordChanges(tx, actor.orgId, changed, now);
    if (key) await saveResult(tx, key, { caseId: open.case.id }, now);
    return { case: open.case, created: false };
  }
  if (body.assigneeId) await assertAgentInOrg(tx, actor.orgId, body.assigneeId);

  const [org] = await tx
    .update(orgs)
    .set({ caseSeq: sql`${orgs.caseSeq} + 1` })
    .where(eq(orgs.id, actor.orgId))
    .returning();
  if (!org) throw notFound('Organisation');
  const priority: Priority = body.priority ?? 'normal';
  const settings = { urgent: org.slaUrgentMinutes, high: org.slaHighMinutes, normal: org.slaNormalMinutes, low: org.slaLowMinutes };
  const [row] = await tx
    .insert(cases)
    .values({
      id: newId(), orgId: actor.orgId, number: org.caseSeq, customerId: post.customerId, status: 'new', priority,
      assigneeId: body.assigneeId ?? null, subject: body.subject ?? '', tags: body.tags ?? [],
      slaStartedAt: now, slaDueAt: slaDueAt(priority, now, settings), createdAt: now, updatedAt: now,
    })
    .returning();
  await tx.insert(casePosts).values({ caseId: row!.id, postId: post.id, orgId: actor.orgId, excerpt: body.excerpt ?? null, addedAt: now });
  changed.push({ entity: 'case', id: row!.id });
  await addEvent(tx, actor, row!.id, 'created', { postId: post.id, excerpt: body.excerpt ?? null }, now, changed);
  await recordChanges(tx, actor.orgId, changed, now);
  if (key) await saveResult(tx, key, { caseId: row!.id }, now);
  return { case: row!, created: true };
}

/** Applies a PATCH: stale version → 409, forbidden status change → 422; one timeline event per change. */
export async function updateCase(tx: Tx, actor: Actor, caseId: string, body: UpdateCaseBodyT, now: Date): Promise<CaseRow> {
  const current = await loadCase(tx, actor.orgId, caseId);
  if (body.version !== current.version) {
    throw new ApiError(409, 'version_conflict', `The case changed since you loaded it (version ${current.version}, you sent ${body.version}); reload and try again`);
  }
  const set: Partial<CaseRow> = {};
  const changed: Change[] = [];
  const log: [EventRow['type'], Record<string, unknown>][] = [];

  if (body.status !== undefined && body.status !== current.status) {
    try {
      set.status = nextStatus(current.status, body.status);
    } catch (error) {
      if (error instanceof TransitionError) throw new ApiError(422, 'invalid_transition', error.message);
      throw error;
    }
    if (set.status === 'resolved') set.resolvedAt = now;
    if (set.status === 'open') set.resolvedAt = null;
    // A resolved or closed case waits on nobody: its SLA clock stops.
    if (set.status === 'resolved' || set.status === 'closed') Object.assign(set, { slaDueAt: null, slaStartedAt: null });
    log.push(['status', { from: current.status, to: set.status }]);
  }
  if (body.priority !== undefined && body.priority !== current.priority) {
    set.priority = body.priority;
    const startedAt = set.slaStartedAt === undefined ? current.slaStartedAt : set.slaStartedAt;
    if (startedAt) set.slaDueAt = slaDueAt(body.priority, startedAt, await slaSettings(tx, actor.orgId));
    log.push(['priority', { from: current.priority, to: body.priority }]);
  }
  if (body.assigneeId !== undefined && body.assigneeId !== current.assigneeId) {
    if (body.assigneeId) await assertAgentInOrg(tx, actor.orgId, body.assigneeId);
    set.assigneeId = body.assigneeId;
    log.push(['assigned', { from: current.assigneeId, to: body.assigneeId }]);
  }
  const tags = body.tags && [...new Set(body.tags)];
  if (tags && JSON.stringify(tags) !== JSON.stringify(current.tags)) {
    set.tags = tags;
    log.push(['tags', { from: current.tags, to: tags }]);
  }
  if (body.subject !== undefined && body.subject !== current.subject) {
    set.subject = body.subject;
    log.push(['subject', { from: current.subject, to: body.subject }]);
  }
  if (log.length === 0) return current;

  const [row] = await tx
    .update(cases)
    .set({ ...set, version: current.version + 1, updatedAt: now })
    .where(and(eq(cases.id, caseId), eq(cases.version, current.version)))
    .returning();
  if (!row) throw new ApiError(409, 'version_conflict', 'The case changed while saving; reload and try again');
  changed.push({ entity: 'case', id: caseId });
  for (const [type, data] of log) await addEvent(tx, actor, caseId, type, data, now, changed);
  await recordChanges(tx, actor.orgId, changed, now);
  return row;
}
