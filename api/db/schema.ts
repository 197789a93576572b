import { sql } from 'drizzle-orm';
import { index, integer, primaryKey, real, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { caseStatuses, priorities, platforms, agentRoles, eventTypes, changeOps, webhookDeliveryStatuses, webhookDisabledReasons, webhookEventTypes, auditActorTypes, auditEntities, feedbackKinds, type BrandAccountT, type SlaPolicyT } from '../contract.js';

// Times are stored as epoch milliseconds; ids are UUIDv7 text made by the API.
const createdAt = () => integer('created_at', { mode: 'timestamp_ms' }).notNull();
const updatedAt = () => integer('updated_at', { mode: 'timestamp_ms' }).notNull();
const tags = () => text('tags', { mode: 'json' }).$type<string[]>().notNull().default(sql`'[]'`);

export const orgs = sqliteTable('orgs', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  // Next per-organisation case number is caseSeq + 1.
  caseSeq: integer('case_seq').notNull().default(0),
  slaUrgentMinutes: integer('sla_urgent_minutes').notNull().default(15),
  slaHighMinutes: integer('sla_high_minutes').notNull().default(60),
  slaNormalMinutes: integer('sla_normal_minutes').notNull().default(240),
  slaLowMinutes: integer('sla_low_minutes').notNull().default(1440),
  // The SLA policy as set through `PUT /settings/sla`; null until then: the minutes above, around the clock, in UTC.
  slaPolicy: text('sla_policy', { mode: 'json' }).$type<SlaPolicyT>(),
  // The team's own profiles on the sites (handles normalised): their posts are the brand's, not customers'.
  brandAccounts: text('brand_accounts', { mode: 'json' }).$type<BrandAccountT[]>().notNull().default(sql`'[]'`),
  createdAt: createdAt(),
});

export const agents = sqliteTable(
  'agents',
  {
    id: text('id').primaryKey(),
    orgId: text('org_id').notNull().references(() => orgs.id),
    // Sign-in is by email alone, so an email belongs to one agent on the whole server.
    email: text('email').notNull(),
    name: text('name').notNull(),
    role: text('role', { enum: agentRoles }).notNull(),
    passwordHash: text('password_hash').notNull(),
    disabled: integer('disabled', { mode: 'boolean' }).notNull().default(false),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex('agents_email_unique').on(t.email), index('agents_org_idx').on(t.orgId)],
);

export const tokens = sqliteTable(
  'tokens',
  {
    id: text('id').primaryKey(),
    tokenHash: text('token_hash').notNull(),
    agentId: text('agent_id').notNull().references(() => agents.id),
    orgId: text('org_id').notNull().references(() => orgs.id),
    createdAt: createdAt(),
    expiresAt: integer('expires_at', { mode: 'timestamp_ms' }).notNull(),
  },
  (t) => [uniqueIndex('tokens_hash_unique').on(t.tokenHash), index('tokens_agent_idx').on(t.agentId)],
);

/** Failed sign-ins, keyed by `email:<address>` or `ip:<address>`, for throttling across processes. */
export const loginFailures = sqliteTable(
  'login_failures',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    key: text('key').notNull(),
    at: integer('at', { mode: 'timestamp_ms' }).notNull(),
  },
  (t) => [index('login_failures_key_at_idx').on(t.key, t.at)],
);

export const customers = sqliteTable(
  'customers',
  {
    id: text('id').primaryKey(),
    orgId: text('org_id').notNull().references(() => orgs.id),
    name: text('name').notNull(),
    notes: text('notes').notNull().default(''),
    tags: tags(),
    vip: integer('vip', { mode: 'boolean' }).notNull().default(false),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  // No index on org_id: customers are reached by id or through an identity, never listed by org.
);

export const identities = sqliteTable(
  'identities',
  {
    id: text('id').primaryKey(),
    orgId: text('org_id').notNull().references(() => orgs.id),
    customerId: text('customer_id').notNull().references(() => customers.id),
    platform: text('platform', { enum: platforms }).notNull(),
    handle: text('handle').notNull(),
    displayName: text('display_name').notNull(),
    followers: integer('followers'),
    profileUrl: text('profile_url'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('identities_org_platform_handle_unique').on(t.orgId, t.platform, t.handle),
    index('identities_customer_idx').on(t.customerId),
  ],
);

export const posts = sqliteTable(
  'posts',
  {
    id: text('id').primaryKey(),
    orgId: text('org_id').notNull().references(() => orgs.id),
    platform: text('platform', { enum: platforms }).notNull(),
    externalId: text('external_id').notNull(),
    url: text('url').notNull(),
    identityId: text('identity_id').notNull().references(() => identities.id),
    customerId: text('customer_id').notNull().references(() => customers.id),
    text: text('text').notNull(),
    postedAt: integer('posted_at', { mode: 'timestamp_ms' }),
    tone: real('tone'),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('posts_org_platform_external_unique').on(t.orgId, t.platform, t.externalId),
    index('posts_customer_idx').on(t.customerId, t.createdAt),
  ],
);

export const cases = sqliteTable(
  'cases',
  {
    id: text('id').primaryKey(),
    orgId: text('org_id').notNull().references(() => orgs.id),
    number: integer('number').notNull(),
    customerId: text('customer_id').notNull().references(() => customers.id),
    status: text('status', { enum: caseStatuses }).notNull(),
    priority: text('priority', { enum: priorities }).notNull(),
    // How urgent the first post was (api/domain/priority.ts): orders cases of one priority.
    priorityScore: integer('priority_score').notNull().default(0),
    assigneeId: text('assignee_id').references(() => agents.id),
    subject: text('subject').notNull().default(''),
    tags: tags(),
    // The SLA clock: it starts at creation or when the customer writes again, and stops at a reply.
    slaStartedAt: integer('sla_started_at', { mode: 'timestamp_ms' }),
    slaDueAt: integer('sla_due_at', { mode: 'timestamp_ms' }),
    // When the clock turns "due soon": the last quarter of its budget, in business time.
    slaDueSoonAt: integer('sla_due_soon_at', { mode: 'timestamp_ms' }),
    firstResponseAt: integer('first_response_at', { mode: 'timestamp_ms' }),
    // The resolution clock: due by this time; while the case waits on the customer (pending) it is
    // stopped, and the business minutes it had left are kept instead.
    resolutionDueAt: integer('resolution_due_at', { mode: 'timestamp_ms' }),
    resolutionLeftMinutes: real('resolution_left_minutes'),
    resolvedAt: integer('resolved_at', { mode: 'timestamp_ms' }),
    // What reports read (api/ops/metrics.ts), kept as the case changes. The site of the opening post.
    platform: text('platform', { enum: platforms }),
    // When the first response was due: the first-response clock running when it came (or is still running).
    firstResponseDueAt: integer('first_response_due_at', { mode: 'timestamp_ms' }),
    firstResponseBy: text('first_response_by'),
    // Durations from creation in business time (the SLA policy of the day), in seconds.
    firstResponseBusinessSeconds: real('first_response_business_seconds'),
    firstResolvedAt: integer('first_resolved_at', { mode: 'timestamp_ms' }),
    // Whether the first resolve came within the resolution clock; null before it (or for a case that had no clock).
    firstResolutionMet: integer('first_resolution_met', { mode: 'boolean' }),
    firstResolutionBusinessSeconds: real('first_resolution_business_seconds'),
    // Of the last resolve, while the case stays resolved.
    fullResolutionBusinessSeconds: real('full_resolution_business_seconds'),
    version: integer('version').notNull().default(1),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('cases_org_number_unique').on(t.orgId, t.number),
    index('cases_org_status_idx').on(t.orgId, t.status, t.number),
    index('cases_customer_idx').on(t.customerId),
    index('cases_assignee_idx').on(t.orgId, t.assigneeId),
    // Reports take the cases created in a period.
    index('cases_org_created_idx').on(t.orgId, t.createdAt),
  ],
);

export const casePosts = sqliteTable(
  'case_posts',
  {
    caseId: text('case_id').notNull().references(() => cases.id),
    postId: text('post_id').notNull().references(() => posts.id),
    orgId: text('org_id').notNull().references(() => orgs.id),
    excerpt: text('excerpt'),
    addedAt: integer('added_at', { mode: 'timestamp_ms' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.caseId, t.postId] }), index('case_posts_post_idx').on(t.postId)],
);

/** The case timeline. */
export const events = sqliteTable(
  'events',
  {
    id: text('id').primaryKey(),
    orgId: text('org_id').notNull().references(() => orgs.id),
    caseId: text('case_id').notNull().references(() => cases.id),
    type: text('type', { enum: eventTypes }).notNull(),
    actorId: text('actor_id').references(() => agents.id),
    data: text('data', { mode: 'json' }).$type<Record<string, unknown>>().notNull().default(sql`'{}'`),
    createdAt: createdAt(),
  },
  (t) => [
    index('events_case_idx').on(t.caseId, t.createdAt),
    // The team's latest replies, which reply suggestions learn from.
    index('events_org_type_idx').on(t.orgId, t.type, t.createdAt),
    // Replies by the post that carried them: a post on the page seen as the team's recorded answer.
    index('events_reply_post_idx').on(t.orgId, sql`${t.data} ->> '$.postExternalId'`).where(sql`${t.type} = 'reply'`),
  ],
);

export const templates = sqliteTable(
  'templates',
  {
    id: text('id').primaryKey(),
    orgId: text('org_id').notNull().references(() => orgs.id),
    title: text('title').notNull(),
    body: text('body').notNull(),
    tags: tags(),
    // Posts the template answers, as customers word them: the ranking matches a post against them.
    examples: text('examples', { mode: 'json' }).$type<string[]>().notNull().default(sql`'[]'`),
    usageCount: integer('usage_count').notNull().default(0),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index('templates_org_idx').on(t.orgId)],
);

/** Client mutation id → its result: a retried write returns the first answer instead of applying twice. */
export const mutations = sqliteTable(
  'mutations',
  {
    orgId: text('org_id').notNull().references(() => orgs.id),
    id: text('id').notNull(),
    agentId: text('agent_id').notNull().references(() => agents.id),
    name: text('name').notNull(),
    argsHash: text('args_hash').notNull(),
    result: text('result', { mode: 'json' }).$type<unknown>().notNull(),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.id] }), index('mutations_created_idx').on(t.createdAt)],
);

/** The ordered change log that sync pulls and live events announce. */
export const changes = sqliteTable(
  'changes',
  {
    seq: integer('seq').primaryKey({ autoIncrement: true }),
    orgId: text('org_id').notNull().references(() => orgs.id),
    entity: text('entity').notNull(),
    entityId: text('entity_id').notNull(),
    op: text('op', { enum: changeOps }).notNull(),
    createdAt: createdAt(),
  },
  (t) => [index('changes_org_seq_idx').on(t.orgId, t.seq)],
);

/**
 * The customer view (customer, identities, cases, recent posts) as the JSON the API sends, kept
 * current inside every write transaction: a lookup is then one indexed read. Triggers (see the
 * customer_views migration) mark customers whose view changed; the write group refreshes them
 * before it commits (api/db/customerViews.ts).
 */
export const customerViews = sqliteTable('customer_views', {
  customerId: text('customer_id').primaryKey().references(() => customers.id, { onDelete: 'cascade' }),
  orgId: text('org_id').notNull(),
  json: text('json').notNull(),
});

export const customerViewsStale = sqliteTable('customer_views_stale', {
  customerId: text('customer_id').primaryKey(),
});

/**
 * One row whose value every change that can end a sign-in moves (a token deleted or changed, an
 * agent disabled or given another role; triggers in the auth_generation migration). A process may
 * keep a sign-in it checked for as long as the value stands (api/auth/middleware.ts).
 */
export const authGeneration = sqliteTable('auth_generation', {
  id: integer('id').primaryKey(),
  value: integer('value').notNull(),
});

export const presenceActivities = ['viewing', 'replying'] as const;

/**
 * Who is on which post right now. In the database, not in memory, so an agent connected to one
 * API process sees an agent announced through another.
 */
export const presence = sqliteTable(
  'presence',
  {
    orgId: text('org_id').notNull().references(() => orgs.id),
    agentId: text('agent_id').notNull().references(() => agents.id),
    platform: text('platform', { enum: platforms }).notNull(),
    externalId: text('external_id').notNull(),
    activity: text('activity', { enum: presenceActivities }).notNull(),
    expiresAt: integer('expires_at', { mode: 'timestamp_ms' }).notNull(),
    updatedAt: updatedAt(),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.agentId, t.platform, t.externalId] }),
    index('presence_updated_idx').on(t.updatedAt),
  ],
);

/**
 * Endpoints an organisation's admins registered for signed webhooks (api/webhooks/). The secret is
 * kept as it is, not hashed: every delivery is signed with it (HMAC), so it must be readable here.
 * It leaves the server only in the answer that made it (creation, rotation).
 */
export const webhooks = sqliteTable(
  'webhooks',
  {
    id: text('id').primaryKey(),
    orgId: text('org_id').notNull().references(() => orgs.id),
    url: text('url').notNull(),
    events: text('events', { mode: 'json' }).$type<string[]>().notNull(),
    description: text('description').notNull().default(''),
    secret: text('secret').notNull(),
    // After a rotation the old secret signs too, until this time, so receivers can switch over.
    previousSecret: text('previous_secret'),
    previousSecretExpiresAt: integer('previous_secret_expires_at', { mode: 'timestamp_ms' }),
    // The last change-log seq turned into deliveries: the endpoint gets what happens after it.
    cursor: integer('cursor').notNull(),
    disabledAt: integer('disabled_at', { mode: 'timestamp_ms' }),
    disabledReason: text('disabled_reason', { enum: webhookDisabledReasons }),
    // The first failed attempt since the last delivered one; a day of it disables the endpoint.
    failingSince: integer('failing_since', { mode: 'timestamp_ms' }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index('webhooks_org_idx').on(t.orgId)],
);

/** The outbox: one row per event and endpoint, made from the change log and sent by any API process. */
export const webhookDeliveries = sqliteTable(
  'webhook_deliveries',
  {
    // Also the `webhook-id` header: the same on every attempt and redelivery.
    id: text('id').primaryKey(),
    orgId: text('org_id').notNull().references(() => orgs.id),
    webhookId: text('webhook_id').notNull().references(() => webhooks.id, { onDelete: 'cascade' }),
    // What makes the event once per endpoint: its change-log seq (or the customer merged away).
    eventKey: text('event_key').notNull(),
    seq: integer('seq').notNull(),
    type: text('type', { enum: webhookEventTypes }).notNull(),
    // Deliveries of one case go out one at a time, in seq order.
    caseId: text('case_id'),
    // The exact body sent on every attempt: `{type, timestamp, data}`.
    payload: text('payload').notNull(),
    status: text('status', { enum: webhookDeliveryStatuses }).notNull(),
    attempts: integer('attempts').notNull().default(0),
    responseStatus: integer('response_status'),
    error: text('error'),
    nextAttemptAt: integer('next_attempt_at', { mode: 'timestamp_ms' }),
    // A process sending it holds it until then; a process that died lets it go when it passes.
    leaseToken: text('lease_token'),
    leaseUntil: integer('lease_until', { mode: 'timestamp_ms' }),
    lastAttemptAt: integer('last_attempt_at', { mode: 'timestamp_ms' }),
    deliveredAt: integer('delivered_at', { mode: 'timestamp_ms' }),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('webhook_deliveries_event_unique').on(t.webhookId, t.eventKey),
    index('webhook_deliveries_due_idx').on(t.status, t.nextAttemptAt),
    index('webhook_deliveries_case_idx').on(t.webhookId, t.caseId, t.status, t.seq),
    index('webhook_deliveries_list_idx').on(t.webhookId, t.createdAt),
  ],
);

/**
 * Who changed what (api/db/audit.ts): written in the transaction of the change itself, so a change
 * is never without its entry, nor an entry without its change. Kept for as long as the organisation.
 */
export const auditLog = sqliteTable(
  'audit_log',
  {
    id: text('id').primaryKey(),
    orgId: text('org_id').notNull().references(() => orgs.id),
    at: integer('at', { mode: 'timestamp_ms' }).notNull(),
    actorType: text('actor_type', { enum: auditActorTypes }).notNull(),
    // An agent's id, or the system part that acted.
    actorId: text('actor_id').notNull(),
    action: text('action').notNull(),
    entity: text('entity', { enum: auditEntities }).notNull(),
    entityId: text('entity_id').notNull(),
    changes: text('changes', { mode: 'json' }).$type<Record<string, { from: unknown; to: unknown }>>().notNull(),
  },
  (t) => [
    index('audit_org_at_idx').on(t.orgId, t.at, t.id),
    index('audit_org_entity_idx').on(t.orgId, t.entity, t.at, t.id),
    index('audit_org_actor_idx').on(t.orgId, t.actorId, t.at, t.id),
  ],
);

/**
 * Voice of the customer: a post an agent tagged as an idea, a bug, praise or a question, with an
 * optional theme. One tag per post and organisation; the post need not be in a case.
 */
export const feedback = sqliteTable(
  'feedback',
  {
    id: text('id').primaryKey(),
    orgId: text('org_id').notNull().references(() => orgs.id),
    postId: text('post_id').notNull().references(() => posts.id),
    kind: text('kind', { enum: feedbackKinds }).notNull(),
    // As the agent wrote it; '' for none.
    theme: text('theme').notNull().default(''),
    // The theme lower-cased in JavaScript (SQLite's lower() folds ASCII only): themes group by it.
    themeKey: text('theme_key').notNull().default(''),
    // The agent whose tag this is: the last to set it.
    taggedBy: text('tagged_by').references(() => agents.id),
    // When the tag counts in a report: the post's time, else when it was first tagged. A stored
    // post's time never changes, so it is kept here, where the period's index can reach it.
    at: integer('at', { mode: 'timestamp_ms' }).notNull(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('feedback_org_post_unique').on(t.orgId, t.postId),
    index('feedback_org_at_idx').on(t.orgId, t.at, t.id),
  ],
);
