/** The tab's line to the background: post states in, session changes and commands out. */
import { browser } from 'wxt/browser';
import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import { ask, ParleyError } from '../messaging.js';
import type { Responses, TabMessage } from '../protocol.js';
import type { Platform } from '../sites/types.js';
import type { Actions } from './actions.js';
import { currentSelection } from './selection.js';
import type { OverlayStore } from './store.js';

const CHUNK = 200;

function apply(store: OverlayStore, keys: string[], answer: Responses['posts.state']): void {
  store.updatePage({ session: answer.session, agents: answer.agents });
  for (const key of keys) {
    const bar = store.bar(key);
    if (!bar) continue;
    const { externalId, author } = bar.post;
    const change: Parameters<OverlayStore['update']>[1] = {};
    if (externalId in answer.cases) change.kase = answer.cases[externalId];
    if (author.handle in answer.customers) change.customer = answer.customers[author.handle];
    if (Object.keys(change).length > 0) store.update(key, change);
  }
}

/**
 * Shows what is cached at once, then what the server says. `freshOnly` skips the cache (after a
 * change the agent made, when the cache is known to be behind).
 */
export async function loadStates(store: OverlayStore, platform: Platform, keys: string[], freshOnly = false): Promise<void> {
  for (let i = 0; i < keys.length; i += CHUNK) {
    const chunk = keys.slice(i, i + CHUNK);
    const posts = chunk.flatMap((key) => {
      const bar = store.bar(key);
      return bar ? [{ externalId: bar.post.externalId, handle: bar.post.author.handle }] : [];
    });
    if (posts.length === 0) continue;
    try {
      if (!freshOnly) apply(store, chunk, await ask({ type: 'posts.state', platform, posts, fresh: false }));
      apply(store, chunk, await ask({ type: 'posts.state', platform, posts, fresh: true }));
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

export function connectToBackground(ctx: ContentScriptContext, store: OverlayStore, platform: Platform, actions: Actions): void {
  const connect = () => {
    if (ctx.isInvalid) return;
    let port: ReturnType<typeof browser.runtime.connect>;
    try {
      port = browser.runtime.connect({ name: 'parley-tab' });
    } catch {
      return; // the extension was reloaded: this script is finished
    }
    port.onMessage.addListener((message: TabMessage) => {
      if (message?.type === 'session.changed') {
        store.updatePage({ session: message.session });
        if (message.session.signedIn) void loadStates(store, platform, [...store.keys()], true);
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
}
