/**
 * The one protocol between the extension's pages, its content scripts and the background. The
 * background checks every message with these schemas on arrival (a content script lives in a
 * hostile page); content scripts import only the types, so zod stays out of their bundle.
 */
import { z } from 'zod';
import type { AgentT, CaseSummaryT, CaseT, CustomerT, IdentityT, PostT } from '../api/contract.js';
import { feedbackPageRequests, reportsPageRequests, type PostFeedback, type ReportsResponses } from './protocol/reports.js';
import {
  AgentRole, AuditQuery, ChangePasswordBody, CreateAgentBody, CreateTemplateBody, CreateWebhookBody, PostInput, Priority, SlaPolicy, UpdateWebhookBody,
  type AuditEntryT, type CaseDetail, type SlaPolicyT, type TemplateT, type WebhookDeliveryT, type WebhookT,
} from '../api/contract.js';

const platform = z.enum(['x', 'facebook']);
const externalId = z.string().regex(/^[A-Za-z0-9_:.-]{1,100}$/);
const handle = z.string().trim().min(1).max(101);
/** Followers the page showed for an author (a profile header, a hover card). */
const followers = z.number().int().min(0).max(10_000_000_000);

/** Messages a content script may send. */
export const PageRequest = z.discriminatedUnion('type', [
  z.strictObject({
    type: z.literal('posts.state'),
    platform,
    posts: z.array(z.strictObject({ externalId, handle })).min(1).max(200),
    /** false: answer from the local cache only (instant); true: ask the server first. */
    fresh: z.boolean(),
  }),
  z.strictObject({
    type: z.literal('case.form'),
    platform,
    /** The post the case would be about: its urgency suggests the priority. */
    post: z.strictObject({ handle, text: z.string().max(65_536), postedAt: z.iso.datetime().optional(), followers: followers.optional() }).optional(),
  }),
  z.strictObject({
    type: z.literal('suggestions'),
    /** The post being answered, as read off the page. */
    post: PostInput,
  }),
  z.strictObject({
    type: z.literal('case.create'),
    post: PostInput,
    excerpt: z.string().max(5000).optional(),
    /** Absent: the server suggests one from the post. */
    priority: Priority.optional(),
    assigneeId: z.uuid().nullable(),
  }),
  z.strictObject({
    type: z.literal('reply.record'), platform, externalId, text: z.string().min(1).max(10_000),
    /** The reply's own post, when it is on the page (a brand account's answer): recorded once, at its time. */
    answer: z.strictObject({ externalId, postedAt: z.iso.datetime({ offset: true }).optional() }).optional(),
    /** The template of the suggestion the agent inserted before sending. */
    templateId: z.uuid().optional(),
  }),
  /**
   * An agent action on a case or a customer, queued in the outbox (see `Mutation` in the API's
   * contract, which checks `args`): applied on screen at once, by the server when it can be.
   */
  z.strictObject({
    type: z.literal('mutate'),
    /** The post whose bar the action was taken on: it shows the action's fate. */
    platform,
    externalId,
    name: z.enum(['updateCase', 'addNote', 'linkPost', 'updateCustomer', 'mergeCustomers']),
    args: z.record(z.string(), z.unknown()),
  }),
  /**
   * The agent asked for a case in full: the side panel opens on it (or, where the browser lets only
   * its own buttons open the sidebar, the panel's page in a tab). Notes, customer notes and the other
   * site's profiles are shown there, in the extension's own page, never on the site's.
   */
  z.strictObject({ type: z.literal('panel.open'), caseId: z.uuid() }),
  /** Who a handle belongs to, to merge two profiles of one person. */
  z.strictObject({ type: z.literal('customer.find'), platform, handle }),
  /** How posts on a search or mentions page read, and how far their authors reach. */
  z.strictObject({
    type: z.literal('posts.tone'),
    platform,
    posts: z.array(z.strictObject({ externalId, handle, text: z.string().max(5000), followers: followers.optional() })).min(1).max(200),
  }),
  z.strictObject({ type: z.literal('options.open') }),
  z.strictObject({ type: z.literal('presence.announce'), platform, externalId, activity: z.enum(['viewing', 'replying']) }),
  /** Keeps the background awake while a social tab is open (its event stream lives there). */
  z.strictObject({ type: z.literal('ping') }),
  ...feedbackPageRequests,
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
  /** Refused while actions wait to be sent, unless the agent chose to `discard` them. */
  z.strictObject({ type: z.literal('session.signOut'), discard: z.boolean().optional() }),
  /** What waits on this browser, for which agent, and the signed-in agent's changes set aside. */
  z.strictObject({ type: z.literal('outbox.summary') }),
  /** The signed-in agent's decision on a change set aside: send it again as a new change, or discard it. */
  z.strictObject({ type: z.literal('outbox.decide'), id: z.uuid(), decision: z.enum(['resend', 'discard']) }),
  /** The team's SLA policy: anyone reads it, admins set it (the server decides). */
  z.strictObject({ type: z.literal('settings.sla.get') }),
  z.strictObject({ type: z.literal('settings.sla.set'), policy: SlaPolicy }),
  /** The team's reply templates, for the settings: listed, saved (new without an id) and deleted. */
  z.strictObject({ type: z.literal('settings.templates.list') }),
  z.strictObject({
    type: z.literal('settings.templates.save'),
    template: z.strictObject({
      id: z.uuid().optional(), ...CreateTemplateBody.shape,
      tags: CreateTemplateBody.shape.tags.unwrap(), examples: CreateTemplateBody.shape.examples.unwrap(),
    }),
  }),
  z.strictObject({ type: z.literal('settings.templates.delete'), id: z.uuid() }),
  /** The team, for the settings: listed, invited (a one-time password is made and answered once), changed. */
  z.strictObject({ type: z.literal('settings.agents.list') }),
  z.strictObject({ type: z.literal('settings.agents.invite'), agent: CreateAgentBody.omit({ password: true }) }),
  z.strictObject({
    type: z.literal('settings.agents.update'),
    change: z.strictObject({ id: z.uuid(), role: AgentRole.optional(), disabled: z.boolean().optional(), resetPassword: z.literal(true).optional() }),
  }),
  /** The signed-in agent changes their own password (the server checks the current one). */
  z.strictObject({ type: z.literal('account.password'), ...ChangePasswordBody.shape }),
  /** A page of the audit log (admins; the server decides), filtered as GET /audit is. */
  z.strictObject({ type: z.literal('settings.audit.list'), query: AuditQuery }),
  /**
   * The team's webhook endpoints (admins; the server decides): listed, registered and rotated (the
   * signing secret is answered once), changed, switched off or on, deleted; their deliveries, sent again.
   */
  z.strictObject({ type: z.literal('settings.webhooks.list') }),
  z.strictObject({ type: z.literal('settings.webhooks.create'), webhook: CreateWebhookBody }),
  z.strictObject({ type: z.literal('settings.webhooks.update'), id: z.uuid(), change: UpdateWebhookBody }),
  z.strictObject({ type: z.literal('settings.webhooks.delete'), id: z.uuid() }),
  z.strictObject({ type: z.literal('settings.webhooks.rotate'), id: z.uuid() }),
  z.strictObject({ type: z.literal('settings.webhooks.deliveries'), id: z.uuid() }),
  z.strictObject({ type: z.literal('settings.webhooks.redeliver'), id: z.uuid(), deliveryId: z.uuid() }),
  /** Which desktop notifications the agent wants on this browser. */
  z.strictObject({ type: z.literal('notifications.get') }),
  z.strictObject({ type: z.literal('notifications.set'), assigned: z.boolean().optional(), dueSoon: z.boolean().optional() }),
  /** The side panel's queue: the open cases of the working set. */
  z.strictObject({ type: z.literal('queue.get') }),
  /** A case in full, for the side panel. */
  z.strictObject({ type: z.literal('case.detail'), caseId: z.uuid() }),
  /** Shows the case's post: the tab already showing it, or a new one at its address. */
  z.strictObject({ type: z.literal('post.open'), caseId: z.uuid() }),
  /** One change to one or many cases, from the side panel: each is its own outbox mutation. */
  z.strictObject({
    type: z.literal('cases.update'),
    caseIds: z.array(z.uuid()).min(1).max(100),
    change: z.strictObject({
      status: z.enum(['open', 'pending', 'resolved']).optional(),
      priority: Priority.optional(),
      assignToMe: z.literal(true).optional(),
      assigneeId: z.uuid().nullable().optional(),
      addTag: z.string().trim().min(1).max(50).optional(),
      /** The case's tags, all of them. */
      tags: z.array(z.string().trim().min(1).max(50)).max(50).optional(),
    }).refine((change) => Object.values(change).some((value) => value !== undefined), 'give a status, an assignee or a tag'),
  }),
  ...reportsPageRequests,
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
  /** Edited here; the server has not applied it yet. */
  pending?: boolean;
  /** Customers being merged into this one (queued). */
  mergingWith?: string[];
}

/** A case as the agent sees it: the server's, with the agent's queued changes on it. */
export type CaseView = CaseT & {
  /** Changed here; the server has not applied it yet. */
  pending?: boolean;
  /** Opened here while the server was out of reach: it has no number yet. */
  provisional?: boolean;
};

export interface PostTone {
  label: 'negative' | 'neutral' | 'positive';
  score: number;
  /** The author's followers, when known. */
  followers: number | null;
}

export interface NoteView {
  id: string;
  body: string;
  author: string | null;
  createdAt: string;
  /** Not yet on the server. */
  pending: boolean;
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
  /** Ready to send: variables filled, within one post's length. */
  text: string;
  /** The template it came from, if any, and its title. */
  templateId?: string;
  title?: string;
  /** Why it is offered. */
  reason: string;
  /** Cut at a word to fit one post. */
  trimmed: boolean;
}

/** What the background answers to each request type. */
/** A row of the side panel's queue. */
export interface QueueItem {
  case: CaseView;
  customerName: string;
  platform: 'x' | 'facebook' | null;
  /** The case's first post (`platform:externalId`), when the cache knows it. */
  postKey: string | null;
  excerpt: string;
  /** How the excerpt reads, by the same scorer as the bars. */
  tone: 'negative' | 'neutral' | 'positive';
}

/** Desktop notifications, each kind on or off: a case assigned to the agent, one of theirs due soon. */
export interface NotificationChoices {
  assigned: boolean;
  dueSoon: boolean;
}

export interface OutboxSummary {
  owners: { agentName: string; agentEmail: string; orgName: string; serverUrl: string; waiting: number; held: number; current: boolean }[];
  held: { id: string; name: string; postKey: string | null; queuedAt: number; code: string; message: string }[];
}

export type { PostFeedback };

export interface Responses extends ReportsResponses {
  'posts.state': {
    session: SessionState;
    /** Per post: its case, or null when it is in none. Posts the server was not asked about are absent. */
    cases: Record<string, CaseView | null>;
    /** Per handle as sent: the customer, or null when the handle is unknown. */
    customers: Record<string, CustomerCard | null>;
    agents: Record<string, string>;
    /** Handles as sent that are the team's own profiles: their posts are the brand's. */
    brand: string[];
    /** Per post recorded as the team's reply on a case (a brand account's answer on the page): that case. */
    answers: Record<string, { caseId: string; number: number }>;
    /** Per post: its feedback tag, or null when it has none. Posts the cache knows nothing of are absent. */
    feedback: Record<string, PostFeedback | null>;
  };
  'case.form': {
    agents: { id: string; name: string }[];
    me: string | null;
    /** What the post's urgency suggests (api/domain/priority.ts), with why. */
    suggested?: { priority: 'urgent' | 'high' | 'normal' | 'low'; reasons: string[] };
    /** The author's reach it counted: the page's reading, else the cache's; null when unknown (not 0). */
    followers?: number | null;
  };
  suggestions: { suggestions: Suggestion[] };
  /** The case, or how many actions wait when the server could not be reached (the case is queued). */
  'case.create': { case?: CaseT; queued?: number };
  'reply.record': { recorded: boolean; case?: CaseT; queued?: number };
  /** The server's result, or how many actions wait when it could not be reached (the action is queued). */
  mutate: { result?: Record<string, unknown>; queued?: number };
  'panel.open': { opened: 'panel' | 'tab' };
  'customer.find': { customer: { id: string; name: string } | null };
  'posts.tone': { tones: Record<string, PostTone> };
  'options.open': Record<string, never>;
  'presence.announce': Record<string, never>;
  ping: Record<string, never>;
  'session.get': SessionState;
  'session.signIn': SessionState;
  'session.signOut': SessionState;
  'outbox.summary': OutboxSummary;
  'outbox.decide': { decided: boolean };
  'settings.sla.get': SlaPolicyT;
  'settings.sla.set': SlaPolicyT;
  'settings.templates.list': { templates: TemplateT[] };
  'settings.templates.save': { template: TemplateT };
  'settings.templates.delete': Record<string, never>;
  'settings.agents.list': { agents: AgentT[] };
  /** `password`: the one-time password, shown to the admin once and kept nowhere. */
  'settings.agents.invite': { agent: AgentT; password: string };
  'settings.agents.update': { agent: AgentT; password?: string };
  'account.password': Record<string, never>;
  'settings.audit.list': { entries: AuditEntryT[]; nextCursor: string | null };
  'settings.webhooks.list': { webhooks: WebhookT[] };
  /** `secret`: the endpoint's signing secret (`whsec_…`), shown to the admin once and kept nowhere. */
  'settings.webhooks.create': { webhook: WebhookT; secret: string };
  'settings.webhooks.update': { webhook: WebhookT };
  'settings.webhooks.delete': Record<string, never>;
  /** The new secret, answered once; the old one keeps signing beside it until `webhook.previousSecretExpiresAt`. */
  'settings.webhooks.rotate': { webhook: WebhookT; secret: string };
  /** The endpoint's latest deliveries, newest first. */
  'settings.webhooks.deliveries': { deliveries: WebhookDeliveryT[] };
  'settings.webhooks.redeliver': { delivery: WebhookDeliveryT };
  'notifications.get': NotificationChoices;
  'notifications.set': NotificationChoices;
  /**
   * `waiting`: the agent's changes not yet sent (a case in full asks again as they go); `partial`:
   * the team has more open cases than the working set this browser loaded holds.
   */
  'queue.get': { items: QueueItem[]; agents: Record<string, string>; me: string | null; waiting: number; partial: boolean };
  'post.open': { opened: 'tab' | 'new' | 'none' };
  'case.detail': {
    case: CaseView;
    posts: z.infer<typeof CaseDetail>['posts'];
    timeline: z.infer<typeof CaseDetail>['timeline'];
    card: CustomerCard | null;
    /** The internal notes: the server's, then the agent's not yet sent. */
    notes: NoteView[];
    agents: Record<string, string>;
    /** false: the server could not be asked; the case and card are the cached ones, without posts or timeline. */
    complete: boolean;
  };
  /** Per case: applied, queued (the server is out of reach), or refused and why. */
  'cases.update': { results: { caseId: string; ok: boolean; queued?: boolean; message?: string }[] };
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
  /** These customers' cards (`platform:handle`) changed: their bars ask again. */
  | { type: 'customers.changed'; keys: string[] }
  | { type: 'presence'; presence: PresenceNote }
  /** Actions waiting for the server, and whether it is out of reach. */
  | { type: 'outbox'; waiting: number; offline: boolean; held: number }
  /** The server refused a queued action: its bar says why. */
  | { type: 'rejected'; postKey: string; message: string }
  /** A queued action is set aside for the agent's decision: its bar says so. */
  | { type: 'held'; postKey: string; message: string }
  /** Is any of these posts on this page? Answered with `post.located` on the same port. */
  | { type: 'post.locate'; requestId: number; postKeys: string[] }
  /** Bring this post into view: the agent opened it from the queue. */
  | { type: 'post.focus'; postKeys: string[] }
  /** To the side panel: show this case in full (the agent asked for it from a bar, or a notification). */
  | { type: 'panel.show'; caseId: string };

/** What a content script says on its port. */
export const PortMessage = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('post.located'), requestId: z.number().int().positive(), found: z.boolean() }),
]);
