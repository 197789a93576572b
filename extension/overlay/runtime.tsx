/**
 * Runs Parley on one tab: one MutationObserver, batched per animation frame, that finds the posts
 * in added nodes, marks them and mounts a bar beside each; bars of removed posts are unmounted.
 */
import { createRoot, type Root } from 'react-dom/client';
import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import { createShadowRootUi, type ShadowRootContentScriptUi } from 'wxt/utils/content-script-ui/shadow-root';
import type { SiteAdapter } from '../sites/types.js';
import { createActions } from './actions.js';
import { OverlayContext } from './context.js';
import { connectToBackground, loadStates } from './link.js';
import { Contained, PostBar } from './PostBar.js';
import { watchSelection } from './selection.js';
import { OverlayStore } from './store.js';
import { overlayCss } from './styles.js';
import { watchTheme } from './theme.js';

const HOST_TAG = 'parley-bar';

interface Tracked {
  key: string;
  ui: ShadowRootContentScriptUi<Root> | undefined;
}

const logged = new Set<string>();
/** A failure is worth one line in the console, not one per post. */
export function logOnce(what: string, error?: unknown): void {
  if (logged.has(what)) return;
  logged.add(what);
  console.warn(`[Parley] ${what}`, error ?? '');
}

export function startOverlay(ctx: ContentScriptContext, adapter: SiteAdapter): void {
  const store = new OverlayStore();
  const tracked = new Map<Element, Tracked>();
  const elementsOf = new Map<string, Set<Element>>();
  const elementFor = (key: string) => [...(elementsOf.get(key) ?? [])].find((element) => element.isConnected);
  const actions = createActions({ store, adapter, elementFor, refresh: (keys) => void loadStates(store, adapter.platform, keys, true) });
  const context = { store, actions };

  async function mount(element: Element, key: string): Promise<void> {
    const entry: Tracked = { key, ui: undefined };
    tracked.set(element, entry);
    const ui = await createShadowRootUi<Root>(ctx, {
      name: HOST_TAG,
      position: 'inline',
      anchor: adapter.barAnchor(element),
      append: 'after',
      css: overlayCss,
      onMount(container) {
        const root = createRoot(container);
        root.render(
          <OverlayContext.Provider value={context}>
            <Contained onError={(error) => logOnce('A bar failed to render', error)}>
              <PostBar postKey={key} />
            </Contained>
          </OverlayContext.Provider>,
        );
        return root;
      },
      onRemove: (root) => root?.unmount(),
    });
    // The post may have left the page while the shadow root was being made.
    if (tracked.get(element) !== entry) return;
    entry.ui = ui;
    ui.mount();
  }

  function unmount(element: Element, entry: Tracked): void {
    tracked.delete(element);
    entry.ui?.remove();
    const elements = elementsOf.get(entry.key);
    elements?.delete(element);
    if (elements?.size === 0) {
      elementsOf.delete(entry.key);
      store.delete(entry.key);
    }
  }

  function adopt(element: Element): string | undefined {
    let post;
    try {
      post = adapter.readPost(element);
    } catch (error) {
      logOnce(`The ${adapter.platform} adapter failed to read a post`, error);
    }
    if (!post) {
      logOnce(`A ${adapter.platform} post could not be read; it gets no bar`);
      return undefined;
    }
    const key = `${post.platform}:${post.externalId}`;
    element.setAttribute('data-parley-post', key);
    store.add(key, post);
    let elements = elementsOf.get(key);
    if (!elements) elementsOf.set(key, (elements = new Set()));
    elements.add(element);
    void mount(element, key).catch((error: unknown) => logOnce('A bar could not be mounted', error));
    return key;
  }

  const added = new Set<Element>();
  let removed = false;
  let scheduled = false;

  function flush(): void {
    scheduled = false;
    try {
      const roots = [...added];
      added.clear();
      if (removed) {
        removed = false;
        for (const [element, entry] of tracked) {
          if (!element.isConnected) unmount(element, entry);
          // The site re-rendered the post and dropped the bar with it: put it back.
          else if (entry.ui && !entry.ui.shadowHost.isConnected) entry.ui.mount();
        }
      }
      const fresh: string[] = [];
      for (const root of roots) {
        if (!root.isConnected) continue;
        for (const element of adapter.findPosts(root)) {
          if (tracked.has(element)) continue;
          const key = adopt(element);
          if (key) fresh.push(key);
        }
      }
      if (fresh.length > 0) void loadStates(store, adapter.platform, [...new Set(fresh)]);
    } catch (error) {
      logOnce('Parley could not scan the page', error);
    }
  }

  const observer = new MutationObserver((records) => {
    for (const record of records) {
      for (const node of record.addedNodes) {
        if (node.nodeType === Node.ELEMENT_NODE && (node as Element).localName !== HOST_TAG) added.add(node as Element);
      }
      if (record.removedNodes.length > 0) removed = true;
    }
    if (!scheduled && (added.size > 0 || removed)) {
      scheduled = true;
      ctx.requestAnimationFrame(flush);
    }
  });
  observer.observe(document.body, { childList: true, subtree: true });
  ctx.onInvalidated(() => observer.disconnect());
  added.add(document.body);
  flush();

  watchTheme(ctx, store);
  ctx.setInterval(() => store.updatePage({ now: Date.now() }), 30_000);
  watchSelection(ctx, adapter, store, actions);
  connectToBackground(ctx, store, adapter.platform, actions);
  const stopReplies = adapter.watchSentReplies(document, (reply) => void actions.recordReply(reply));
  ctx.onInvalidated(stopReplies);
}
