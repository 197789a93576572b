/**
 * What the bars ask for: cases of posts, customers, agents, suggestions; and what they do: open a
 * case, record a reply. Answers come from IndexedDB first; the server refreshes them.
 */
import { z } from 'zod';
import { AgentList, Case, CustomerView, PostCases, PresenceResponse, TemplateList, type CaseT } from '../../api/contract.js';
import { normalizeHandle } from '../../api/domain/handles.js';
import type { CustomerCard, PageRequestT, Responses } from '../protocol.js';
import { customerKey, openStore, postKey, type StoredSession } from '../store/db.js';
import { ApiFailure, callApi } from './api.js';
import type { Outbox } from './outbox.js';
import { activeSession, publicSession } from './session.js';
import { rankSuggestions } from '../../api/domain/suggestions.js';

type Req<T extends PageRequestT['type']> = Extract<PageRequestT, { type: T }>;

// A fresh request always asks the server (the cache answered the instant before it); the same
// question asked again while it is on its way shares the answer.
const inFlight = new Map<string, Promise<unknown>>();

function once<T>(key: string, load: () => Promise<T>): Promise<T> {
  const running = inFlight.get(key) as Promise<T> | undefined;
  if (running) return running;
  const started = load().finally(() => inFlight.delete(key));
  inFlight.set(key, started);
  return started;
}

const api = <S extends z.ZodType>(session: StoredSession, method: string, path: string, schema: S, body?: unknown) =>
  callApi({ serverUrl: session.serverUrl, token: session.token }, method, path, schema, body);

async function refreshPostCases(session: StoredSession, platform: 'x' | 'facebook', externalIds: string[]): Promise<void> {
  const store = await openStore();
  const now = Date.now();
  for (let i = 0; i < externalIds.length; i += 100) {
    const chunk = externalIds.slice(i, i + 100);
    const query = new URLSearchParams({ platform, externalIds: chunk.join(',') });
    const { links } = await once(`posts:${query}`, () => api(session, 'GET', `/posts/cases?${query}`, PostCases));
    const found = new Map(links.map((link) => [link.externalId, link.case]));
    const tx = store.transaction(['postCases', 'cases'], 'readwrite');
    for (const id of chunk) {
      const kase = found.get(id);
      void tx.objectStore('postCases').put({ key: postKey(platform, id), caseId: kase?.id ?? null, fetchedAt: now });
      if (kase) void tx.objectStore('cases').put(kase);
    }
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
    await store.put('customers', { key, card, fetchedAt: Date.now() });
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
  const cases: Responses['posts.state']['cases'] = {};
  const customers: Responses['posts.state']['customers'] = {};
  for (const post of posts) {
    const link = await store.get('postCases', postKey(platform, post.externalId));
    if (link) cases[post.externalId] = link.caseId ? ((await store.get('cases', link.caseId)) ?? null) : null;
    if (fetched.has(post.handle)) {
      customers[post.handle] = fetched.get(post.handle) ?? null;
      continue;
    }
    const customer = await store.get('customers', customerKey(platform, normalizeHandle(platform, post.handle)));
    if (customer) customers[post.handle] = customer.card;
  }
  return { session: publicSession(session), cases, customers, agents: await agentNames(session, false).catch(() => ({})) };
}

export async function caseForm(): Promise<Responses['case.form']> {
  const session = await activeSession();
  const names = await agentNames(session, true);
  return { agents: Object.entries(names).map(([id, name]) => ({ id, name })), me: session.agent.id };
}

export async function suggestions(request: Req<'suggestions'>): Promise<Responses['suggestions']> {
  const session = await activeSession();
  const store = await openStore();
  let templates = await store.getAll('templates');
  try {
    templates = (await once('templates', () => api(session, 'GET', '/templates', TemplateList))).templates;
    const tx = store.transaction('templates', 'readwrite');
    await Promise.all([tx.store.clear(), ...templates.map((template) => tx.store.put(template)), tx.done]);
  } catch (error) {
    // Offline: the cached templates still serve.
    if (templates.length === 0) throw error;
  }
  const link = await store.get('postCases', postKey(request.platform, request.externalId));
  const kase = link?.caseId ? await store.get('cases', link.caseId) : undefined;
  const customer = await store.get('customers', customerKey(request.platform, normalizeHandle(request.platform, request.author.handle)));
  const handle = normalizeHandle(request.platform, request.author.handle);
  const values = {
    'customer.name': customer?.card?.customer.name || request.author.displayName || handle,
    'customer.handle': request.platform === 'x' ? `@${handle}` : request.author.displayName || handle,
    'agent.name': session.agent.name,
    'case.number': kase?.number,
  };
  return { suggestions: rankSuggestions(templates, values, request.text) };
}

/** The server's answer to a case creation, put in the cache. */
export async function rememberCase(created: CaseT, post: { platform: string; externalId: string; author: { handle: string } }): Promise<void> {
  const store = await openStore();
  const { platform, externalId, author } = post;
  const tx = store.transaction(['postCases', 'cases', 'customers'], 'readwrite');
  void tx.objectStore('cases').put(created);
  void tx.objectStore('postCases').put({ key: postKey(platform, externalId), caseId: created.id, fetchedAt: Date.now() });
  // The customer's history now has this case: the next look asks the server.
  void tx.objectStore('customers').delete(customerKey(platform, normalizeHandle(platform as 'x' | 'facebook', author.handle)));
  await tx.done;
}

/** Through the outbox: with the server unreachable the case waits and goes when it is back. */
export async function createCase(request: Req<'case.create'>, outbox: Outbox): Promise<Responses['case.create']> {
  await activeSession();
  const args = {
    post: request.post,
    ...(request.excerpt ? { excerpt: request.excerpt } : {}),
    priority: request.priority,
    ...(request.assigneeId ? { assigneeId: request.assigneeId } : {}),
  };
  const outcome = await outbox.send('createCase', args, postKey(request.post.platform, request.post.externalId));
  if (!outcome) return { queued: await outbox.count() };
  if (!outcome.ok) throw new ApiFailure(422, outcome.error.code, outcome.error.message);
  const created = Case.parse(outcome.result.case);
  await rememberCase(created, request.post);
  return { case: created };
}

/** Through the outbox too: a reply sent while Parley's server is out of reach is recorded when it is back. */
export async function recordReply(request: Req<'reply.record'>, outbox: Outbox): Promise<Responses['reply.record']> {
  const session = await activeSession();
  const store = await openStore();
  const key = postKey(request.platform, request.externalId);
  let link = await store.get('postCases', key);
  if (!link?.caseId) {
    await refreshPostCases(session, request.platform, [request.externalId]).catch(() => undefined);
    link = await store.get('postCases', key);
  }
  if (!link?.caseId) return { recorded: false };
  const outcome = await outbox.send('recordReply', { caseId: link.caseId, text: request.text, sentAt: new Date().toISOString() }, key);
  if (!outcome) return { recorded: false, queued: await outbox.count() };
  if (!outcome.ok) throw new ApiFailure(422, outcome.error.code, outcome.error.message);
  const updated = Case.parse(outcome.result.case);
  await store.put('cases', updated);
  return { recorded: true, case: updated };
}

export async function announcePresence(request: Req<'presence.announce'>): Promise<Responses['presence.announce']> {
  const session = await activeSession();
  await api(session, 'POST', '/presence', PresenceResponse, { platform: request.platform, externalId: request.externalId, activity: request.activity });
  return {};
}

/** A status or priority change, through the outbox, checked against the version the agent saw. */
export async function updateCase(request: Req<'case.update'>, outbox: Outbox): Promise<Responses['case.update']> {
  await activeSession();
  const args = {
    caseId: request.caseId, version: request.version,
    ...(request.status ? { status: request.status } : {}), ...(request.priority ? { priority: request.priority } : {}),
  };
  const outcome = await outbox.send('updateCase', args, postKey(request.platform, request.externalId));
  if (!outcome) return { queued: await outbox.count() };
  if (!outcome.ok) throw new ApiFailure(409, outcome.error.code, outcome.error.message);
  const updated = Case.parse(outcome.result.case);
  await (await openStore()).put('cases', updated);
  return { case: updated };
}
