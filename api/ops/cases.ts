import { and, eq } from 'drizzle-orm';
import type { CreateCaseBodyT, SlaPolicyT, UpdateCaseBodyT } from '../contract.js';
import { nextStatus, TransitionError } from '../domain/caseStatus.js';
import { suggestPriority } from '../domain/priority.js';
import { DUE_SOON_FRACTION, type Priority, type SlaSettings } from '../domain/sla.js';
import { addBusinessMinutes, businessMinutesBetween } from '../domain/businessTime.js';
import type { Tx } from '../db/client.js';
import { auditStatement, diff } from '../db/audit.js';
import { changeStatement, recordChanges, type Change } from '../db/changes.js';
import { newId } from '../db/ids.js';
import { agents, cases, events, orgs } from '../db/schema.js';
import { ApiError, notFound } from '../http.js';
import { hashArgs, priorResult, resultStatement } from './mutations.js';
import { planPost } from './posts.js';

export type CaseRow = typeof cases.$inferSelect;
type EventRow = typeof events.$inferSelect;
export interface Actor {
  orgId: string;
  agentId: string;
}

/** What the audit log shows of a case's changes; the clocks follow from them. */
export const auditedCaseFields = ['status', 'priority', 'assigneeId', 'tags', 'subject', 'customerId'] as const satisfies readonly (keyof CaseRow)[];

export async function loadCase(tx: Tx, orgId: string, caseId: string): Promise<CaseRow> {
  const [row] = await tx.select().from(cases).where(and(eq(cases.id, caseId), eq(cases.orgId, orgId))).limit(1);
  if (!row) throw notFound('Case');
  return row;
}

export async function assertAgentInOrg(tx: Tx, orgId: string, agentId: string): Promise<void> {
  const [row] = await tx.select({ id: agents.id, disabled: agents.disabled }).from(agents).where(and(eq(agents.id, agentId), eq(agents.orgId, orgId))).limit(1);
  if (!row) throw notFound('Assignee');
  // A disabled agent can no longer sign in: a case given to them would wait for nobody.
  if (row.disabled) throw new ApiError(422, 'assignee_disabled', 'That agent is disabled: assign the case to someone who can answer it');
}

/** Writes a change to a case, checking nobody saved it since `current` was read. */
export async function saveCase(tx: Tx, current: CaseRow, set: Partial<CaseRow>, now: Date): Promise<CaseRow> {
  // Until the first response, the first-response clock running is the one it will be judged by.
  const dueAt = current.firstResponseAt === null && set.firstResponseAt === undefined && set.slaDueAt ? { firstResponseDueAt: set.slaDueAt } : {};
  const [row] = await tx
    .update(cases)
    .set({ ...set, ...dueAt, version: current.version + 1, updatedAt: now })
    .where(and(eq(cases.id, current.id), eq(cases.version, current.version)))
    .returning();
  if (!row) throw new ApiError(409, 'version_conflict', 'The case changed while saving; reload and try again');
  return row;
}

/** Until an organisation sets its policy: its first-response minutes, around the clock, in UTC. */
export const defaultResolutionMinutes: SlaSettings = { urgent: 240, high: 1440, normal: 4320, low: 10_080 };
export function policyOf(org: Pick<typeof orgs.$inferSelect, 'slaPolicy' | 'slaUrgentMinutes' | 'slaHighMinutes' | 'slaNormalMinutes' | 'slaLowMinutes'>): SlaPolicyT {
  return org.slaPolicy ?? {
    timeZone: 'UTC',
    firstResponseMinutes: { urgent: org.slaUrgentMinutes, high: org.slaHighMinutes, normal: org.slaNormalMinutes, low: org.slaLowMinutes },
    resolutionMinutes: defaultResolutionMinutes,
    businessHours: null,
    holidays: [],
  };
}

export async function slaPolicy(tx: Tx, orgId: string): Promise<SlaPolicyT> {
  const [org] = await tx.select().from(orgs).where(eq(orgs.id, orgId)).limit(1);
  if (!org) throw notFound('Organisation');
  return policyOf(org);
}

type Clock = Partial<Pick<CaseRow, 'resolutionDueAt' | 'resolutionLeftMinutes'>>;

/**
 * The resolution clock across a status change: waiting on the customer stops it, keeping the
 * business minutes left; leaving pending starts it again with them; resolving ends it; a resolved
 * case reopened starts a new budget. A case already past its time stays past it while pending.
 */
export function resolutionAfterStatus(current: CaseRow, status: CaseRow['status'], now: Date, policy: SlaPolicyT): Clock {
  if (status === current.status) return {};
  if (status === 'resolved' || status === 'closed') return { resolutionDueAt: null, resolutionLeftMinutes: null };
  if (status === 'pending') {
    if (!current.resolutionDueAt || current.resolutionDueAt <= now) return {};
    return { resolutionDueAt: null, resolutionLeftMinutes: businessMinutesBetween(now, current.resolutionDueAt, policy) };
  }
  if (current.resolutionLeftMinutes !== null) return { resolutionDueAt: addBusinessMinutes(now, current.resolutionLeftMinutes, policy), resolutionLeftMinutes: null };
  if (current.status === 'resolved' || current.status === 'closed') {
    return { resolutionDueAt: addBusinessMinutes(now, policy.resolutionMinutes[current.priority], policy), resolutionLeftMinutes: null };
  }
  return {};
}

/** The resolution clock when the priority changes: the time left grows or shrinks by the difference of the two budgets. */
export function resolutionAfterPriority(current: CaseRow, priority: Priority, now: Date, policy: SlaPolicyT): Clock {
  const delta = policy.resolutionMinutes[priority] - policy.resolutionMinutes[current.priority];
  if (current.resolutionLeftMinutes !== null) return { resolutionLeftMinutes: Math.max(0, current.resolutionLeftMinutes + delta) };
  const due = current.resolutionDueAt;
  if (!due) return {};
  const left = (due > now ? businessMinutesBetween(now, due, policy) : -businessMinutesBetween(due, now, policy)) + delta;
  if (left > 0) return { resolutionDueAt: addBusinessMinutes(now, left, policy) };
  // No time left under the new budget: due now, or as long ago as it already was.
  return { resolutionDueAt: due < now ? due : now };
}

const businessSeconds = (from: Date, to: Date, policy: SlaPolicyT) => businessMinutesBetween(from, to, policy) * 60;

/** What reports keep of a first response: who sent it and how long it took in business time. */
export function firstResponseFacts(current: CaseRow, sentAt: Date, agentId: string, policy: SlaPolicyT): Partial<CaseRow> {
  if (current.firstResponseAt !== null) return {};
  return { firstResponseAt: sentAt, firstResponseBy: agentId, firstResponseBusinessSeconds: businessSeconds(current.createdAt, sentAt, policy) };
}

/**
 * What reports keep of a resolve: its business duration, and for the first one whether it came
 * within the resolution clock (running, or stopped while pending with time left).
 */
export function resolveFacts(current: CaseRow, now: Date, policy: SlaPolicyT): Partial<CaseRow> {
  const took = businessSeconds(current.createdAt, now, policy);
  if (current.firstResolvedAt !== null) return { fullResolutionBusinessSeconds: took };
  const met = current.resolutionDueAt !== null ? now <= current.resolutionDueAt
    : current.resolutionLeftMinutes !== null ? current.resolutionLeftMinutes > 0 : null;
  return { fullResolutionBusinessSeconds: took, firstResolvedAt: now, firstResolutionBusinessSeconds: took, firstResolutionMet: met };
}

/** The first-response clock of a case of `priority` started at `startedAt`: when it is due, and due soon, in business time. */
export function firstResponseClock(priority: Priority, startedAt: Date, policy: SlaPolicyT): Pick<CaseRow, 'slaDueAt' | 'slaDueSoonAt'> {
  const budget = policy.firstResponseMinutes[priority];
  return { slaDueAt: addBusinessMinutes(startedAt, budget, policy), slaDueSoonAt: addBusinessMinutes(startedAt, budget * (1 - DUE_SOON_FRACTION), policy) };
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

const insertCase = `INSERT INTO cases (id, org_id, number, customer_id, status, priority, priority_score, assignee_id, subject, tags,
  sla_started_at, sla_due_at, sla_due_soon_at, resolution_due_at, platform, first_response_due_at, version, created_at, updated_at)
  VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`;
const insertCasePost = 'INSERT INTO case_posts (case_id, post_id, org_id, excerpt, added_at) VALUES (?, ?, ?, ?, ?)';
const insertEvent = 'INSERT INTO events (id, org_id, case_id, type, actor_id, data, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)';
const nextCaseNumber = `UPDATE orgs SET case_seq = case_seq + 1 WHERE id = ?
  RETURNING case_seq, sla_urgent_minutes, sla_high_minutes, sla_normal_minutes, sla_low_minutes, sla_policy`;

/**
 * Opens a case on a post. The same clientId, or a post already in an open case, returns the
 * existing case (created: false) instead of making a second one. The busiest write of a desk:
 * one read, one numbering statement and one batch of inserts.
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
  const plan = await planPost(tx, actor.orgId, body.post, now);
  if (plan.openCaseId) {
    const writes = [...plan.writes];
    if (plan.changes.length > 0) writes.push(changeStatement(actor.orgId, plan.changes, now));
    const audited = auditStatement(actor, plan.audit, now);
    if (audited) writes.push(audited);
    if (key) writes.push(resultStatement(key, { caseId: plan.openCaseId }, now));
    if (writes.length > 0) await tx.$client.batch(writes);
    return { case: await loadCase(tx, actor.orgId, plan.openCaseId), created: false };
  }
  if (body.assigneeId) await assertAgentInOrg(tx, actor.orgId, body.assigneeId);

  const org = await tx.$client.first({ sql: nextCaseNumber, args: [actor.orgId] });
  if (!org) throw notFound('Organisation');
  const policy = policyOf({
    slaUrgentMinutes: Number(org[1]), slaHighMinutes: Number(org[2]), slaNormalMinutes: Number(org[3]), slaLowMinutes: Number(org[4]),
    slaPolicy: org[5] === null || org[5] === undefined ? null : JSON.parse(String(org[5])) as SlaPolicyT,
  });
  // Without a priority from the agent, the post's own urgency decides; the score orders cases of one priority.
  const assessed = suggestPriority({
    tone: plan.post.tone ?? 0, followers: plan.identity.followers, vip: plan.vip, text: body.post.text,
    waitingMinutes: plan.post.postedAt ? (now.getTime() - plan.post.postedAt.getTime()) / 60_000 : 0,
  });
  const priority: Priority = body.priority ?? assessed.priority;
  const clock = firstResponseClock(priority, now, policy);
  const row: CaseRow = {
    id: newId(), orgId: actor.orgId, number: Number(org[0]), customerId: plan.post.customerId, status: 'new', priority, priorityScore: assessed.score,
    assigneeId: body.assigneeId ?? null, subject: body.subject ?? '', tags: [...new Set(body.tags ?? [])],
    slaStartedAt: now, ...clock, firstResponseAt: null, resolvedAt: null,
    resolutionDueAt: addBusinessMinutes(now, policy.resolutionMinutes[priority], policy), resolutionLeftMinutes: null,
    platform: plan.post.platform, firstResponseDueAt: clock.slaDueAt, firstResponseBy: null, firstResponseBusinessSeconds: null,
    firstResolvedAt: null, firstResolutionMet: null, firstResolutionBusinessSeconds: null, fullResolutionBusinessSeconds: null,
    version: 1, createdAt: now, updatedAt: now,
  };
  const eventId = newId();
  const at = now.getTime();
  const excerpt = body.excerpt ?? null;
  const changes: Change[] = [...plan.changes, { entity: 'case', id: row.id }, { entity: 'event', id: eventId }];
  await tx.$client.batch([
    ...plan.writes,
    {
      sql: insertCase,
      args: [row.id, row.orgId, row.number, row.customerId, row.status, row.priority, row.priorityScore, row.assigneeId, row.subject,
        JSON.stringify(row.tags), at, row.slaDueAt!.getTime(), row.slaDueSoonAt!.getTime(), row.resolutionDueAt!.getTime(),
        row.platform, row.slaDueAt!.getTime(), row.version, at, at],
    },
    { sql: insertCasePost, args: [row.id, plan.post.id, actor.orgId, excerpt, at] },
    { sql: insertEvent, args: [eventId, actor.orgId, row.id, 'created', actor.agentId, JSON.stringify({ postId: plan.post.id, excerpt }), at] },
    changeStatement(actor.orgId, changes, now),
    auditStatement(actor, [...plan.audit, {
      action: 'case.created', entity: 'case', entityId: row.id,
      changes: { number: { from: null, to: row.number }, ...diff(null, row, auditedCaseFields) },
    }], now)!,
    ...(key ? [resultStatement(key, { caseId: row.id }, now)] : []),
  ]);
  return { case: row, created: true };
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
    const policy = await slaPolicy(tx, actor.orgId);
    if (set.status === 'resolved') Object.assign(set, { resolvedAt: now }, resolveFacts(current, now, policy));
    if (set.status === 'open') Object.assign(set, { resolvedAt: null, fullResolutionBusinessSeconds: null });
    // A resolved or closed case waits on nobody: its SLA clock stops.
    if (set.status === 'resolved' || set.status === 'closed') Object.assign(set, { slaDueAt: null, slaDueSoonAt: null, slaStartedAt: null });
    Object.assign(set, resolutionAfterStatus(current, set.status, now, policy));
    log.push(['status', { from: current.status, to: set.status }]);
  }
  if (body.priority !== undefined && body.priority !== current.priority) {
    set.priority = body.priority;
    const startedAt = set.slaStartedAt === undefined ? current.slaStartedAt : set.slaStartedAt;
    const policy = await slaPolicy(tx, actor.orgId);
    if (startedAt) Object.assign(set, firstResponseClock(body.priority, startedAt, policy));
    Object.assign(set, resolutionAfterPriority({ ...current, ...set, priority: current.priority }, body.priority, now, policy));
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

  const row = await saveCase(tx, current, set, now);
  changed.push({ entity: 'case', id: caseId });
  for (const [type, data] of log) await addEvent(tx, actor, caseId, type, data, now, changed);
  await recordChanges(tx, actor, changed, now, [{ action: 'case.updated', entity: 'case', entityId: caseId, changes: diff(current, row, auditedCaseFields) }]);
  return row;
}
