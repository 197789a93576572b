/**
 * Everything on the wire, as zod schemas: the API validates with them, the extension parses with
 * them, and the OpenAPI document is generated from them. Pure — no Node or server imports.
 */
import { z } from 'zod';
import { caseStatuses } from './domain/caseStatus.js';
import { priorities } from './domain/sla.js';
import { platforms } from './domain/handles.js';

export { caseStatuses, priorities, platforms };
export const agentRoles = ['admin', 'agent'] as const;
export const eventTypes = [
  'created', 'status', 'priority', 'assigned', 'tags', 'subject', 'note', 'reply', 'post_linked', 'merged',
] as const;
export const changeOps = ['upsert', 'delete'] as const;
export const changeEntities = ['case', 'customer', 'identity', 'post', 'event', 'template', 'agent'] as const;

const id = z.uuid();
const isoTime = z.iso.datetime({ offset: true });
const tagList = z.array(z.string().trim().min(1).max(50)).max(50);
// The sites serve every post and profile over https; anything else is not a post's address.
const webUrl = z.url({ protocol: /^https$/ }).max(2048);
const password = z.string().min(10, 'must be at least 10 characters').max(256);
const email = z.email().max(320).transform((value) => value.toLowerCase());
const name = z.string().trim().min(1).max(200);

export const Platform = z.enum(platforms);
export const CaseStatus = z.enum(caseStatuses);
export const Priority = z.enum(priorities);
export const AgentRole = z.enum(agentRoles);

// ── Errors ──────────────────────────────────────────────────────────────────────────────────
export const ErrorBody = z
  .object({
    code: z.string(),
    message: z.string(),
    issues: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
    requestId: z.string().optional(),
  })
  .meta({ id: 'Error' });

// ── Agents, organisations, sign-in ──────────────────────────────────────────────────────────
export const Agent = z
  .object({ id, name: z.string(), email: z.string(), role: AgentRole, disabled: z.boolean() })
  .meta({ id: 'Agent' });
export const Org = z.object({ id, name: z.string() }).meta({ id: 'Org' });

export const LoginBody = z.strictObject({ email, password: z.string().min(1).max(256) });
export const LoginResponse = z.object({ token: z.string(), agent: Agent, org: Org, expiresAt: isoTime });
export const MeResponse = z.object({ agent: Agent, org: Org });

export const CreateOrgBody = z.strictObject({
  name,
  admin: z.strictObject({ email, name, password }),
});
export const CreateOrgResponse = z.object({ org: Org, agent: Agent });

export const CreateAgentBody = z.strictObject({ email, name, password, role: AgentRole });
export const UpdateAgentBody = z
  .strictObject({ name: name.optional(), role: AgentRole.optional(), disabled: z.boolean().optional() })
  .refine((body) => Object.keys(body).length > 0, 'give at least one of name, role, disabled');
export const AgentList = z.object({ agents: z.array(Agent) });

// ── Customers, identities, posts ────────────────────────────────────────────────────────────
export const Customer = z
  .object({
    id, name: z.string(), notes: z.string(), tags: z.array(z.string()), vip: z.boolean(),
    createdAt: isoTime, updatedAt: isoTime,
  })
  .meta({ id: 'Customer' });

export const Identity = z
  .object({
    id, customerId: id, platform: Platform, handle: z.string(), displayName: z.string(),
    followers: z.number().int().nullable(), profileUrl: z.string().nullable(),
  })
  .meta({ id: 'Identity' });

export const PostAuthorInput = z.strictObject({
  handle: z.string().trim().min(1).max(100),
  displayName: z.string().trim().min(1).max(200),
  followers: z.number().int().min(0).max(10_000_000_000).optional(),
  profileUrl: webUrl.optional(),
});

export const PostInput = z
  .strictObject({
    platform: Platform,
    externalId: z.string().regex(/^[A-Za-z0-9_:.-]{1,100}$/, 'must be 1–100 letters, digits or _ : . -'),
    url: webUrl,
    author: PostAuthorInput,
    text: z.string().max(65_536),
    postedAt: isoTime.optional(),
  })
  .meta({ id: 'PostInput' });

export const Post = z
  .object({
    id, platform: Platform, externalId: z.string(), url: z.string(), identityId: id, customerId: id,
    author: z.object({
      handle: z.string(), displayName: z.string(), followers: z.number().int().nullable(),
      profileUrl: z.string().nullable(),
    }),
    text: z.string(),
    tone: z.number().min(-1).max(1).nullable().meta({ description: 'How the post reads, −1 (angry) to 1 (delighted); null for posts stored before tone was read' }),
    postedAt: isoTime.nullable(), createdAt: isoTime,
  })
  .meta({ id: 'Post' });

// ── Cases ───────────────────────────────────────────────────────────────────────────────────
export const Case = z
  .object({
    id, number: z.number().int().positive(), customerId: id, status: CaseStatus, priority: Priority,
    assigneeId: id.nullable(), subject: z.string(), tags: z.array(z.string()),
    slaDueAt: isoTime.nullable(), firstResponseAt: isoTime.nullable(), resolvedAt: isoTime.nullable(),
    version: z.number().int().positive(), createdAt: isoTime, updatedAt: isoTime,
  })
  .meta({ id: 'Case' });

export const CaseEvent = z
  .object({
    id, caseId: id, type: z.enum(eventTypes), actorId: id.nullable(),
    data: z.record(z.string(), z.unknown()), createdAt: isoTime,
  })
  .meta({ id: 'CaseEvent' });

const externalId = z.string().regex(/^[A-Za-z0-9_:.-]{1,100}$/, 'must be 1–100 letters, digits or _ : . -');
export const PostCasesQuery = z.strictObject({
  platform: Platform,
  externalIds: z
    .string()
    .transform((list) => [...new Set(list.split(',').filter((item) => item !== ''))])
    .pipe(z.array(externalId).min(1).max(100))
    .meta({ description: 'Comma-separated post ids, 1–100', example: '1790000000000000001,1790000000000000002' }),
});
export const PostCases = z
  .object({ links: z.array(z.object({ externalId: z.string(), case: Case })) })
  .meta({ id: 'PostCases' });

export const CasePost = Post.extend({ excerpt: z.string().nullable(), addedAt: isoTime }).meta({ id: 'CasePost' });

export const CreateCaseBody = z.strictObject({
  clientId: id.optional(),
  post: PostInput,
  excerpt: z.string().max(5000).optional(),
  subject: z.string().trim().max(200).optional(),
  priority: Priority.optional(),
  assigneeId: id.optional(),
  tags: tagList.optional(),
});
export const CaseResponse = z.object({ case: Case });
export const CaseDetail = z.object({ case: Case, customer: Customer, posts: z.array(CasePost), timeline: z.array(CaseEvent) });

export const CaseListQuery = z.strictObject({
  status: CaseStatus.optional(),
  assigneeId: id.optional(),
  customerId: id.optional(),
  q: z.string().trim().min(1).max(200).optional(),
  sort: z.enum(['newest', 'priority']).default('newest')
    .meta({ description: '`newest` first, or by `priority` (urgent first), then by how urgent the first post was, then newest' }),
  cursor: z.string().regex(/^(?:\d{1,12}|[0-3]\.\d{1,3}\.\d{1,12})$/, 'must be a cursor from a previous page').optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
}).refine((query) => !query.cursor || query.cursor.includes('.') === (query.sort === 'priority'), {
  message: 'must be a cursor from a previous page of the same sort', path: ['cursor'],
});
export const CaseList = z.object({ cases: z.array(Case), nextCursor: z.string().nullable() });

export const UpdateCaseBody = z
  .strictObject({
    status: CaseStatus.optional(),
    priority: Priority.optional(),
    assigneeId: id.nullable().optional(),
    tags: tagList.optional(),
    subject: z.string().trim().max(200).optional(),
    version: z.number().int().positive(),
  });

export const LinkPostBody = z.strictObject({ post: PostInput, excerpt: z.string().max(5000).optional() });
export const LinkPostResponse = z.object({ case: Case, post: CasePost });
export const NoteBody = z.strictObject({ body: z.string().trim().min(1).max(10_000) });
export const EventResponse = z.object({ event: CaseEvent });
export const ReplyBody = z.strictObject({
  text: z.string().trim().min(1).max(10_000),
  postExternalId: z.string().regex(/^[A-Za-z0-9_:.-]{1,100}$/).optional(),
  sentAt: isoTime.optional(),
});
export const ReplyResponse = z.object({ case: Case, event: CaseEvent });

// ── Customer views ──────────────────────────────────────────────────────────────────────────
export const CustomerLookupQuery = z.strictObject({ platform: Platform, handle: z.string().trim().min(1).max(101) });
export const CaseSummary = Case.extend({
  excerpt: z.string().nullable().meta({ description: 'The first excerpt highlighted for the case, or its first post\'s text (280 characters at most)' }),
}).meta({ id: 'CaseSummary' });
export const CustomerView = z
  .object({ customer: Customer, identities: z.array(Identity), cases: z.array(CaseSummary), recentPosts: z.array(Post) })
  .meta({ id: 'CustomerView' });
const customerPatch = z.strictObject({
  name: name.optional(),
  notes: z.string().max(10_000).optional(),
  tags: tagList.optional(),
  vip: z.boolean().optional(),
});
const someCustomerField = (body: Record<string, unknown>) => ['name', 'notes', 'tags', 'vip'].some((key) => body[key] !== undefined);
export const UpdateCustomerBody = customerPatch.refine(someCustomerField, 'give at least one of name, notes, tags, vip');
export const MergeCustomersBody = z.strictObject({ otherCustomerId: id });

// ── Reply templates ─────────────────────────────────────────────────────────────────────────
export const Template = z
  .object({
    id, title: z.string(), body: z.string(), tags: z.array(z.string()), usageCount: z.number().int(),
    createdAt: isoTime, updatedAt: isoTime,
  })
  .meta({ id: 'Template' });
export const CreateTemplateBody = z.strictObject({
  title: name,
  body: z.string().trim().min(1).max(5000),
  tags: tagList.optional(),
});
export const UpdateTemplateBody = CreateTemplateBody.partial().refine(
  (body) => Object.keys(body).length > 0,
  'give at least one of title, body, tags',
);
export const TemplateList = z.object({ templates: z.array(Template) });
export const TemplateResponse = z.object({ template: Template });

// ── Sync ────────────────────────────────────────────────────────────────────────────────────
export const mutationNames = ['createCase', 'updateCase', 'addNote', 'recordReply', 'linkPost', 'updateCustomer', 'mergeCustomers'] as const;
const mutation = <N extends (typeof mutationNames)[number], A extends z.ZodType>(mutationName: N, args: A) =>
  z.strictObject({ id, name: z.literal(mutationName), args });
export const Mutation = z
  .discriminatedUnion('name', [
    mutation('createCase', CreateCaseBody.omit({ clientId: true })),
    mutation('updateCase', UpdateCaseBody.extend({ caseId: id })),
    mutation('addNote', NoteBody.extend({ caseId: id })),
    mutation('recordReply', ReplyBody.extend({ caseId: id })),
    mutation('linkPost', LinkPostBody.extend({ caseId: id })),
    mutation('updateCustomer', customerPatch.extend({ customerId: id }).refine(someCustomerField, 'give at least one of name, notes, tags, vip')),
    mutation('mergeCustomers', z.strictObject({ customerId: id, otherCustomerId: id })),
  ])
  .meta({ id: 'Mutation', description: 'One agent action; `id` (a UUIDv7 made by the client) makes it apply once, for 7 days after it was first applied' });
export const SyncPushBody = z.strictObject({ mutations: z.array(Mutation).min(1).max(500) });
export const MutationResult = z
  .union([
    z.object({ id, ok: z.literal(true), result: z.record(z.string(), z.unknown()) }),
    z.object({ id, ok: z.literal(false), error: z.object({ code: z.string(), message: z.string() }) }),
  ])
  .meta({ id: 'MutationResult' });
const cursor = z.string().regex(/^\d{1,15}$/, 'must be a cursor this server gave').meta({ description: 'Opaque position in the change log' });
export const SyncPushResponse = z.object({ results: z.array(MutationResult), cursor });
export const SyncPullQuery = z.strictObject({
  cursor: cursor.optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(500),
});
export const ChangeEntry = z
  .object({
    entity: z.enum(changeEntities),
    id: z.string(),
    op: z.enum(changeOps),
    data: z.record(z.string(), z.unknown()).nullable().meta({ description: 'The entity now, in its REST shape; null when deleted' }),
  })
  .meta({ id: 'Change' });
export const SyncPullResponse = z.object({ changes: z.array(ChangeEntry), cursor, hasMore: z.boolean() });
export const PostLink = z.object({ platform: Platform, externalId: z.string(), caseId: id }).meta({ id: 'PostLink' });
export const SyncSnapshotResponse = z
  .object({
    cases: z.array(Case).meta({ description: 'Open cases (new, open, pending), most recently updated first' }),
    links: z.array(PostLink).meta({ description: 'Every post of those cases' }),
    customers: z.array(CustomerView).meta({ description: 'The view of each of those cases\' customers' }),
    templates: z.array(Template), agents: z.array(Agent), cursor,
    truncated: z.boolean().meta({ description: 'More cases are open than the snapshot holds; the oldest-updated are left out' }),
  })
  .meta({ id: 'SyncSnapshot', description: 'The working set at `cursor`: pull from it next' });

export const PresenceBody = z.strictObject({
  platform: Platform,
  externalId,
  activity: z.enum(['viewing', 'replying']),
});
export const PresenceResponse = z.object({ expiresAt: isoTime });
export const ChangeEventData = z.object({ cursor }).meta({ id: 'ChangeEvent', description: '`event: change`: the change log moved; pull from your cursor' });
export const PresenceEventData = z
  .object({ agentId: id, agentName: z.string(), platform: Platform, externalId: z.string(), activity: z.enum(['viewing', 'replying']), expiresAt: isoTime })
  .meta({ id: 'PresenceEvent', description: '`event: presence`: an agent is on a post until expiresAt' });

export const IdParam = z.object({ id });
export const Health = z.object({ ok: z.literal(true) });

// ── Replies ─────────────────────────────────────────────────────────────────────────────────
export const SuggestRepliesBody = z
  .strictObject({
    caseId: id.optional().meta({ description: 'The case being answered: its customer and number fill the variables' }),
    post: PostInput.optional().meta({ description: 'The post being answered, as read off the page; without it, the case\'s latest post' }),
  })
  .refine((body) => body.caseId !== undefined || body.post !== undefined, 'give a caseId, a post, or both');
export const ReplySuggestion = z
  .object({
    text: z.string().meta({ description: 'Ready to send: every variable filled, at most 280 weighted characters as X counts them' }),
    templateId: id.optional().meta({ description: 'The template it came from, if any' }),
    score: z.number().meta({ description: 'Relevance (BM25), raised for an apology to an upset customer; 0 for a template offered without a match' }),
    reason: z.string().meta({ description: 'Why it is offered, in a short sentence' }),
    trimmed: z.boolean().meta({ description: 'The text was longer than one post and was cut at a word, ending with an ellipsis' }),
  })
  .meta({ id: 'ReplySuggestion' });
export const PastReply = z
  .object({ text: z.string(), inReplyTo: z.string().meta({ description: 'The text of the post it answered' }) })
  .meta({ id: 'PastReply' });
export const ReplyLibraryQuery = z.strictObject({ limit: z.coerce.number().int().min(1).max(2000).default(500) });
export const ReplyLibrary = z.object({ replies: z.array(PastReply).meta({ description: 'The latest first' }) });
export const SuggestRepliesResponse = z.object({
  suggestions: z.array(ReplySuggestion).max(5),
  tone: z.enum(['negative', 'neutral', 'positive']).meta({ description: 'How the post reads; an apology leads when negative' }),
});

export type AgentT = z.infer<typeof Agent>;
export type CaseT = z.infer<typeof Case>;
export type CaseSummaryT = z.infer<typeof CaseSummary>;
export type CustomerT = z.infer<typeof Customer>;
export type IdentityT = z.infer<typeof Identity>;
export type PostT = z.infer<typeof Post>;
export type PostInputT = z.infer<typeof PostInput>;
export type CaseEventT = z.infer<typeof CaseEvent>;
export type TemplateT = z.infer<typeof Template>;
export type CreateCaseBodyT = z.infer<typeof CreateCaseBody>;
export type MutationT = z.infer<typeof Mutation>;
export type UpdateCaseBodyT = z.infer<typeof UpdateCaseBody>;
