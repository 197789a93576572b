/**
 * Queries over selector tables: each entry is a list of alternatives, one per page variant,
 * most current first. An alternative the browser cannot parse matches nothing instead of
 * breaking the others.
 */
export type Selectors = readonly string[];

const followingBit = 4; // Node.DOCUMENT_POSITION_FOLLOWING, without needing a global Node

function queryAll(root: ParentNode, selector: string): Element[] {
  try {
    return Array.from(root.querySelectorAll(selector));
  } catch {
    return []; // an alternative this engine cannot parse (e.g. `:has` in an old browser)
  }
}

function queryOne(root: ParentNode, selector: string): Element | null {
  try {
    return root.querySelector(selector);
  } catch {
    return null;
  }
}

function matchesOne(element: Element, selector: string): boolean {
  try {
    return element.matches(selector);
  } catch {
    return false;
  }
}

export function matchesAny(element: Element, selectors: Selectors): boolean {
  return selectors.some((selector) => matchesOne(element, selector));
}

/** Every element under `root` matching any alternative, once each, in document order. */
export function selectAll(root: ParentNode, selectors: Selectors): Element[] {
  if (selectors.length === 0) return [];
  try {
    return Array.from(root.querySelectorAll(selectors.join(', ')));
  } catch {
    // One alternative is unparsable: query them one by one and merge.
    const found = new Set<Element>();
    for (const selector of selectors) for (const element of queryAll(root, selector)) found.add(element);
    return [...found].sort((a, b) => (a === b ? 0 : a.compareDocumentPosition(b) & followingBit ? -1 : 1));
  }
}

/** The first element in document order matching any alternative and accepted by `accept`. */
export function findFirst(root: ParentNode, selectors: Selectors, accept: (element: Element) => boolean): Element | undefined {
  // The first match is usually accepted: querySelector stops there, the full list is the fallback.
  const first = selectors.length > 0 ? queryOne(root, selectors.join(', ')) : null;
  if (first && accept(first)) return first;
  return selectAll(root, selectors).find((element) => element !== first && accept(element));
}

/** The first element accepted by `accept`, trying the alternatives in order of preference. */
export function selectFirst(
  root: ParentNode,
  selectors: Selectors,
  accept: (element: Element) => boolean = () => true,
): Element | undefined {
  for (const selector of selectors) {
    // querySelector stops at the first match, which is usually accepted: list the rest only if not.
    const first = queryOne(root, selector);
    if (!first) continue;
    if (accept(first)) return first;
    for (const element of queryAll(root, selector)) if (element !== first && accept(element)) return element;
  }
  return undefined;
}

/** The nearest ancestor-or-self matching any alternative. */
export function closestMatch(element: Element, selectors: Selectors): Element | undefined {
  let nearest: Element | undefined;
  for (const selector of selectors) {
    let candidate: Element | null = null;
    try {
      candidate = element.closest(selector);
    } catch {
      continue;
    }
    if (candidate && (!nearest || nearest.contains(candidate))) nearest = candidate;
  }
  return nearest;
}

/** `element` as an HTMLElement of its own window (instanceof would fail across frames). */
export function asHTMLElement(element: Element | undefined | null): HTMLElement | undefined {
  if (!element) return undefined;
  const Constructor = element.ownerDocument.defaultView?.HTMLElement;
  if (Constructor && element instanceof Constructor) return element;
  return 'focus' in element && 'click' in element ? (element as HTMLElement) : undefined;
}

/** The event's target as an Element (text nodes and windows are not). */
export function targetElement(event: Event): Element | undefined {
  const target = event.target as Node | null;
  if (!target || typeof target !== 'object' || !('nodeType' in target)) return undefined;
  if (target.nodeType === 1) return target as Element;
  return target.parentElement ?? undefined;
}

/** Whether a button is switched off, by attribute or ARIA. */
export function isDisabled(element: Element): boolean {
  return element.hasAttribute('disabled') || element.getAttribute('aria-disabled') === 'true';
}
