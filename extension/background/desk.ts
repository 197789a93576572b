/**
 * What the bars ask for: cases of posts, customers, agents, suggestions; and what they do: open a
 * case, record a reply. Answers come from IndexedDB first; the server refreshes them.
 */
import { z } from 'zod';
import { AgentList, BrandAccounts, CustomerView, PostCases, PresenceResponse } from '../../api/contract.js';
import { isOpenStatus } from '../../api/domain/caseStatus.js';
import { suggestPriority } from '../../api/domain/priority.js';
import { tone } from '../../api/domain/tone.js';
import { normalizeHandle } from '../../api/domain/handles.js';
import type { CustomerCard, PageRequestT, Responses } from '../protocol.js';
import { answerKey, cachedCard, customerKey, openStore, ownQueued, postKey, type Store, type StoredSession } from '../store/db.js';
import { ApiFailure, callApi } from './api.js';
import { cardView, caseView, pendingOf, provisionalCase, type Pending } from '../sync/pending.js';
import { activeSession, publicSession } from './session.js';
import { cachedFeedback, keepFeedback } from './feedback.js';

type Req<T extends PageRequestT['type']> = Extract<PageRequestT, { type: T }>;

// A fresh request always asks the server (the cache answered the instant before it); the same
// question asked again while it is on its way shares the answer.
const inFlight = new Map<string, Promise<unknown>>();

export function once<T>(key: string, load: () => Promise<T>): Promise<T> {
  const running = inFlight.get(key) as Promise<T> | undefined;
  if (running) return running;
  const started = load().finally(() => inFlight.delete(key));
  inFlight.set(key, started);
  return started;
}

export const api = <S extends z.ZodType>(session: StoredSession, method: string, path: string, schema: S, body?: unknown) =>
  callApi({ serverUrl: session.serverUrl, token: session.token }, method, path, schema, body);

async function refreshPostCases(session: StoredSession, platform: 'x' | 'facebook', externalIds: string[]): Promise<void> {
  const store = await openStore();
  const now = Date.now();
  for (let i = 0; i < externalIds.length; i += 100) {
    const chunk = externalIds.slice(i, i + 100);
    const query = new URLSearchParams({ platform, externalIds: chunk.join(',') });
    const { links, replies, feedback } = await once(`posts:${query}`, () => api(session, 'GET', `/posts/cases?${query}`, PostCases));
    const found = new Map(links.map((link) => [link.externalId, link.case]));
    const answered = new Map(replies.map((reply) => [reply.externalId, reply]));
    const tx = store.transaction(['postCases', 'cases', 'meta'], 'readwrite');
    for (const id of chunk) {
      const kase = found.get(id);
      void tx.objectStore('postCases').put({ key: postKey(platform, id), caseId: kase?.id ?? null, fetchedAt: now });
      if (kase) void tx.objectStore('cases').put(kase);
      const answer = answered.get(id);
      if (answer) void tx.objectStore('meta').put({ caseId: answer.caseId, number: answer.number }, answerKey(postKey(platform, id)));
    }
    keepFeedback(tx.objectStore('meta'), platform, chunk, feedback);
    await tx.done;
  }
}

async function refreshCustomer(session: StoredSession, platform: 'x' | 'facebook', handle: string): Promise<CustomerCard | null> {
  const store = await openStore();
  const key = customerKey(platform, normalizeHandle(platform, handle));
  return once(`customer:${key}`, async () => {
    const query = new URLSearchParams({ platform, handle });
    let card: CustomerCard | null;
    try {
      card = await api(session, 'GET', `/customers/lookup?${query}`, CustomerView);
    } catch (error) {
      if (!(error instanceof ApiFailure && error.status === 404)) throw error;
      card = null;
    }
    await store.put('customers', cachedCard(key, card, Date.now()));
    return card;
  });
}

async function agentNames(session: StoredSession, refresh: boolean): Promise<Record<string, string>> {
  const store = await openStore();
  let agents = await store.getAll('agents');
  if (agents.length === 0 || refresh) {
    try {
      agents = (await once('agents', () => api(session, 'GET', '/agents', AgentList))).agents;
      const tx = store.transaction('agents', 'readwrite');
      await Promise.all([tx.store.clear(), ...agents.map((agent) => tx.store.put(agent)), tx.done]);
    } catch (error) {
      if (agents.length === 0) throw error;
    }
  }
  return Object.fromEntries(agents.map((agent) => [agent.id, agent.name]));
}

const BRAND_KEY = 'brand:accounts';
/** How long the team's own profiles are trusted before a fresh look asks the server again. */
const BRAND_TTL_MS = 60_000;

/** The team's own profiles (`platform:handle`, normalised), from the cache, refreshed when `fresh` and stale. */
async function brandAccounts(session: StoredSession, fresh: boolean): Promise<Set<string>> {
  const store = await openStore();
  let cached = (await store.get('meta', BRAND_KEY)) as { keys: string[]; fetchedAt: number } | undefined;
  if (fresh && (!cached || Date.now() - cached.fetchedAt > BRAND_TTL_MS)) {
    try {
      const { accounts } = await once('brand', () => api(session, 'GET', '/settings/accounts', BrandAccounts));
      cached = { keys: accounts.map((account) => customerKey(account.platform, normalizeHandle(account.platform, account.handle))), fetchedAt: Date.now() };
      await store.put('meta', cached, BRAND_KEY);
    } catch {
      // Out of reach: what the cache knows, or none.
    }
  }
  return new Set(cached?.keys ?? []);
}

/**
 * The case a post is in as this agent sees it: the one they put it in, else the cache's. A case
 * they opened on it here, not yet on the server, is `opening` when it stands over none or a closed one.
 */
async function caseAt(store: Store, pending: Pending, key: string) {
  const link = await store.get('postCases', key);
  const caseId = pending.links.get(key) ?? link?.caseId;
  const kase = caseId ? await store.get('cases', caseId) : undefined;
  const created = pending.created.get(key);
  const opening = created && (!kase || !isOpenStatus(kase.status)) ? created : undefined;
  return { link, caseId, kase, opening };
}

/**
 * What a bar on a site's page may hold of a customer: not the team's notes on them, nor their
 * profiles and posts on the other site. Those are shown in the side panel, the extension's own page.
 */
export const barCard = (card: CustomerCard, platform: 'x' | 'facebook'): CustomerCard => ({
  ...card,
  customer: { ...card.customer, notes: '' },
  identities: card.identities.filter((identity) => identity.platform === platform),
  recentPosts: card.recentPosts.filter((post) => post.platform === platform),
});

export async function postsState(request: Req<'posts.state'>): Promise<Responses['posts.state']> {
  const session = await activeSession();
  const { platform, posts } = request;
  // What the server just said answers directly: the cache may be cleared meanwhile by a pull.
  const fetched = new Map<string, CustomerCard | null>();
  if (request.fresh) {
    const handles = [...new Set(posts.map((post) => post.handle))];
    const [, ...cards] = await Promise.all([
      refreshPostCases(session, platform, posts.map((post) => post.externalId)),
      ...handles.map((handle) => refreshCustomer(session, platform, handle)),
    ]);
    handles.forEach((handle, i) => fetched.set(handle, cards[i] ?? null));
  }
  const store = await openStore();
  const pending = pendingOf(await ownQueued(store));
  // Keys are page text (handles, post ids): maps without a prototype, so `__proto__` is a key like any other.
  const cases: Responses['posts.state']['cases'] = Object.create(null);
  const customers: Responses['posts.state']['customers'] = Object.create(null);
  for (const post of posts) {
    const key = postKey(platform, post.externalId);
    let card = fetched.get(post.handle);
    if (!fetched.has(post.handle)) {
      const cached = await store.get('customers', customerKey(platform, normalizeHandle(platform, post.handle)));
      card = cached?.card;
    }
    if (card !== undefined) customers[post.handle] = card && barCard(cardView(card, pending), platform);
    const { link, kase, opening } = await caseAt(store, pending, key);
    if (opening) cases[post.externalId] = caseView(provisionalCase(opening, card?.customer.id ?? opening.id), pending);
    else if (kase) cases[post.externalId] = caseView(kase, pending);
    else if (link) cases[post.externalId] = null;
  }
  const brand = await brandAccounts(session, request.fresh);
  const own = [...new Set(posts.map((post) => post.handle))].filter((handle) => brand.has(customerKey(platform, normalizeHandle(platform, handle))));
  // Only the team's own posts can be its recorded answers: a timeline of customers' posts reads none.
  const answers: Responses['posts.state']['answers'] = Object.create(null);
  for (const post of posts) {
    if (!own.includes(post.handle)) continue;
    const answer = (await store.get('meta', answerKey(postKey(platform, post.externalId)))) as { caseId: string; number: number } | undefined;
    if (answer) answers[post.externalId] = answer;
  }
  const feedback = await cachedFeedback(store, platform, posts.map((post) => post.externalId));
  return { session: publicSession(session), cases, customers, brand: own, answers, feedback, agents: await agentNames(session, false).catch(() => ({})) };
}

/** The case a post is in, as far as this agent knows; asks the server when the cache does not know. */
export async function caseOfPost(key: string): Promise<string | null> {
  const store = await openStore();
  const { caseId, opening } = await caseAt(store, pendingOf(await ownQueued(store)), key);
  // A case opened here and not yet on the server: actions on it wait for it (see the outbox).
  if (opening) return opening.id;
  if (caseId) return caseId;
  const [platform, externalId] = [key.slice(0, key.indexOf(':')), key.slice(key.indexOf(':') + 1)] as ['x' | 'facebook', string];
  await refreshPostCases(await activeSession(), platform, [externalId]).catch(() => undefined);
  return (await store.get('postCases', key))?.caseId ?? null;
}

export async function findCustomer(request: Req<'customer.find'>): Promise<Responses['customer.find']> {
  const card = await refreshCustomer(await activeSession(), request.platform, request.handle);
  return { customer: card ? { id: card.customer.id, name: card.customer.name } : null };
}

/** What the cache knows of a post's author: their reach on that site, and whether the team marked them VIP. */
async function knownAuthor(platform: 'x' | 'facebook', rawHandle: string): Promise<{ followers: number | null; vip: boolean }> {
  const handle = normalizeHandle(platform, rawHandle);
  const card = (await (await openStore()).get('customers', customerKey(platform, handle)))?.card;
  const identity = card?.identities.find((known) => known.platform === platform && known.handle === handle);
  return { followers: identity?.followers ?? null, vip: card?.customer.vip ?? false };
}

export async function caseForm(request: Req<'case.form'>): Promise<Responses['case.form']> {
  const session = await activeSession();
  const names = await agentNames(session, true);
  const agents = Object.entries(names).map(([id, name]) => ({ id, name }));
  if (!request.post) return { agents, me: session.agent.id };
  const { text, handle, postedAt } = request.post;
  const author = await knownAuthor(request.platform, handle);
  const followers = request.post.followers ?? author.followers;
  const { priority, reasons } = suggestPriority({
    tone: tone(text).score, followers, vip: author.vip, text,
    waitingMinutes: postedAt ? (Date.now() - Date.parse(postedAt)) / 60_000 : 0,
  });
  return { agents, me: session.agent.id, suggested: { priority, reasons }, followers };
}

export async function announcePresence(request: Req<'presence.announce'>): Promise<Responses['presence.announce']> {
  const session = await activeSession();
  await api(session, 'POST', '/presence', PresenceResponse, { platform: request.platform, externalId: request.externalId, activity: request.activity });
  return {};
}

/** Tone and reach of posts on a search or mentions page: the reach the page showed, else what the cache knows of each author. */
export async function postsTone(request: Req<'posts.tone'>): Promise<Responses['posts.tone']> {
  await activeSession();
  const followers = await Promise.all(request.posts.map(async (post) => post.followers ?? (await knownAuthor(request.platform, post.handle)).followers));
  const tones: Responses['posts.tone']['tones'] = Object.create(null); // keyed by page text
  request.posts.forEach((post, i) => {
    const { label, score } = tone(post.text);
    tones[post.externalId] = { label, score, followers: followers[i]! };
  });
  return { tones };
}
