/** The REST resources on the wire: agents, customers, posts, cases, views and templates. */
import { z } from 'zod';
import { belongsToPlatform } from '../domain/urls.js';
import { clientTime, customerPatch, email, examplePosts, externalId, id, isoTime, name, password, someCustomerField, tagList, webUrl } from './fields.js';
import { caseStatuses } from '../domain/caseStatus.js';
import { priorities } from '../domain/sla.js';
import { platforms } from '../domain/handles.js';

export { caseStatuses, priorities, platforms };
export const agentRoles = ['admin', 'agent'] as const;
export const eventTypes = [
  'created', 'status', 'priority', 'assigned', 'tags', 'subject', 'note', 'reply', 'post_linked', 'merged',
] as const;
export const changeOps = ['upsert', 'delete'] as const;
export const changeEntities = ['case', 'customer', 'identity', 'post', 'event', 'template', 'agent'] as const;
/** What an agent tags a post as, for the voice of the customer (api/contract/metrics.ts). */
export const feedbackKinds = ['idea', 'bug', 'praise', 'question'] as const;


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
export const ChangePasswordBody = z.strictObject({ currentPassword: z.string().min(1).max(256), newPassword: password });

export const CreateOrgBody = z.strictObject({
  name,
  admin: z.strictObject({ email, name, password }),
});
export const CreateOrgResponse = z.object({ org: Org, agent: Agent });

export const CreateAgentBody = z.strictObject({ email, name, password, role: AgentRole });
export const UpdateAgentBody = z
  .strictObject({
    name: name.optional(), role: AgentRole.optional(), disabled: z.boolean().optional(),
    password: password.optional().meta({ description: 'A new password for the agent; every sign-in of theirs is revoked' }),
  })
  .refine((body) => Object.keys(body).length > 0, 'give at least one of name, role, disabled, password');
export const AgentList = z.object({ agents: z.array(Agent) });

// ── Customers, identities, posts ────────────────────────────────────────────────────────────
const unknownReach = 'The author\'s followers as last read off the site; null while the reach is unknown (never shown, not 0): the priority score then counts 2 of its 20 reach points (api/domain/priority.ts).';

export const Customer = z
  .object({
    id, name: z.string(), notes: z.string(), tags: z.array(z.string()), vip: z.boolean(),
    createdAt: isoTime, updatedAt: isoTime,
  })
  .meta({ id: 'Customer' });

export const Identity = z
  .object({
    id, customerId: id, platform: Platform, handle: z.string(), displayName: z.string(),
    followers: z.number().int().nullable().meta({ description: unknownReach }), profileUrl: z.string().nullable(),
  })
  .meta({ id: 'Identity' });

export const PostAuthorInput = z.strictObject({
  handle: z.string().trim().min(1).max(100),
  displayName: z.string().trim().min(1).max(200),
  followers: z.number().int().min(0).max(10_000_000_000).optional()
    .meta({ description: 'The author\'s followers, only when the page showed them (a profile header or hover card; a tweet never does). Left out, the profile keeps the count it had, else its reach stays unknown: never read as 0.' }),
  profileUrl: webUrl.optional(),
});

export const PostInput = z
  .strictObject({
    platform: Platform,
    externalId: z.string().regex(/^[A-Za-z0-9_:.-]{1,100}$/, 'must be 1–100 letters, digits or _ : . -'),
    url: webUrl,
    author: PostAuthorInput,
    text: z.string().max(65_536),
    postedAt: clientTime.optional(),
  })
  .superRefine((post, context) => {
    if (!belongsToPlatform(post.platform, post.url)) {
      context.addIssue({ code: 'custom', path: ['url'], message: `must be an https address on ${post.platform === 'x' ? 'x.com or twitter.com' : 'facebook.com'}` });
    }
    if (post.author.profileUrl !== undefined && !belongsToPlatform(post.platform, post.author.profileUrl)) {
      context.addIssue({ code: 'custom', path: ['author', 'profileUrl'], message: `must be a profile on ${post.platform === 'x' ? 'x.com or twitter.com' : 'facebook.com'}` });
    }
  })
  .meta({ id: 'PostInput' });

export const Post = z
  .object({
    id, platform: Platform, externalId: z.string(), url: z.string(), identityId: id, customerId: id,
    author: z.object({
      handle: z.string(), displayName: z.string(), followers: z.number().int().nullable().meta({ description: unknownReach }),
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
    slaDueAt: isoTime.nullable().meta({ description: 'When the first response (or the next, after the customer writes again) is due' }),
    slaDueSoonAt: isoTime.nullable().meta({ description: 'When that clock turns "due soon": the last quarter of its budget, in business time' }),
    resolutionDueAt: isoTime.nullable().meta({ description: 'When the case should be resolved; null while pending (the clock is stopped) and once resolved' }),
    firstResponseAt: isoTime.nullable(), resolvedAt: isoTime.nullable(),
    version: z.number().int().positive(), createdAt: isoTime, updatedAt: isoTime,
  })
  .meta({ id: 'Case' });

export const CaseEvent = z
  .object({
    id, caseId: id, type: z.enum(eventTypes), actorId: id.nullable(),
    data: z.record(z.string(), z.unknown()), createdAt: isoTime,
  })
  .meta({ id: 'CaseEvent' });

export const PostCasesQuery = z.strictObject({
  platform: Platform,
  externalIds: z
    .string()
    .transform((list) => [...new Set(list.split(',').filter((item) => item !== ''))])
    .pipe(z.array(externalId).min(1).max(100))
    .meta({ description: 'Comma-separated post ids, 1–100', example: '1790000000000000001,1790000000000000002' }),
});
export const PostCases = z
  .object({
    links: z.array(z.object({ externalId: z.string(), case: Case })),
    replies: z.array(z.object({ externalId: z.string(), caseId: id, number: z.number().int() }))
      .meta({ description: 'Those of the posts recorded as a reply on a case (`postExternalId`): the team\'s answers' }),
    feedback: z.array(z.object({ externalId: z.string(), id, kind: z.enum(feedbackKinds), theme: z.string() }))
      .meta({ description: 'Those of the posts tagged as feedback (`POST /feedback`), with their tag' }),
  })
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
  sentAt: clientTime.optional().meta({ description: 'When the reply was sent (now if left out). Never before its case: a time up to 5 minutes earlier (a slow clock) counts as the case\'s creation, an earlier one is refused (400 `reply_before_case`)' }),
  templateId: id.optional().meta({ description: "The template the reply came from (a suggestion the agent inserted): the reply is kept as evidence for it, and its `usageCount` goes up. Another organisation's template, or an unknown one: 404" }),
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
export const UpdateCustomerBody = customerPatch.refine(someCustomerField, 'give at least one of name, notes, tags, vip');
export const MergeCustomersBody = z.strictObject({ otherCustomerId: id });

// ── Reply templates ─────────────────────────────────────────────────────────────────────────
const examplesNote = 'Posts the template answers, as customers word them: a post worded like one of them ranks the template up';
export const Template = z
  .object({
    id, title: z.string(), body: z.string(), tags: z.array(z.string()),
    examples: z.array(z.string()).meta({ description: `${examplesNote}; empty when none were given` }),
    usageCount: z.number().int(), createdAt: isoTime, updatedAt: isoTime,
  })
  .meta({ id: 'Template' });
export const CreateTemplateBody = z.strictObject({
  title: name,
  body: z.string().trim().min(1).max(5000),
  tags: tagList.optional(),
  examples: examplePosts.optional().meta({ description: `${examplesNote}. Up to 20, each trimmed, 1–5000 characters; the same post twice (ignoring case and spacing) is kept once` }),
});
export const UpdateTemplateBody = CreateTemplateBody.partial().refine(
  (body) => Object.keys(body).length > 0,
  'give at least one of title, body, tags, examples',
);
export const TemplateList = z.object({ templates: z.array(Template) });
export const TemplateResponse = z.object({ template: Template });

// ── Shared ──────────────────────────────────────────────────────────────────────────────────
export const IdParam = z.object({ id });
export const Health = z.object({ ok: z.literal(true) });

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
export type UpdateCaseBodyT = z.infer<typeof UpdateCaseBody>;
