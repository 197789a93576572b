/** The sync protocol (push, pull, snapshot, live events, presence) and reply suggestions. */
import { z } from 'zod';
import { customerPatch, externalId, id, isoTime, someCustomerField } from './fields.js';
import {
  Agent, Case, changeEntities, changeOps, CreateCaseBody, CustomerView, LinkPostBody, NoteBody, Platform, PostInput,
  ReplyBody, Template, UpdateCaseBody,
} from './resources.js';

// ── Sync ────────────────────────────────────────────────────────────────────────────────────
export const mutationNames = ['createCase', 'updateCase', 'addNote', 'recordReply', 'linkPost', 'updateCustomer', 'mergeCustomers'] as const;
/** A UUIDv7: its first 48 bits are when the client made the action, which the server's retention is judged by. */
export const MutationId = z.uuid({ version: 'v7', error: 'must be a UUIDv7 made when the action was' });
const mutation = <N extends (typeof mutationNames)[number], A extends z.ZodType>(mutationName: N, args: A) =>
  z.strictObject({ id: MutationId, name: z.literal(mutationName), args });
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
  .meta({
    id: 'Mutation',
    description: 'One agent action; `id` (a UUIDv7 made by the client when the action was made) makes it apply once. '
      + 'The server remembers ids for 7 days: an id made longer ago than that, and not remembered, is refused with `mutation_expired` '
      + '(it may have been applied and forgotten). An unexpected server error in one mutation answers `internal` for it alone, '
      + 'is not remembered, and may be sent again.',
  });
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
  .object({
    text: z.string(),
    inReplyTo: z.string().meta({ description: 'The text of the post it answered' }),
    templateId: id.optional().meta({ description: 'The template it was sent from, if any: its answered post is evidence for that template' }),
  })
  .meta({ id: 'PastReply' });
export const ReplyLibraryQuery = z.strictObject({ limit: z.coerce.number().int().min(1).max(2000).default(500) });
export const ReplyLibrary = z.object({ replies: z.array(PastReply).meta({ description: 'The latest first' }) });
export const SuggestRepliesResponse = z.object({
  suggestions: z.array(ReplySuggestion).max(5),
  tone: z.enum(['negative', 'neutral', 'positive']).meta({ description: 'How the post reads; an apology leads when negative' }),
});

export type MutationT = z.infer<typeof Mutation>;
