/**
 * `npm run bench:overlay`: what the extension costs the page it runs on, in a real Chromium with
 * the built extension, signed in to a real API, on the X timeline fixture served at x.com/home.
 * - scripting time (CDP ScriptDuration, page and content scripts) of growing the timeline to 500
 *   posts, with the extension vs without it, the same run;
 * - post inserted → its bar rendered, p50 / p95;
 * - the X content script's size, gzipped;
 * - heap growth over a 2,000-post scroll that, like X, drops posts far above the viewport.
 */
import { chromium, type BrowserContext, type Page } from '@playwright/test';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { startApi } from '../e2e/api-server.js';
import { chromiumPath, launchWithExtension, serve, signIn, storeExtensionPath } from '../e2e/fixtures.js';

const root = resolve(import.meta.dirname, '../..');
const timeline = readFileSync(resolve(root, 'test/fixtures/x/timeline.html'), 'utf8');
const TIMELINE_URL = 'https://x.com/home';
const targets = { scripting: 1.1, p95Ms: 50, gzipKb: 90 };

type Hooks = { __appendTweets(n: number): void; __removeTweets(n: number): void };

async function openTimeline(context: BrowserContext): Promise<Page> {
  const page = await context.newPage();
  // tsx names the functions it compiles with a `__name` helper; give the page one.
  await page.addInitScript('globalThis.__name = (target) => target');
  await serve(page, 'https://x.com/**', { '/home': timeline });
  await page.goto(TIMELINE_URL);
  // The bench adds the posts itself: no extra ones loading on scroll.
  await page.evaluate(() => document.querySelector('[data-fixture="timeline"]')?.removeAttribute('data-infinite'));
  return page;
}

/** Chromium's own counters for the page (collected only while enabled: enable before the work). */
async function metrics(page: Page) {
  const session = await page.context().newCDPSession(page);
  await session.send('Performance.enable');
  return async (name: string) => {
    const { metrics: all } = await session.send('Performance.getMetrics');
    return all.find((entry) => entry.name === name)?.value ?? 0;
  };
}

/**
 * Milliseconds of JavaScript (page and content scripts, sampled by V8's profiler; idle, native and
 * GC time left out) spent growing the timeline to 500 posts, 20 at a time, a frame apart: with the
 * reader at the top (posts load below), or scrolling along to the newest post.
 */
async function scriptingFor500(page: Page, scroll: boolean): Promise<number> {
  await page.waitForTimeout(500);
  const session = await page.context().newCDPSession(page);
  await session.send('Profiler.enable');
  await session.send('Profiler.setSamplingInterval', { interval: 100 });
  await session.send('Profiler.start');
  await page.evaluate(async (scrolling) => {
    const hooks = window as unknown as Hooks;
    for (let count = document.querySelectorAll('article').length; count < 500; count += 20) {
      hooks.__appendTweets(20);
      if (scrolling) window.scrollTo(0, document.body.scrollHeight);
      await new Promise((done) => requestAnimationFrame(() => setTimeout(done, 0)));
    }
  }, scroll);
  await page.waitForTimeout(1000); // let the last batch settle
  const { profile } = await session.send('Profiler.stop');
  await session.detach();
  const notScript = new Set(['(idle)', '(program)', '(garbage collector)', '(root)']);
  const scriptNodes = new Set(profile.nodes.filter((node) => !notScript.has(node.callFrame.functionName)).map((node) => node.id));
  let micros = 0;
  profile.samples!.forEach((id, i) => { if (scriptNodes.has(id)) micros += profile.timeDeltas![i] ?? 0; });
  return micros / 1000;
}

/** Milliseconds from a post's insertion to its bar's first render, for `n` posts one at a time. */
async function barLatencies(page: Page, n: number): Promise<number[]> {
  return page.evaluate(async (count) => {
    const hooks = window as unknown as Hooks;
    const times: number[] = [];
    for (let i = 0; i < count; i += 1) {
      window.scrollTo(0, document.body.scrollHeight);
      await new Promise((done) => requestAnimationFrame(() => setTimeout(done, 0)));
      const known = new Set(document.querySelectorAll('article'));
      const started = performance.now();
      hooks.__appendTweets(1);
      const article = [...document.querySelectorAll('article')].find((element) => !known.has(element));
      await new Promise<void>((done) => {
        const rendered = () => {
          const host = article?.parentElement?.querySelector('parley-bar') ?? article?.querySelector('parley-bar');
          return Boolean(host?.shadowRoot?.querySelector('[data-testid="parley-post-bar"]'));
        };
        // A bar that never comes counts as 10 s: the target fails loudly instead of hanging.
        const poll = () => (rendered() || performance.now() - started > 10_000 ? done() : setTimeout(poll, 1));
        poll();
      });
      times.push(performance.now() - started);
    }
    return times;
  }, n);
}

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
};

async function main(): Promise<void> {
  const api = await startApi();
  const withExtension = await launchWithExtension();
  const profile = mkdtempSync(join(tmpdir(), 'parley-bench-plain-'));
  const plain = await chromium.launchPersistentContext(profile, {
    executablePath: chromiumPath(), headless: true, args: ['--no-sandbox', '--disable-gpu', '--no-first-run'],
  });
  try {
    const options = await withExtension.context.newPage();
    await signIn(options, withExtension.extensionId, api);
    await options.close();

    // Interleaved, three times each: a noisy neighbour slows both alike.
    const scenarios = { still: { with: [] as number[], without: [] as number[] }, scrolling: { with: [] as number[], without: [] as number[] } };
    for (let round = 0; round < 3; round += 1) {
      for (const scenario of ['still', 'scrolling'] as const) {
        for (const [name, context] of [['without', plain], ['with', withExtension.context]] as const) {
          const page = await openTimeline(context);
          scenarios[scenario][name].push(await scriptingFor500(page, scenario === 'scrolling'));
          await page.close();
        }
      }
    }
    const median = (values: number[]) => percentile(values, 50);
    const ratioOf = (runs: { with: number[]; without: number[] }) => median(runs.with) / median(runs.without);
    const scripting = ratioOf(scenarios.still);
    const scriptingScrolling = ratioOf(scenarios.scrolling);

    const page = await openTimeline(withExtension.context);
    await page.waitForTimeout(500);
    await barLatencies(page, 10); // warm-up
    const latencies = await barLatencies(page, 100);

    // A long scroll: X keeps a window of posts and drops the rest; bars must go with them.
    await page.evaluate(() => (window as unknown as { gc?: () => void }).gc?.());
    const session = await page.context().newCDPSession(page);
    const metric = await metrics(page);
    await session.send('HeapProfiler.collectGarbage');
    const heapBefore = await metric('JSHeapUsedSize');
    await page.evaluate(async () => {
      const hooks = window as unknown as Hooks;
      for (let added = 0; added < 2000; added += 20) {
        hooks.__appendTweets(20);
        const extra = document.querySelectorAll('article').length - 60;
        if (extra > 0) hooks.__removeTweets(extra);
        await new Promise((done) => requestAnimationFrame(() => setTimeout(done, 0)));
      }
    });
    await page.waitForTimeout(1000);
    await session.send('HeapProfiler.collectGarbage');
    const heapAfter = await metric('JSHeapUsedSize');
    const counts = await page.evaluate(() => ({ articles: document.querySelectorAll('article').length, bars: document.querySelectorAll('parley-bar').length }));

    const script = readFileSync(join(storeExtensionPath, 'content-scripts/x.js'));
    const gzipKb = gzipSync(script, { level: 9 }).length / 1024;
    const p50 = percentile(latencies, 50);
    const p95 = percentile(latencies, 95);

    const rows: [string, string, string, boolean][] = [
      ['scripting, timeline grown to 500 posts, with ÷ without', `${scripting.toFixed(2)}× (${median(scenarios.still.with).toFixed(0)} ms ÷ ${median(scenarios.still.without).toFixed(0)} ms)`, `≤ ${targets.scripting}×`, scripting <= targets.scripting],
      ['the same, scrolling through all 500', `${scriptingScrolling.toFixed(2)}× (${median(scenarios.scrolling.with).toFixed(0)} ms ÷ ${median(scenarios.scrolling.without).toFixed(0)} ms)`, `≤ ${targets.scripting}×`, scriptingScrolling <= targets.scripting],
      ['post inserted → bar rendered, p50', `${p50.toFixed(1)} ms`, '', true],
      ['post inserted → bar rendered, p95', `${p95.toFixed(1)} ms`, `≤ ${targets.p95Ms} ms`, p95 <= targets.p95Ms],
      ['X content script, gzipped', `${gzipKb.toFixed(1)} KB (${(script.length / 1024).toFixed(0)} KB raw)`, `≤ ${targets.gzipKb} KB`, gzipKb <= targets.gzipKb],
      ['heap after a 2,000-post scroll − before', `${((heapAfter - heapBefore) / 1024 / 1024).toFixed(2)} MB`, '', true],
      ['bars ÷ posts in the page after the scroll', `${counts.bars} ÷ ${counts.articles}`, 'bars ≤ posts', counts.bars <= counts.articles],
    ];
    console.log(`\nnode ${process.version}, ${chromiumPath()}\n`);
    console.log('| measure | result | target |\n|---|---:|---:|');
    for (const [name, value, target, ok] of rows) console.log(`| ${name} | ${value} | ${target ? `${target} ${ok ? '✓' : '✗'}` : ''} |`);
    process.exitCode = rows.every((row) => row[3]) ? 0 : 1;
  } finally {
    await plain.close();
    rmSync(profile, { recursive: true, force: true });
    await withExtension.close();
    await api.stop();
  }
}

await main();
