/**
 * Runs Parley on one tab: one MutationObserver that finds the posts in added nodes and marks them;
 * a bar is mounted beside each post as it comes near the viewport (a timeline scrolled past at
 * speed costs a scan, not hundreds of renders), and bars of removed posts are unmounted.
 */
import { flushSync } from 'react-dom';
import { createRoot, type Root } from 'react-dom/client';
import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import type { SiteAdapter } from '../sites/types.js';
import { createActions, type Actions } from './actions.js';
import { costs } from './costs.js';
import { OverlayContext } from './context.js';
import { guestContext } from './guestContext.js';
import { createHost } from './host.js';
import { connectToBackground, loadStates, statesAsker } from './link.js';
import { isPlain, drawPlainBar, plainLook } from './plainBar.js';
import { linkAnswers } from './thread.js';
import { Contained, PostBar } from './PostBar.js';
import { ReachMemory } from './reach.js';
import { watchSelection } from './selection.js';
import { OverlayStore } from './store.js';
import { fromUser, refuseUntrusted } from '../trusted.js';
import { watchTheme } from './theme.js';

const HOST_TAG = 'parley-bar';
/** Bars are mounted this far ahead of the viewport, so they are there before the post scrolls in. */
const MOUNT_AHEAD = '800px 0px';
/** Up to this many posts found in one scan mount at once; more wait until they come near. */
const EAGER_BATCH = 4;
/**
 * New posts' case states are asked for at most this often: each message to the background costs
 * the page's main thread ≈ 0.7 ms, and a scroll finds a post or two per frame.
 */
const STATES_EVERY_MS = 150;

interface MountedBar {
  host: HTMLElement;
  remove(): void;
}

interface Tracked {
  key: string;
  ui: MountedBar | undefined;
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

  /**
   * A bar beside the post, drawn in this task: plain DOM while it shows only its first row, handed
   * to its own React root the first time it shows more (and React's from then on).
   */
  function mount(element: Element, entry: Tracked): void {
    const { key } = entry;
    const started = costs ? performance.now() : 0;
    const { host, shadow, container } = createHost(HOST_TAG, { contained: true });
    let root: Root | undefined;
    let look: string | undefined;
    let removed = false;
    const draw = () => {
      const bar = store.bar(key);
      if (isPlain(bar, store.page)) {
        const next = plainLook(bar, store.page);
        if (next !== look) drawPlainBar(container, key, bar, store.page, actions);
        look = next;
      } else if (bar) {
        stopDrawing();
        // After the change that called for it has settled: a store update can come from inside a render.
        queueMicrotask(() => { if (!removed) root = renderBar(key, shadow, container); });
      }
    };
    const stopDrawing = store.subscribeUpdates(key, draw);
    const mounted: MountedBar = {
      host,
      remove: () => {
        removed = true;
        stopDrawing();
        root?.unmount();
        host.remove();
        // Nothing of the bar stays in a host the page may still hold.
        container.replaceChildren();
      },
    };
    entry.ui = mounted;
    draw();
    adapter.barAnchor(element).after(host);
    if (costs) {
      costs.mountMs += performance.now() - started;
      costs.mounted += 1;
    }
  }

  /** The bar in React, in place of its plain row; the button the agent was on keeps the focus. */
  function renderBar(key: string, shadow: ShadowRoot, container: HTMLElement): Root {
    const focused = shadow.activeElement?.getAttribute('data-testid');
    container.replaceChildren();
    refuseUntrusted(shadow);
    const root = createRoot(container);
    flushSync(() => root.render(
      <OverlayContext.Provider value={context}>
        <Contained onError={(error) => logOnce('A bar failed to render', error)} subscribe={(listener) => store.subscribeUpdates(key, listener)}>
          <PostBar postKey={key} />
        </Contained>
      </OverlayContext.Provider>,
    ));
    if (focused) container.querySelector<HTMLElement>(`[data-testid="${CSS.escape(focused)}"]`)?.focus();
    return root;
  }

  const nearViewport = new IntersectionObserver((entries) => {
    for (const { target, isIntersecting } of entries) {
      if (!isIntersecting) continue;
      nearViewport.unobserve(target);
      const entry = tracked.get(target);
      if (entry && !entry.ui) mountSafely(target, entry);
    }
  }, { rootMargin: MOUNT_AHEAD });
  ctx.onInvalidated(() => {
    nearViewport.disconnect();
    for (const entry of tracked.values()) entry.ui?.remove();
  });

  function mountSafely(element: Element, entry: Tracked): void {
    try {
      mount(element, entry);
    } catch (error) {
      logOnce('A bar could not be mounted', error);
    }
  }

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
   * at: their bars mount in this scan. A page of posts (a load, infinite scroll) mounts as each
   * comes near the viewport, told by an IntersectionObserver, so no layout is forced here.
   */
  function place(elements: Element[]): void {
    const eager = elements.length <= EAGER_BATCH;
    for (const element of elements) {
      const entry = tracked.get(element);
      if (!entry) continue;
      if (eager) mountSafely(element, entry);
      else nearViewport.observe(element);
    }
  }

  const askStates = statesAsker(store, adapter.platform, STATES_EVERY_MS, () => ctx.isInvalid);

  const added = new Set<Element>();
  let removed = false;

  function flush(): void {
    try {
      const roots = [...added];
      added.clear();
      if (removed) {
        removed = false;
        for (const [element, entry] of tracked) {
          if (!element.isConnected) unmount(element, entry);
          // The site re-rendered the post and dropped the bar with it: put the same bar back
          // (mounting again would make a second React root and leave the first one running).
          else if (entry.ui && !entry.ui.host.isConnected) adapter.barAnchor(element).after(entry.ui.host);
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
      if (fresh.length > 0) askStates(fresh);
    } catch (error) {
      logOnce('Parley could not scan the page', error);
    }
  }

  /**
   * Scanned in the observer's own callback, a microtask after the task that changed the page (a
   * React commit comes as one batch): the bars land before the browser lays the frame out and
   * before the page's ResizeObservers report, so a page that measures its cells sees each batch's
   * bars in the frame that made the cells, with one measurement, instead of a frame later.
   */
  const observer = new MutationObserver((records) => {
    for (const record of records) {
      for (const node of record.addedNodes) {
        if (node.nodeType === Node.ELEMENT_NODE && (node as Element).localName !== HOST_TAG) added.add(node as Element);
      }
      if (record.removedNodes.length > 0) removed = true;
    }
    if ((added.size > 0 || removed) && !ctx.isInvalid) flush();
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
