// @vitest-environment jsdom
/** A bar whose render failed shows nothing, and renders again on its post's next update. */
import { act, createElement, useSyncExternalStore } from 'react';
import { createRoot } from 'react-dom/client';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Contained } from '../../../extension/overlay/PostBar.js';
import { OverlayStore } from '../../../extension/overlay/store.js';
import type { PostData } from '../../../extension/sites/types.js';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

const post: PostData = { platform: 'x', externalId: '1', url: 'https://x.com/a/status/1', author: { handle: 'a', displayName: 'A' }, text: 'hi' };

/** Stands for any part of a bar that some data breaks. */
function Fragile({ store, postKey }: { store: OverlayStore; postKey: string }) {
  const bar = useSyncExternalStore((listener) => store.subscribeBar(postKey, listener), () => store.bar(postKey));
  if (bar?.excerpt === 'breaks it') throw new Error('cannot render this');
  return createElement('p', { 'data-testid': 'bar' }, bar?.excerpt || bar?.post.text);
}

function mountBar(store: OverlayStore, key: string) {
  const container = document.createElement('div');
  document.body.append(container);
  const root = createRoot(container);
  const errors: unknown[] = [];
  act(() => root.render(createElement(Contained, {
    onError: (error: unknown) => errors.push(error),
    subscribe: (listener: () => void) => store.subscribeUpdates(key, listener),
    children: createElement(Fragile, { store, postKey: key }),
  })));
  return { container, errors, unmount: () => act(() => root.unmount()) };
}

afterEach(() => {
  vi.restoreAllMocks();
  document.body.replaceChildren();
});

describe('a bar that fails to render', () => {
  it('shows nothing, keeps the other bars, and recovers on its next update', () => {
    vi.spyOn(console, 'error').mockImplementation(() => {}); // React reports the caught error
    const store = new OverlayStore();
    store.add('x:1', post);
    store.add('x:2', { ...post, externalId: '2' });
    const broken = mountBar(store, 'x:1');
    const other = mountBar(store, 'x:2');
    expect(broken.container.textContent).toBe('hi');

    act(() => store.update('x:1', { excerpt: 'breaks it' }));
    expect(broken.container.textContent).toBe('');
    expect(broken.errors).toHaveLength(1);
    expect(other.container.textContent).toBe('hi');

    act(() => store.update('x:1', { excerpt: 'fixed' }));
    expect(broken.container.textContent).toBe('fixed');
    broken.unmount();
    other.unmount();
  });

  it('tries again on a page update too, and fails quietly again if the data is still bad', () => {
    vi.spyOn(console, 'error').mockImplementation(() => {});
    const store = new OverlayStore();
    store.add('x:1', post);
    const bar = mountBar(store, 'x:1');
    act(() => store.update('x:1', { excerpt: 'breaks it' }));
    act(() => store.updatePage({ waiting: 3 }));
    expect(bar.container.textContent).toBe('');
    expect(bar.errors).toHaveLength(2);
    act(() => store.update('x:1', { excerpt: 'fixed' }));
    expect(bar.container.textContent).toBe('fixed');
    bar.unmount();
  });
});
