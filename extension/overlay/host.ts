/**
 * The element Parley's UI lives in on a site's page: a host with a shadow root (closed in the store
 * build), the overlay's styles and the site's key shortcuts kept out. Every host adopts one
 * stylesheet parsed once: a timeline mounts a bar per post. Whoever renders React into it refuses
 * synthetic events first (`refuseUntrusted`); a plain bar's own handlers check each event.
 */
import { shadowMode } from './shadowMode.js';
import { overlayCss } from './styles.js';

/**
 * The page's styles stop at the host: none of them is inherited into Parley's UI. Set on the host
 * itself rather than as a `:host` rule in its shadow tree: every tree added with rules for its host
 * costs the page's next style recalculation far more than the bar does. A block (`all: initial`
 * alone makes it inline, and a block inside an inline costs every layout around it).
 */
const HOST_STYLE = 'all: initial !important; display: block !important;';
/** A bar's layout is contained: drawing it again never lays out the post beside it. */
const CONTAINED = 'contain: layout style !important;';
const shadowCss = overlayCss;
/** Keys typed in Parley's UI stay in it: the site's own shortcuts (X: n, l, r, j, k …) must not fire. */
const ISOLATED_EVENTS = ['keydown', 'keyup', 'keypress'] as const;
const stopHere = (event: Event) => event.stopPropagation();

let sheet: CSSStyleSheet | null | undefined;
function sharedSheet(): CSSStyleSheet | null {
  if (sheet !== undefined) return sheet;
  try {
    sheet = new CSSStyleSheet();
    sheet.replaceSync(shadowCss);
  } catch {
    sheet = null; // no constructable stylesheets here: each host gets a <style>
  }
  return sheet;
}

export interface Host {
  host: HTMLElement;
  shadow: ShadowRoot;
  /** Where the UI is drawn. */
  container: HTMLDivElement;
}

export function createHost(name: string, { contained = false } = {}): Host {
  const host = document.createElement(name);
  host.style.cssText = contained ? HOST_STYLE + CONTAINED : HOST_STYLE;
  const shadow = host.attachShadow({ mode: shadowMode });
  const shared = sharedSheet();
  if (shared) {
    try {
      shadow.adoptedStyleSheets = [shared];
    } catch {
      // A content script whose arrays the page's realm will not take (Firefox): a <style> below.
    }
  }
  if (shadow.adoptedStyleSheets.length === 0) {
    const style = document.createElement('style');
    style.textContent = shadowCss;
    shadow.append(style);
  }
  for (const type of ISOLATED_EVENTS) shadow.addEventListener(type, stopHere);
  const container = document.createElement('div');
  shadow.append(container);
  return { host, shadow, container };
}
