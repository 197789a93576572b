/** The tab's line to the background: post states in, session changes and commands out. */
import { browser } from 'wxt/browser';
import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import { normalizeHandle } from '../../api/domain/handles.js';
import { ask, ParleyError } from '../messaging.js';
import { TAB_PORT } from '../ports.js';
import type { CaseView, PresenceNote, Responses, TabMessage } from '../protocol.js';
import type { Platform } from '../sites/types.js';
import type { Actions } from './actions.js';
import { currentSelection } from './selection.js';
import type { OverlayStore } from './store.js';

const CHUNK = 200;

/**
 * Whether `incoming` may replace what a bar shows: cases do not leave posts, and versions only
 * grow; but what the agent did here and the server has not confirmed always gives way.
 */
function newer(incoming: CaseView | null, shown: CaseView | null | undefined): boolean {
  if (!shown || shown.provisional) return true;
  if (!incoming) return false;
  if (shown.pending && incoming.id === shown.id) return true;
  if (incoming.id !== shown.id) return incoming.createdAt >= shown.createdAt;
  return incoming.version >= shown.version;
}

/** `askedAt`: when the answer was asked for; a tag the agent changed here since then stays. */
function apply(store: OverlayStore, keys: string[], answer: Responses['posts.state'], askedAt: number): void {
  store.updatePage({ session: answer.session, agents: answer.agents });
  for (const key of keys) {
    const bar = store.bar(key);
    if (!bar) continue;
    const { externalId, author } = bar.post;
    const change: Parameters<OverlayStore['update']>[1] = {};
    // Own keys only: a post id or handle such as `constructor` must never read the prototype.
    if (Object.hasOwn(answer.cases, externalId)) {
      const incoming = answer.cases[externalId] ?? null;
      // An answer computed before a live update may arrive after it: never go back in time.
      if (newer(incoming, bar.kase)) change.kase = incoming;
    }
    if (Object.hasOwn(answer.customers, author.handle)) change.customer = answer.customers[author.handle];
    const brand = answer.brand.includes(author.handle);
    if (brand !== Boolean(bar.brand)) change.brand = brand;
    if (Object.hasOwn(answer.answers, externalId)) change.answered = answer.answers[externalId];
    // A tag the agent is changing, or changed after this was asked, stays: the answer is older.
    const changedHere = bar.feedback?.pending || (bar.feedbackAt ?? 0) >= askedAt;
    if (Object.hasOwn(answer.feedback, externalId) && !changedHere) change.feedback = answer.feedback[externalId];
    if (Object.keys(change).length > 0) store.update(key, change);
  }
}

/**
 * Shows what is cached at once, then what the server says; or only the server (after a change the
 * agent made, when the cache is known to be behind), or only the cache (the background just
 * brought it up to date).
 */
export async function loadStates(store: OverlayStore, platform: Platform, keys: string[], source: 'both' | 'server' | 'cache' = 'both'): Promise<void> {
  for (let i = 0; i < keys.length; i += CHUNK) {
    const chunk = keys.slice(i, i + CHUNK);
    const posts = chunk.flatMap((key) => {
      const bar = store.bar(key);
      return bar ? [{ externalId: bar.post.externalId, handle: bar.post.author.handle }] : [];
    });
    if (posts.length === 0) continue;
    try {
      let askedAt = Date.now();
      if (source !== 'server') apply(store, chunk, await ask({ type: 'posts.state', platform, posts, fresh: false }), askedAt);
      askedAt = Date.now();
      if (source !== 'cache') apply(store, chunk, await ask({ type: 'posts.state', platform, posts, fresh: true }), askedAt);
      if (store.page.listening && source !== 'cache') await loadTones(store, platform, chunk);
    } catch (error) {
      if (error instanceof ParleyError && (error.code === 'signed_out' || error.code === 'session_expired')) {
        store.updatePage({ session: { signedIn: false, expired: error.code === 'session_expired' } });
        return;
      }
      // Offline or a server error: the bars keep what the cache gave them.
      if (!(error instanceof ParleyError)) throw error;
    }
  }
}

/**
 * `loadStates` for posts as they are found, at most once every `everyMs`: the posts found in the
 * meantime go together, and those gone from the page by then are not asked for.
 */
export function statesAsker(store: OverlayStore, platform: Platform, everyMs: number, stopped: () => boolean): (keys: string[]) => void {
  const unasked = new Set<string>();
  let waiting: ReturnType<typeof setTimeout> | undefined;
  let askedAt = -Infinity;
  const send = () => {
    waiting = undefined;
    askedAt = performance.now();
    const keys = [...unasked].filter((key) => store.bar(key));
    unasked.clear();
    if (keys.length > 0 && !stopped()) void loadStates(store, platform, keys);
  };
  return (keys) => {
    for (const key of keys) unasked.add(key);
    waiting ??= setTimeout(send, Math.max(0, askedAt + everyMs - performance.now()));
  };
}

/** On a listening page, how each post reads; after the server's answer, so the authors' reach is known. */
export async function loadTones(store: OverlayStore, platform: Platform, keys: string[]): Promise<void> {
  const posts = keys.flatMap((key) => {
    const bar = store.bar(key);
    if (!bar) return [];
    const { externalId, author, text } = bar.post;
    return [{ externalId, handle: author.handle, text: text.slice(0, 5000), ...(author.followers === undefined ? {} : { followers: author.followers }) }];
  });
  if (posts.length === 0) return;
  const { tones } = await ask({ type: 'posts.tone', platform, posts });
  for (const key of keys) {
    const bar = store.bar(key);
    const found = bar && tones[bar.post.externalId];
    if (found) store.update(key, { tone: found });
  }
}

export function connectToBackground(ctx: ContentScriptContext, store: OverlayStore, platform: Platform, actions: Actions): void {
  const connect = () => {
    if (ctx.isInvalid) return;
    let port: ReturnType<typeof browser.runtime.connect>;
    try {
      port = browser.runtime.connect({ name: TAB_PORT });
    } catch {
      return; // the extension was reloaded: this script is finished
    }
    port.onMessage.addListener((message: TabMessage) => {
      if (message?.type === 'session.changed') {
        store.updatePage({ session: message.session });
        if (message.session.signedIn) void loadStates(store, platform, [...store.keys()], 'server');
      } else if (message?.type === 'posts.changed') {
        if (message.keys.includes('*')) void loadStates(store, platform, [...store.keys()], 'server');
        const here = message.keys.filter((key) => store.bar(key));
        if (here.length > 0) void loadStates(store, platform, here, 'cache');
      } else if (message?.type === 'customers.changed') {
        const changed = new Set(message.keys);
        const here = [...store.keys()].filter((key) => {
          const author = store.bar(key)?.post.author;
          return author && changed.has(`${platform}:${normalizeHandle(platform, author.handle)}`);
        });
        if (here.length > 0) void loadStates(store, platform, here);
      } else if (message?.type === 'outbox') {
        store.updatePage({ waiting: message.waiting, offline: message.offline, held: message.held });
      } else if (message?.type === 'rejected') {
        store.update(message.postKey, { notice: { kind: 'error', text: `The server refused a change made offline: ${message.message}` } });
      } else if (message?.type === 'held') {
        store.update(message.postKey, { notice: { kind: 'error', text: `A change made earlier was not sent: ${message.message}` } });
      } else if (message?.type === 'presence') {
        showPresence(ctx, store, message.presence);
      } else if (message?.type === 'post.locate') {
        port.postMessage({ type: 'post.located', requestId: message.requestId, found: message.postKeys.some((key) => postElement(key) !== null) });
      } else if (message?.type === 'post.focus') {
        void focusPost(store, message.postKeys);
      } else if (message?.type === 'selection.create') {
        const spot = currentSelection();
        if (spot) actions.createFromSelection(spot.postKey, spot.excerpt);
      }
    });
    // The background's service worker sleeps when idle: connect again when it drops the port.
    port.onDisconnect.addListener(() => ctx.setTimeout(connect, 1000));
    ctx.onInvalidated(() => port.disconnect());
  };
  connect();
  // The background holds the team's event stream only while it is awake: keep it so while this tab is open.
  ctx.setInterval(() => void ask({ type: 'ping' }).catch(() => undefined), 20_000);
  void ask({ type: 'ping' }).catch(() => undefined);
}

/** Another agent on a post: shown on its bar until the announcement expires. */
function showPresence(ctx: ContentScriptContext, store: OverlayStore, presence: PresenceNote): void {
  const key = `${presence.platform}:${presence.externalId}`;
  if (!store.bar(key)) return;
  const others = (list: PresenceNote[]) => list.filter((note) => note.agentId !== presence.agentId);
  store.update(key, (bar) => ({ presence: [...others(bar.presence), presence] }));
  const left = Date.parse(presence.expiresAt) - Date.now();
  ctx.setTimeout(() => store.update(key, (bar) => ({
    presence: bar.presence.filter((note) => note.agentId !== presence.agentId || Date.parse(note.expiresAt) > Date.now()),
  })), Math.max(0, left) + 50);
}

const postElement = (key: string) => document.querySelector(`[data-parley-post="${CSS.escape(key)}"]`);

/** The agent opened this post from the queue: once it is on the page, it comes into view and its bar says so. */
async function focusPost(store: OverlayStore, keys: string[]): Promise<void> {
  const until = Date.now() + 15_000;
  for (;;) {
    const key = keys.find((each) => postElement(each));
    if (key) {
      postElement(key)!.scrollIntoView({ block: 'center' });
      store.update(key, { notice: { kind: 'info', text: 'Opened from the queue' } });
      return;
    }
    if (Date.now() > until) return;
    await new Promise((done) => setTimeout(done, 250));
  }
}
