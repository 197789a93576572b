/**
 * WXT's content script context stops itself when it hears "a newer instance of this script
 * started" (a CustomEvent on `document`), and any page can send that event. Parley's context takes
 * it only as a hint to check whether its own extension is still there (after an update or a
 * reload it is not, and the old instance then stops as WXT intends).
 */
import { browser } from 'wxt/browser';
import { ContentScriptContext } from 'wxt/utils/content-script-context';

class GuestContext extends ContentScriptContext {
  // WXT's own context has already announced this instance to any older one.
  override stopOldScripts(): void {}

  override listenForNewerScripts(): void {
    // The name WXT gives the event (see wxt/utils/internal/custom-events).
    const started = `${browser.runtime.id}:${import.meta.env.ENTRYPOINT}:wxt:content-script-started`;
    // Reading isInvalid invalidates this context only when the extension is gone; the event's text decides nothing.
    const check = () => void this.isInvalid;
    document.addEventListener(started, check);
    this.onInvalidated(() => document.removeEventListener(started, check));
  }
}

/** A context for `main(ctx)` that the page cannot invalidate. */
export function guestContext(ctx: ContentScriptContext): ContentScriptContext {
  return new GuestContext(import.meta.env.ENTRYPOINT, ctx.options);
}
