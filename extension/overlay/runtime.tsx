/**
 * Runs Parley on one tab: one MutationObserver, batched per animation frame, that finds the posts
 * in added nodes and marks them; a bar is mounted beside each post as it comes near the viewport
 * (a timeline scrolled past at speed costs a scan, not hundreds of renders), and bars of removed
 * posts are unmounted.
 */
import { flushSync } from 'react-dom';
import { createRoot, type Root } from 'react-dom/client';
import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import { createShadowRootUi, type ShadowRootContentScriptUi } from 'wxt/utils/content-script-ui/shadow-root';
import type { SiteAdapter } from '../sites/types.js';
import { createActions, type Actions } from './actions.js';
import { costs } from './costs.js';
import { OverlayContext } from './context.js';
import { guestContext } from './guestContext.js';
import { connectToBackground, loadStates } from './link.js';
import { linkAnswers } from './thread.js';
import { Contained, PostBar } from './PostBar.js';
import { ReachMemory } from './reach.js';
import { watchSelection } from './selection.js';
import { OverlayStore } from './store.js';
import { fromUser, refuseUntrusted } from '../trusted.js';
import { shadowMode } from './shadowMode.js';
import { overlayCss } from './styles.js';
import { watchTheme } from './theme.js';

const HOST_TAG = 'parley-bar';
/** Bars are mounted this far ahead of the viewport, so they are there before the post scrolls in. */
const MOUNT_AHEAD = '800px 0px';
/** Up to this many posts found in one frame mount at once; more wait until they come near. */
const EAGER_BATCH = 4;

interface Tracked {
  key: string;
  ui: ShadowRootContentScriptUi<Root> | undefined;
}

/**
 * createShadowRootUi registers an invalidation listener per UI and never removes it, which would
 * keep every removed bar's DOM alive over a long scroll. Each bar gets this stand-in instead; the
 * runtime removes all bars itself when the real context is invalidated.
 */
function barContext(ctx: ContentScriptContext): ContentScriptContext {
  return { options: ctx.options, onInvalidated: () => () => undefined } as unknown as ContentScriptContext;
}

const logged = new Set<string>();
/** A failure is worth one line in the console, not one per post. */
export function logOnce(what: string, error?: unknown): void {
  if (logged.has(what)) return;
  logged.add(what);
  console.warn(`[Parley] ${what}`, error ?? '');
}

export function startOverlay(wxtContext: ContentScriptContext, adapter: SiteAdapter): void {
  // The page can send WXT's "a newer instance started" event: Parley runs on a context it cannot stop.
  const ctx = guestContext(wxtContext);
  const store = new OverlayStore();
  const tracked = new Map<Element, Tracked>();
  const elementsOf = new Map<string, Set<Element>>();
  const elementFor = (key: string) => [...(elementsOf.get(key) ?? [])].find((element) => element.isConnected);
  const actions = createActions({ store, adapter, elementFor, refresh: (keys) => void loadStates(store, adapter.platform, keys, 'server') });
  const context = { store, actions };
  const reach = new ReachMemory(adapter.platform);
  // A single-page site changes pages without loading one: follow it to and from search and mentions.
  const followPage = () => {
    const url = new URL(location.href);
    const thread = adapter.isThread(url);
    if (thread !== store.page.thread) {
      store.updatePage({ thread });
      linkAnswers(store, elementFor);
    }
    const listening = adapter.isListening(url);
    if (listening === store.page.listening) return;
    store.updatePage({ listening });
    if (listening) void loadStates(store, adapter.platform, [...store.keys()], 'server');
  };
  // Which post a brand reply answers follows every bar's case: worked out once the bars settle, on
  // threads only (a timeline's every update costs this one check).
  let relinking: number | undefined;
  function relinkAnswers() {
    if (!store.page.thread || relinking !== undefined) return;
    relinking = ctx.setTimeout(() => {
      relinking = undefined;
      linkAnswers(store, elementFor);
    }, 50);
  }
  store.subscribeAny(relinkAnswers);
  followPage();
  ctx.addEventListener(window, 'wxt:locationchange', followPage);

  async function mount(element: Element, entry: Tracked): Promise<void> {
    const { key } = entry;
    const started = costs ? performance.now() : 0;
    const making = createShadowRootUi<Root>(barContext(ctx), {
      name: HOST_TAG,
      position: 'inline',
      anchor: adapter.barAnchor(element),
      append: 'after',
      css: overlayCss,
      mode: shadowMode,
      // Keys typed in a bar stay in it: the site's own shortcuts (X: n, l, r, j, k …) must not fire.
      isolateEvents: true,
      onMount(container, shadow) {
        refuseUntrusted(shadow);
        const root = createRoot(container);
        // The first render happens now, not in a later task: the bar shows in this frame.
        flushSync(() => root.render(
          <OverlayContext.Provider value={context}>
            <Contained onError={(error) => logOnce('A bar failed to render', error)} subscribe={(listener) => store.subscribeUpdates(key, listener)}>
              <PostBar postKey={key} />
            </Contained>
          </OverlayContext.Provider>,
        ));
        return root;
      },
      onRemove: (root) => root?.unmount(),
    });
    if (costs) costs.mountMs += performance.now() - started;
    const ui = await making;
    // The post may have left the page while the shadow root was being made.
    if (tracked.get(element) !== entry || !element.isConnected) return;
    entry.ui = ui;
    const mounting = costs ? performance.now() : 0;
    ui.mount();
    if (costs) {
      costs.mountMs += performance.now() - mounting;
      costs.mounted += 1;
    }
  }

  const nearViewport = new IntersectionObserver((entries) => {
    for (const { target, isIntersecting } of entries) {
      if (!isIntersecting) continue;
      nearViewport.unobserve(target);
      const entry = tracked.get(target);
      if (entry && !entry.ui) void mount(target, entry).catch((error: unknown) => logOnce('A bar could not be mounted', error));
    }
  }, { rootMargin: MOUNT_AHEAD });
  ctx.onInvalidated(() => {
    nearViewport.disconnect();
    for (const entry of tracked.values()) entry.ui?.remove();
  });

  function unmount(element: Element, entry: Tracked): void {
    tracked.delete(element);
    nearViewport.unobserve(element);
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
    store.add(key, reach.withReach(post));
    let elements = elementsOf.get(key);
    if (!elements) elementsOf.set(key, (elements = new Set()));
    elements.add(element);
    tracked.set(element, { key, ui: undefined });
    return key;
  }

  /**
   * A few posts arriving together (a live reply, a thread opening) are what the agent is looking
   * at: their bars mount in this frame. A page of posts (a load, infinite scroll) mounts as each
   * comes near the viewport, told by an IntersectionObserver, so no layout is forced here.
   */
  function place(elements: Element[]): void {
    const eager = elements.length <= EAGER_BATCH;
    for (const element of elements) {
      const entry = tracked.get(element);
      if (!entry) continue;
      if (eager) void mount(element, entry).catch((error: unknown) => logOnce('A bar could not be mounted', error));
      else nearViewport.observe(element);
    }
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
          // The site re-rendered the post and dropped the bar with it: put the same bar back
          // (mounting again would make a second React root and leave the first one running).
          else if (entry.ui && !entry.ui.shadowHost.isConnected) adapter.barAnchor(element).after(entry.ui.shadowHost);
        }
      }
      const connected = roots.filter((root) => root.isConnected);
      // Before the posts: those arriving with a profile header get its count at once.
      const readings = connected.flatMap((root) => adapter.readReach(root));
      if (readings.length > 0) reach.apply(store, reach.remember(readings));
      const scanning = costs ? performance.now() : 0;
      const fresh: string[] = [];
      const adopted: Element[] = [];
      for (const root of connected) {
        for (const element of adapter.findPosts(root)) {
          if (tracked.has(element)) continue;
          const key = adopt(element);
          if (!key) continue;
          fresh.push(key);
          adopted.push(element);
        }
      }
      if (costs) {
        costs.findMs += performance.now() - scanning;
        costs.found += adopted.length;
      }
      place(adopted);
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
    if (!scheduled && (added.size > 0 || removed) && !ctx.isInvalid) {
      scheduled = true;
      // Not ctx.requestAnimationFrame: it adds an invalidation listener per frame and keeps it.
      requestAnimationFrame(flush);
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
  watchComposing(ctx, adapter, actions);
}

/** Entering or typing in the site's reply box tells the team who is replying (typing is looked at every few seconds). */
function watchComposing(ctx: ContentScriptContext, adapter: SiteAdapter, actions: Actions): void {
  let lastInput = 0;
  const check = (event: Event) => {
    if (!fromUser(event)) return;
    if (event.type === 'input') {
      if (Date.now() - lastInput < 5000) return;
      lastInput = Date.now();
    }
    const target = event.target instanceof Element ? adapter.composerTarget(event.target) : undefined;
    if (target) actions.composing(target);
  };
  ctx.addEventListener(document, 'focusin', check, { capture: true });
  ctx.addEventListener(document, 'input', check, { capture: true });
}
