/**
 * What `npm run bench:overlay` measures on a page, in Chromium over CDP: JavaScript time split by
 * whose script ran it, Parley's own counters, a bar's latency after the scan that found its post.
 */
import type { Page } from '@playwright/test';

export type Hooks = {
  __appendTweets(n: number): void;
  __removeTweets(n: number): void;
  __tweetCount?(): number;
  __cellsRendered?(): number;
  /** The React page's list and cell renders, and heights changed after a cell's first measurement. */
  __renders?(): { list: number; cells: number; heightChanges: number };
  /** The next animation frame, or 250 ms when none comes (a tab the browser left in the background), counted in `__missedFrames`. */
  __frame(): Promise<void>;
  __missedFrames: number;
};

/** Installed before the page's own scripts: a frame wait that cannot hang the bench. */
export const frameScript = `globalThis.__missedFrames = 0;
globalThis.__frame = () => new Promise((done) => {
  const late = setTimeout(() => { globalThis.__missedFrames += 1; done(); }, 250);
  requestAnimationFrame(() => { clearTimeout(late); setTimeout(done, 0); });
});`;

/** Milliseconds of JavaScript, split by the script it ran in. */
export interface Scripting { total: number; parley: number; page: number }

/**
 * Runs `work` under V8's sampling profiler (idle, native and GC time left out). A sample counts
 * for the script of the nearest frame with a URL: the content script's (chrome-extension://) is
 * Parley's, the page's (https://x.com/…) the page's; the bench's own driving counts in the total.
 */
export async function profileScripting(page: Page, work: () => Promise<void>): Promise<Scripting> {
  const session = await page.context().newCDPSession(page);
  await session.send('Profiler.enable');
  await session.send('Profiler.setSamplingInterval', { interval: 100 });
  await session.send('Profiler.start');
  await work();
  await page.waitForTimeout(1000); // let the last batch settle
  const { profile } = await session.send('Profiler.stop');
  await session.detach();
  const notScript = new Set(['(idle)', '(program)', '(garbage collector)', '(root)']);
  const parentOf = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parentOf.set(child, node.id);
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const owner = new Map<number, 'parley' | 'page' | 'other' | 'none'>();
  const ownerOf = (id: number): 'parley' | 'page' | 'other' | 'none' => {
    const known = owner.get(id);
    if (known) return known;
    const node = byId.get(id)!;
    let found: 'parley' | 'page' | 'other' | 'none';
    if (notScript.has(node.callFrame.functionName)) found = 'none';
    else if (node.callFrame.url.startsWith('chrome-extension://')) found = 'parley';
    else if (node.callFrame.url.startsWith('https://x.com/')) found = 'page';
    else if (node.callFrame.url) found = 'other';
    else found = parentOf.has(id) ? ownerOf(parentOf.get(id)!) : 'other';
    if (found === 'none' && !notScript.has(node.callFrame.functionName)) found = 'other';
    owner.set(id, found);
    return found;
  };
  const micros = { parley: 0, page: 0, other: 0, none: 0 };
  profile.samples!.forEach((id, i) => { micros[ownerOf(id)] += profile.timeDeltas![i] ?? 0; });
  return { total: (micros.parley + micros.page + micros.other) / 1000, parley: micros.parley / 1000, page: micros.page / 1000 };
}

/** Parley's counters (`extension/overlay/costs.ts`), read in the content script's isolated world. */
export async function parleyCosts(page: Page): Promise<{ found: number; findMs: number; mounted: number; mountMs: number }> {
  const session = await page.context().newCDPSession(page);
  const worlds: number[] = [];
  session.on('Runtime.executionContextCreated', ({ context }) => {
    if ((context.auxData as { type?: string } | undefined)?.type === 'isolated' && context.name === 'Parley') worlds.push(context.id);
  });
  await session.send('Runtime.enable');
  try {
    for (const contextId of worlds) {
      const { result } = await session.send('Runtime.evaluate', { contextId, expression: 'JSON.stringify(globalThis.__parleyCosts ?? null)', returnByValue: true });
      const costs = JSON.parse(String(result.value));
      if (costs) return costs;
    }
    throw new Error('No Parley costs on the page: is this the test build (npm run build:test)?');
  } finally {
    await session.detach();
  }
}

/**
 * For `n` tweets added one at a time at the bottom (scrolled to): when the page inserted it, when
 * Parley's scan marked it (`data-parley-post`, seen by a page observer at the end of that task),
 * when its bar's content was in the page. Milliseconds: [inserted → visible, scan → visible].
 */
export async function barLatencies(page: Page, n: number): Promise<{ afterInsert: number[]; afterBatch: number[] }> {
  return page.evaluate(async (count) => {
    const hooks = window as unknown as Hooks;
    const frame = hooks.__frame;
    const afterInsert: number[] = [];
    const afterBatch: number[] = [];
    for (let i = 0; i < count; i += 1) {
      window.scrollTo(0, document.body.scrollHeight);
      await frame();
      await frame();
      const known = new Set(document.querySelectorAll('article'));
      let marked = 0;
      let visible = 0;
      let article: Element | undefined;
      const barOf = (post: Element) => {
        const host = post.parentElement?.querySelector(':scope > parley-bar') ?? post.querySelector('parley-bar');
        return Boolean(host?.shadowRoot?.querySelector('[data-testid="parley-post-bar"]'));
      };
      const check = () => {
        if (!article) return;
        const now = performance.now();
        if (!marked && article.hasAttribute('data-parley-post')) marked = now;
        if (marked && !visible && barOf(article)) visible = now;
      };
      const observer = new MutationObserver(check);
      observer.observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-parley-post'] });
      const started = performance.now();
      hooks.__appendTweets(1);
      article = [...document.querySelectorAll('article')].find((element) => !known.has(element));
      // A bar that never comes counts as 10 s: the target fails loudly instead of hanging.
      while (!visible && performance.now() - started < 10_000) {
        await new Promise((done) => setTimeout(done, 1));
        check();
      }
      observer.disconnect();
      afterInsert.push((visible || performance.now()) - started);
      afterBatch.push((visible || performance.now()) - (marked || started));
    }
    return { afterInsert, afterBatch };
  }, n);
}

