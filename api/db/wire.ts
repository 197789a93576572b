/** Rows → the wire shapes of api/contract.ts. */
import type { AgentT, CaseEventT, CaseT, CustomerT, IdentityT, PostT, TemplateT } from '../contract.js';
import type { agents, cases, customers, events, identities, orgs, posts, templates } from './schema.js';

type Row<T extends { $inferSelect: unknown }> = T['$inferSelect'];
// The span of four-digit years, where toISOString's text is plain ISO: a time stored outside it
// (by an older version, or by hand) reads as its nearest end, so one bad row never breaks a reader.
export const EARLIEST_WIRE_MS = -62_167_219_200_000; // 0000-01-01T00:00:00.000Z
export const LATEST_WIRE_MS = 253_402_300_799_999; // 9999-12-31T23:59:59.999Z
/** The most a JS Date holds either side of 1970; beyond it drizzle reads an Invalid Date. */
export const MAX_DATE_MS = 8_640_000_000_000_000;

/** A stored time as ISO text, always valid: the same text api/db/json.ts builds in SQL. */
export function toWireTime(date: Date): string {
  const ms = date.getTime();
  return new Date(Number.isNaN(ms) ? EARLIEST_WIRE_MS : Math.min(Math.max(ms, EARLIEST_WIRE_MS), LATEST_WIRE_MS)).toISOString();
}
/** Raw SQL cells (positional rows): a number, or a stored epoch-ms time as wire text; null stays null. */
export const numberOrNull = (value: unknown) => (value === null || value === undefined ? null : Number(value));
export const timeOrNull = (value: unknown) => (value === null || value === undefined ? null : toWireTime(new Date(Number(value))));
const iso = toWireTime;
const isoOrNull = (date: Date | null) => (date ? iso(date) : null);

export const toOrg = (org: Pick<Row<typeof orgs>, 'id' | 'name'>) => ({ id: org.id, name: org.name });

export const toAgent = (agent: Row<typeof agents>): AgentT => ({
  id: agent.id, name: agent.name, email: agent.email, role: agent.role, disabled: agent.disabled,
});

export const toCustomer = (customer: Row<typeof customers>): CustomerT => ({
  id: customer.id, name: customer.name, notes: customer.notes, tags: customer.tags, vip: customer.vip,
  createdAt: iso(customer.createdAt), updatedAt: iso(customer.updatedAt),
});

export const toPost = (post: Row<typeof posts>, author: Row<typeof identities>): PostT => ({
  id: post.id, platform: post.platform, externalId: post.externalId, url: post.url,
  identityId: post.identityId, customerId: post.customerId,
  author: { handle: author.handle, displayName: author.displayName, followers: author.followers, profileUrl: author.profileUrl },
  text: post.text, tone: post.tone, postedAt: isoOrNull(post.postedAt), createdAt: iso(post.createdAt),
});

export const toCase = (row: Row<typeof cases>): CaseT => ({
  id: row.id, number: row.number, customerId: row.customerId, status: row.status, priority: row.priority,
  assigneeId: row.assigneeId, subject: row.subject, tags: row.tags, slaDueAt: isoOrNull(row.slaDueAt), slaDueSoonAt: isoOrNull(row.slaDueSoonAt),
  resolutionDueAt: isoOrNull(row.resolutionDueAt),
  firstResponseAt: isoOrNull(row.firstResponseAt), resolvedAt: isoOrNull(row.resolvedAt), version: row.version,
  createdAt: iso(row.createdAt), updatedAt: iso(row.updatedAt),
});

export const toEvent = (event: Row<typeof events>): CaseEventT => ({
  id: event.id, caseId: event.caseId, type: event.type, actorId: event.actorId, data: event.data,
  createdAt: iso(event.createdAt),
});

export const toTemplate = (template: Row<typeof templates>): TemplateT => ({
  id: template.id, title: template.title, body: template.body, tags: template.tags, examples: template.examples, usageCount: template.usageCount,
  createdAt: iso(template.createdAt), updatedAt: iso(template.updatedAt),
});

export const toIdentity = (identity: Row<typeof identities>): IdentityT => ({
  id: identity.id, customerId: identity.customerId, platform: identity.platform, handle: identity.handle,
  displayName: identity.displayName, followers: identity.followers, profileUrl: identity.profileUrl,
});
