// @vitest-environment jsdom
/**
 * The plain bar is PostBar's first row without React: the same elements and attributes for every
 * state it takes, deaf to clicks a script made, and no state that shows more drawn plain.
 */
import { act, createElement } from 'react';
import { createRoot } from 'react-dom/client';
import { describe, expect, it, vi } from 'vitest';
import type { OverlayActions } from '../../../extension/overlay/context.js';
import { OverlayContext } from '../../../extension/overlay/context.js';
import { drawPlainBar, isPlain } from '../../../extension/overlay/plainBar.js';
import { PostBar } from '../../../extension/overlay/PostBar.js';
import { OverlayStore, type BarState } from '../../../extension/overlay/store.js';
import type { PostData } from '../../../extension/sites/types.js';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

const hostile = '<img src=x onerror="window.hit=1"> "Ada" & <b>Co</b>';
const post = (displayName: string): PostData => ({ platform: 'x', externalId: '7', url: 'https://x.com/a/status/7', author: { handle: 'a', displayName }, text: 'hi' });

/** Markup with each element's attributes in name order: the same DOM reads the same. */
function normalized(root: Element): string {
  const copy = root.cloneNode(true) as Element;
  for (const element of [copy, ...copy.querySelectorAll('*')]) {
    const attributes = [...element.attributes].map((attribute) => [attribute.name, attribute.value] as const).sort(([a], [b]) => a.localeCompare(b));
    for (const [name] of attributes) element.removeAttribute(name);
    for (const [name, value] of attributes) element.setAttribute(name, value);
  }
  return copy.innerHTML;
}

function setUp(displayName: string, theme: 'light' | 'dark' = 'light') {
  const store = new OverlayStore();
  store.add('x:7', post(displayName));
  store.updatePage({ theme });
  const actions = { setPanel: vi.fn(), tagFeedback: vi.fn(async () => undefined) } as unknown as OverlayActions;
  return { store, actions };
}

function reactMarkup(store: OverlayStore, actions: OverlayActions): string {
  const container = document.createElement('div');
  const root = createRoot(container);
  act(() => root.render(createElement(OverlayContext.Provider, { value: { store, actions } }, createElement(PostBar, { postKey: 'x:7' }))));
  const markup = normalized(container);
  act(() => root.unmount());
  return markup;
}

describe('the plain bar', () => {
  for (const [name, theme] of [['Ada Lovelace', 'light'], [hostile, 'dark']] as const) {
    it(`is PostBar's markup for ${JSON.stringify(name)} (${theme})`, () => {
      const { store, actions } = setUp(name, theme);
      store.update('x:7', { kase: null, customer: null, feedback: null });
      const bar = store.bar('x:7')!;
      expect(isPlain(bar, store.page)).toBe(true);
      const container = document.createElement('div');
      drawPlainBar(container, 'x:7', bar, store.page, actions);
      expect(normalized(container)).toBe(reactMarkup(store, actions));
      // Page text is text: nothing of it became an element.
      expect(container.querySelectorAll('img, b')).toHaveLength(0);
      expect(container.querySelector('[data-testid="parley-customer"]')!.textContent).toBe(name);
    });
  }

  // What a trusted click on each button does is the end-to-end tests' (test/e2e/x-overlay.spec.ts): only the browser makes one.
  it('does nothing for clicks a script made', () => {
    const { store, actions } = setUp('Ada');
    const container = document.createElement('div');
    drawPlainBar(container, 'x:7', store.bar('x:7')!, store.page, actions);
    for (const button of container.querySelectorAll('button')) button.click(); // jsdom's click() is untrusted, like a page's
    expect(container.querySelectorAll('button')).toHaveLength(7);
    expect(actions.setPanel).not.toHaveBeenCalled();
    expect(actions.tagFeedback).not.toHaveBeenCalled();
  });

  it('leaves to React every bar that shows more than its first row', () => {
    const { store } = setUp('Ada');
    const bar = store.bar('x:7')!;
    const more: Partial<BarState>[] = [
      { panel: 'form' }, { notice: { kind: 'info', text: 'saved' } }, { brand: true }, { feedback: { kind: 'bug', theme: '' } },
      { presence: [{ agentName: 'Bo', activity: 'viewing' } as BarState['presence'][number]] },
      { kase: { id: 'c', number: 1, status: 'open' } as unknown as BarState['kase'] },
      { customer: { customer: { name: 'Ada' }, cases: [] } as unknown as BarState['customer'] },
    ];
    for (const change of more) expect(isPlain({ ...bar, ...change }, store.page), JSON.stringify(change)).toBe(false);
    expect(isPlain(bar, { ...store.page, offline: true })).toBe(false);
    expect(isPlain(bar, { ...store.page, held: 1 })).toBe(false);
    expect(isPlain(bar, { ...store.page, session: { signedIn: false } as NonNullable<typeof store.page.session> })).toBe(false);
    expect(isPlain({ ...bar, tone: { label: 'negative', followers: null } as unknown as BarState['tone'] }, { ...store.page, listening: true })).toBe(false);
  });
});
