/**
 * Reply suggestions for a post: the server's ranking when it can be reached, else the same
 * ranking (api/domain/suggestions) over the templates and the team's past replies kept here. A
 * reply the agent records from a suggestion joins the kept replies at once, with its template, so
 * that offline the team's latest answers count as they do on the server.
 */
import { ReplyLibrary, SuggestRepliesResponse, TemplateList } from '../../api/contract.js';
import { normalizeHandle } from '../../api/domain/handles.js';
import { rankReplies, type PastReply, type ReplySuggestion } from '../../api/domain/suggestions.js';
import { tone } from '../../api/domain/tone.js';
import type { PageRequestT, Responses } from '../protocol.js';
import { customerKey, openStore, postKey, type StoredSession } from '../store/db.js';
import { ApiFailure } from './api.js';
import { api, once } from './desk.js';
import { activeSession } from './session.js';

type Req<T extends PageRequestT['type']> = Extract<PageRequestT, { type: T }>;

/** The text of posts suggestions were asked for, by post key: what a reply recorded on one answered. */
const askedFor = new Map<string, string>();
const ASKED_KEPT = 200;

/**
 * Replies for a post: the server's ranking (templates and the team's past replies) when it can be
 * reached, else the same ranking over the templates and past replies this cache holds.
 */
export async function suggestions(request: Req<'suggestions'>): Promise<Responses['suggestions']> {
  const session = await activeSession();
  const store = await openStore();
  const { post } = request;
  const key = postKey(post.platform, post.externalId);
  askedFor.delete(key);
  askedFor.set(key, post.text);
  if (askedFor.size > ASKED_KEPT) askedFor.delete(askedFor.keys().next().value!);
  const link = await store.get('postCases', key);
  const titled = async (ranked: ReplySuggestion[]) => {
    const titles = new Map((await store.getAll('templates')).map((template) => [template.id, template.title]));
    return ranked.map(({ score: _score, ...suggestion }) => {
      const title = suggestion.templateId ? titles.get(suggestion.templateId) : undefined;
      return title ? { ...suggestion, title } : suggestion;
    });
  };
  try {
    const [answer] = await Promise.all([
      api(session, 'POST', '/replies/suggest', SuggestRepliesResponse, { post, ...(link?.caseId ? { caseId: link.caseId } : {}) }),
      refreshTemplates(session),
      refreshLibrary(session),
    ]);
    return { suggestions: await titled(answer.suggestions) };
  } catch (error) {
    if (!(error instanceof ApiFailure && (error.status === 0 || error.status >= 500))) throw error;
  }
  const templates = await store.getAll('templates');
  const kase = link?.caseId ? await store.get('cases', link.caseId) : undefined;
  const handle = normalizeHandle(post.platform, post.author.handle);
  const customer = await store.get('customers', customerKey(post.platform, handle));
  const values = {
    'customer.name': customer?.card?.customer.name || post.author.displayName || handle,
    'customer.handle': post.platform === 'x' ? `@${handle}` : post.author.displayName || handle,
    'agent.name': session.agent.name,
    'case.number': kase?.number,
  };
  const pastReplies = repliesOf(await keptRecord(session));
  return { suggestions: await titled(rankReplies({ templates, pastReplies, post: { text: post.text, tone: tone(post.text).label }, values })) };
}

const libraryKey = (session: StoredSession) => `replies:${session.org.id}`;
/** How long the kept library of past replies serves before an online suggestion fetches it again. */
const LIBRARY_MAX_AGE_MS = 10 * 60_000;
const LIBRARY_LIMIT = 500;

interface KeptLibrary { fetchedAt?: number; replies?: unknown }

async function keptRecord(session: StoredSession): Promise<KeptLibrary | undefined> {
  return (await (await openStore()).get('meta', libraryKey(session))) as KeptLibrary | undefined;
}

function repliesOf(kept: KeptLibrary | undefined): PastReply[] {
  const library = ReplyLibrary.safeParse({ replies: kept?.replies ?? [] });
  return library.success ? library.data.replies : [];
}

/**
 * A reply sent from a template on a post whose suggestions were asked for here: kept at the head of
 * the library, as the server will list it, until the next fetch brings the server's own list.
 */
export async function keepAnswered(session: StoredSession, platform: 'x' | 'facebook', externalId: string, text: string, templateId: string): Promise<void> {
  const inReplyTo = askedFor.get(postKey(platform, externalId));
  if (inReplyTo === undefined) return;
  const kept = await keptRecord(session);
  const replies = [{ text, inReplyTo, templateId }, ...repliesOf(kept)].slice(0, LIBRARY_LIMIT);
  await (await openStore()).put('meta', { fetchedAt: kept?.fetchedAt ?? 0, replies }, libraryKey(session));
}

/** The team's latest replies, kept so that offline suggestions rank them as the server does. */
async function refreshLibrary(session: StoredSession): Promise<void> {
  const kept = await keptRecord(session);
  if (kept?.fetchedAt && Date.now() - kept.fetchedAt < LIBRARY_MAX_AGE_MS) return;
  const { replies } = await once('library', () => api(session, 'GET', `/replies/library?limit=${LIBRARY_LIMIT}`, ReplyLibrary));
  await (await openStore()).put('meta', { fetchedAt: Date.now(), replies }, libraryKey(session));
}

/** The team's templates, kept for offline ranking and for their titles. */
async function refreshTemplates(session: StoredSession): Promise<void> {
  const store = await openStore();
  const { templates } = await once('templates', () => api(session, 'GET', '/templates', TemplateList));
  const tx = store.transaction('templates', 'readwrite');
  await Promise.all([tx.store.clear(), ...templates.map((template) => tx.store.put(template)), tx.done]);
}

