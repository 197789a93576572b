import { describe, expect, it } from 'vitest';
import { OverlayStore } from '../../../extension/overlay/store.js';
import type { PostData } from '../../../extension/sites/types.js';

const post: PostData = { platform: 'x', externalId: '1', url: 'https://x.com/a/status/1', author: { handle: 'a', displayName: 'A' }, text: 'hi' };
const kase = { id: 'c', number: 1, status: 'new' } as never;

describe('the overlay store', () => {
  it('tells only the bar that changed', () => {
    const store = new OverlayStore();
    store.add('x:1', post);
    store.add('x:2', { ...post, externalId: '2' });
    const heard: string[] = [];
    store.subscribeBar('x:1', () => heard.push('x:1'));
    store.subscribeBar('x:2', () => heard.push('x:2'));
    store.update('x:1', { kase });
    expect(heard).toEqual(['x:1']);
    expect(store.bar('x:1')?.kase).toBe(kase);
  });

  it('stays quiet when an answer says the same again', () => {
    const store = new OverlayStore();
    store.add('x:1', post);
    let bars = 0;
    let pages = 0;
    store.subscribeBar('x:1', () => bars++);
    store.subscribePage(() => pages++);
    store.update('x:1', { kase: { ...(kase as object) } as never });
    store.update('x:1', { kase: { ...(kase as object) } as never });
    store.updatePage({ session: { signedIn: true, expired: false }, agents: { a: 'Maya' } });
    store.updatePage({ session: { signedIn: true, expired: false }, agents: { a: 'Maya' } });
    expect([bars, pages]).toEqual([1, 1]);
    store.updatePage({ agents: { a: 'Maya', b: 'Ben' } });
    expect(pages).toBe(2);
  });

  it('forgets a bar and its listeners when its post leaves', () => {
    const store = new OverlayStore();
    store.add('x:1', post);
    let heard = 0;
    store.subscribeBar('x:1', () => heard++);
    store.delete('x:1');
    store.update('x:1', { kase });
    expect(store.bar('x:1')).toBeUndefined();
    expect(heard).toBe(0);
    expect([...store.keys()]).toEqual([]);
  });
});
