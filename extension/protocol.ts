/**
 * The one protocol between the extension's pages, its content scripts and the background. The
 * background checks every message with these schemas on arrival (a content script lives in a
 * hostile page); content scripts import only the types, so zod stays out of their bundle.
 */
import { z } from 'zod';
import type { AgentT, CaseSummaryT, CaseT, CustomerT, IdentityT, PostT } from '../api/contract.js';
import { PostInput, Priority } from '../api/contract.js';

const platform = z.enum(['x', 'facebook']);
const externalId = z.string().regex(/^[A-Za-z0-9_:.-]{1,100}$/);
const handle = z.string().trim().min(1).max(101);

/** Messages a content script may send. */
export const PageRequest = z.discriminatedUnion('type', [
  z.strictObject({
    type: z.literal('posts.state'),
    platform,
    posts: z.array(z.strictObject({ externalId, handle })).min(1).max(200),
    /** false: answer from the local cache only (instant); true: ask the server first. */
    fresh: z.boolean(),
  }),
  z.strictObject({ type: z.literal('case.form'), platform }),
  z.strictObject({
    type: z.literal('suggestions'),
    platform,
    externalId,
    author: z.strictObject({ handle, displayName: z.string().max(200) }),
    /** The post's text: templates whose words it shares rank first. */
    text: z.string().max(65_536),
  }),
  z.strictObject({
    type: z.literal('case.create'),
    post: PostInput,
    excerpt: z.string().max(5000).optional(),
    priority: Priority,
    assigneeId: z.uuid().nullable(),
  }),
  z.strictObject({ type: z.literal('reply.record'), platform, externalId, text: z.string().min(1).max(10_000) }),
  z.strictObject({
    type: z.literal('case.update'),
    platform,
    externalId,
    caseId: z.uuid(),
    /** The version the agent saw: a case changed meanwhile is refused, never overwritten. */
    version: z.number().int().positive(),
    status: z.enum(['new', 'open', 'pending', 'resolved', 'closed']).optional(),
    priority: Priority.optional(),
  }),
  z.strictObject({ type: z.literal('options.open') }),
  z.strictObject({ type: z.literal('presence.announce'), platform, externalId, activity: z.enum(['viewing', 'replying']) }),
  /** Keeps the background awake while a social tab is open (its event stream lives there). */
  z.strictObject({ type: z.literal('ping') }),
]);

/** Messages only the extension's own pages (options, popup) may send. */
export const ExtensionPageRequest = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('session.get') }),
  z.strictObject({
    type: z.literal('session.signIn'),
    serverUrl: z.url({ protocol: /^https?$/ }).max(2048),
    email: z.string().trim().min(3).max(320),
    password: z.string().min(1).max(256),
  }),
  z.strictObject({ type: z.literal('session.signOut') }),
]);

export type PageRequestT = z.infer<typeof PageRequest>;
export type ExtensionPageRequestT = z.infer<typeof ExtensionPageRequest>;
export type Request = PageRequestT | ExtensionPageRequestT;

export interface CustomerCard {
  customer: CustomerT;
  identities: IdentityT[];
  /** Earlier and current cases, open ones first. */
  cases: CaseSummaryT[];
  recentPosts: PostT[];
}

export interface SessionState {
  signedIn: boolean;
  /** The server said the session ended: the agent must sign in again. */
  expired: boolean;
  serverUrl?: string;
  agent?: { id: string; name: string; email: string; role: AgentT['role'] };
  org?: { id: string; name: string };
}

export interface Suggestion {
  templateId: string;
  title: string;
  text: string;
}

/** What the background answers to each request type. */
export interface Responses {
  'posts.state': {
    session: SessionState;
    /** Per post: its case, or null when it is in none. Posts the server was not asked about are absent. */
    cases: Record<string, CaseT | null>;
    /** Per handle as sent: the customer, or null when the handle is unknown. */
    customers: Record<string, CustomerCard | null>;
    agents: Record<string, string>;
  };
  'case.form': { agents: { id: string; name: string }[]; me: string | null };
  suggestions: { suggestions: Suggestion[] };
  /** The case, or how many actions wait when the server could not be reached (the case is queued). */
  'case.create': { case?: CaseT; queued?: number };
  'reply.record': { recorded: boolean; case?: CaseT; queued?: number };
  'case.update': { case?: CaseT; queued?: number };
  'options.open': Record<string, never>;
  'presence.announce': Record<string, never>;
  ping: Record<string, never>;
  'session.get': SessionState;
  'session.signIn': SessionState;
  'session.signOut': SessionState;
}

export interface ProtocolError {
  code: string;
  message: string;
}
export type Reply<T> = { ok: true; data: T } | { ok: false; error: ProtocolError };

/** Messages the background sends to a tab. */
export interface PresenceNote {
  agentId: string;
  agentName: string;
  platform: 'x' | 'facebook';
  externalId: string;
  activity: 'viewing' | 'replying';
  expiresAt: string;
}
export type TabMessage =
  | { type: 'selection.create' }
  | { type: 'session.changed'; session: SessionState }
  /** The cache has news for these posts (`platform:externalId`); `*`: ask the server about every post. */
  | { type: 'posts.changed'; keys: string[] }
  | { type: 'presence'; presence: PresenceNote }
  /** Actions waiting for the server, and whether it is out of reach. */
  | { type: 'outbox'; waiting: number; offline: boolean }
  /** The server refused a queued action: its bar says why. */
  | { type: 'rejected'; postKey: string; message: string };
