/** Highlighting text inside a post's text offers "Create case" right there. */
import { createRoot } from 'react-dom/client';
import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import type { SiteAdapter } from '../sites/types.js';
import type { Actions } from './actions.js';
import { SelectionButton, SelectionState, type SelectionSpot } from './SelectionButton.js';
import type { OverlayStore } from './store.js';
import { createHost } from './host.js';
import { fromUser, refuseUntrusted } from '../trusted.js';

let adapterInUse: SiteAdapter | undefined;

/** The highlighted text, when it lies inside one post's text. */
export function currentSelection(): SelectionSpot | null {
  const selection = document.getSelection();
  if (!adapterInUse || !selection || selection.isCollapsed || selection.rangeCount === 0) return null;
  const range = selection.getRangeAt(0);
  const node = range.commonAncestorContainer;
  const element = node.nodeType === Node.ELEMENT_NODE ? (node as Element) : node.parentElement;
  const post = element?.closest('[data-parley-post]');
  const key = post?.getAttribute('data-parley-post');
  const text = adapterInUse && post ? adapterInUse.textElement(post) : undefined;
  if (!post || !key || !text?.contains(node)) return null;
  const excerpt = selection.toString().replace(/\s+/g, ' ').trim().slice(0, 5000);
  if (excerpt === '') return null;
  const rect = range.getBoundingClientRect();
  return { postKey: key, excerpt, top: rect.top, left: rect.left + rect.width / 2 };
}

export function watchSelection(ctx: ContentScriptContext, adapter: SiteAdapter, store: OverlayStore, actions: Actions): void {
  adapterInUse = adapter;
  const state = new SelectionState();
  const create = (spot: SelectionSpot) => {
    state.set(null);
    // The excerpt is taken; a selection left behind would offer the button again.
    document.getSelection()?.removeAllRanges();
    if (store.bar(spot.postKey)) actions.createFromSelection(spot.postKey, spot.excerpt);
  };
  const { host, shadow, container } = createHost('parley-selection');
  refuseUntrusted(shadow);
  document.body.append(host);
  const root = createRoot(container);
  root.render(<SelectionButton state={state} onCreate={create} />);
  ctx.onInvalidated(() => {
    root.unmount();
    host.remove();
  });

  let pending = false;
  const check = (event: Event) => {
    if (pending || !fromUser(event)) return;
    pending = true;
    // After the browser has settled the selection the event belongs to.
    requestAnimationFrame(() => {
      if (ctx.isInvalid) return;
      pending = false;
      try {
        const spot = currentSelection();
        // The team's own posts are not a customer's: no case from them.
        state.set(spot && !store.bar(spot.postKey)?.brand ? spot : null);
      } catch {
        state.set(null);
      }
    });
  };
  // The browser-level shortcut (manifest `commands`) reaches the background; where the page gets
  // the keys first, the same shortcut works from here.
  ctx.addEventListener(document, 'keydown', (event) => {
    if (!fromUser(event) || !(event.altKey && event.shiftKey && event.code === 'KeyC')) return;
    const spot = currentSelection();
    if (!spot) return;
    event.preventDefault();
    create(spot);
  });
  ctx.addEventListener(document, 'mouseup', check);
  ctx.addEventListener(document, 'keyup', check);
  ctx.addEventListener(window, 'scroll', () => state.set(null), { capture: true, passive: true });
}
