/**
 * The team's queue, for the side panel: the open cases of the working set in the background's
 * cache, each with the agent's own queued changes replayed over it, its customer and its post.
 */
import { CaseDetail, CustomerView, type CaseT } from '../../api/contract.js';
import { tone } from '../../api/domain/tone.js';
import { cardView, caseView, pendingOf } from '../sync/pending.js';
import { ApiFailure, callApi } from './api.js';
import { keepCase } from './actions.js';
import { activeSession } from './session.js';
import { openStore, ownQueued } from '../store/db.js';
import { TRUNCATED_KEY } from '../sync/snapshot.js';
import type { NoteView, QueueItem, Responses } from '../protocol.js';

const openStatuses = new Set<CaseT['status']>(['new', 'open', 'pending']);

/** How each excerpt reads, kept: the queue is read again on every change the team makes. */
const tones = new Map<string, QueueItem['tone']>();
function toneOf(excerpt: string): QueueItem['tone'] {
  let label = tones.get(excerpt);
  if (label === undefined) {
    label = tone(excerpt).label;
    if (tones.size >= 10_000) tones.clear();
    tones.set(excerpt, label);
  }
  return label;
}

export async function queue(): Promise<Responses['queue.get']> {
  const store = await openStore();
  const session = await store.get('session', 'current');
  if (!session || session.expired) return { items: [], agents: {}, me: null, waiting: 0, partial: false };
  const queued = await ownQueued(store);
  const pending = pendingOf(queued);
  const [cases, agents, truncated] = await Promise.all([store.getAll('cases'), store.getAll('agents'), store.get('meta', TRUNCATED_KEY)]);
  const tx = store.transaction(['customers', 'postCases']);
  const byCustomer = tx.objectStore('customers').index('byCustomer');
  const byCase = tx.objectStore('postCases').index('byCase');
  const open = cases.map((cached) => caseView(cached, pending)).filter((kase) => openStatuses.has(kase.status));
  // Every read asked at once: IndexedDB answers them in one pass rather than one case after another.
  const found = await Promise.all(open.map((kase) => Promise.all([byCustomer.get(kase.customerId), byCase.getAllKeys(kase.id)])));
  const items = open.map((kase, i): QueueItem => {
    const [card, postKeys] = found[i]!;
    const customer = card?.card;
    const first = postKeys.map(String).sort()[0] ?? null;
    const platform = first ? (first.slice(0, first.indexOf(':')) as QueueItem['platform']) : (customer?.identities[0]?.platform ?? null);
    const excerpt = customer?.cases.find((summary) => summary.id === kase.id)?.excerpt ?? kase.subject;
    return { case: kase, customerName: customer?.customer.name ?? 'Customer', platform, postKey: first, excerpt, tone: toneOf(excerpt) };
  });
  return { items, agents: Object.fromEntries(agents.map((agent) => [agent.id, agent.name])), me: session.agent.id, waiting: queued.length, partial: truncated === true };
}

/**
 * A case in full for the side panel: its posts and timeline from the server, and its customer's
 * card; out of reach, the case and card the cache holds, with the agent's own changes on them.
 */
export async function caseDetail(caseId: string): Promise<Responses['case.detail']> {
  const session = await activeSession();
  const store = await openStore();
  const pending = pendingOf(await ownQueued(store));
  const cached = await store.get('cases', caseId);
  const names = Object.fromEntries((await store.getAll('agents')).map((agent) => [agent.id, agent.name]));
  const waiting: NoteView[] = pending.notes.filter((note) => note.caseId === caseId)
    .map((note) => ({ id: note.id, body: note.body, author: session.agent.name, createdAt: new Date(note.queuedAt).toISOString(), pending: true }));
  const target = { serverUrl: session.serverUrl, token: session.token };
  try {
    const detail = await callApi(target, 'GET', `/cases/${caseId}`, CaseDetail);
    const card = await callApi(target, 'GET', `/customers/${detail.case.customerId}`, CustomerView);
    await keepCase(detail.case);
    const notes = detail.timeline.filter((event) => event.type === 'note').map((event) => ({
      id: event.id, body: String(event.data.body ?? ''), author: event.actorId ? (names[event.actorId] ?? null) : null, createdAt: event.createdAt, pending: false,
    }));
    return {
      case: caseView(detail.case, pending), posts: detail.posts, timeline: detail.timeline, card: cardView(card, pending),
      notes: [...notes, ...waiting], agents: names, complete: true,
    };
  } catch (error) {
    if (error instanceof ApiFailure && error.status !== 0 && error.status < 500) throw error;
    if (!cached) throw new ApiFailure(404, 'not_cached', 'Parley\'s server is out of reach and this case is not in the working set here');
    const card = (await store.getFromIndex('customers', 'byCustomer', cached.customerId))?.card ?? null;
    return { case: caseView(cached, pending), posts: [], timeline: [], card: card ? cardView(card, pending) : null, notes: waiting, agents: names, complete: false };
  }
}
