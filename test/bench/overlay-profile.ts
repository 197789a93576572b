/**
 * A diagnostic beside `npm run bench:overlay`, for telling where Parley's cost to a page goes: the
 * React timeline's scroll (or, with PROFILE_SCENARIO=growing, its growth) under V8's sampling
 * profiler, with and without the extension, PROFILE_ROUNDS times (2), the page bundle unminified;
 * self time summed by function (a native one named with the script function that called it),
 * largest differences first. Run after both builds: `npx tsx test/bench/overlay-profile.ts`.
 */
import { chromium, type BrowserContext, type Page } from '@playwright/test';
import { build } from 'esbuild';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { startApi } from '../e2e/api-server.js';
import { chromiumPath, launchWithExtension, serve, signIn } from '../e2e/fixtures.js';
import { frameScript, type Hooks } from './overlay-measure.js';
import { reactTimelineHtml } from './react-timeline.js';

const minified = await reactTimelineHtml();
const bundle = await build({
  entryPoints: [resolve(import.meta.dirname, '../fixtures/x/react-timeline/Timeline.tsx')], bundle: true, write: false, minify: false, format: 'iife',
  jsx: 'automatic', define: { 'process.env.NODE_ENV': '"production"' }, target: 'chrome120',
});
const html = minified.replace(/<script>[\s\S]*<\/script>/, () => `<script>${bundle.outputFiles[0]!.text.replaceAll('</script', '<\\/script')}</script>`);

async function profiled(context: BrowserContext): Promise<Map<string, number>> {
  const page: Page = await context.newPage();
  await page.addInitScript('globalThis.__name = (target) => target');
  await page.addInitScript(frameScript);
  await serve(page, 'https://x.com/**', { '/home': html });
  await page.goto('https://x.com/home');
  await page.bringToFront();
  await page.waitForTimeout(500);
  const scenario = process.env.PROFILE_SCENARIO ?? 'scrolling';
  const grow = () => page.evaluate(async () => {
    const hooks = window as unknown as Hooks;
    while (hooks.__tweetCount!() < 500) { hooks.__appendTweets(20); window.scrollTo(0, document.body.scrollHeight); await hooks.__frame(); }
  });
  if (scenario === 'scrolling') {
    await grow();
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.waitForTimeout(1000);
  }
  const session = await context.newCDPSession(page);
  await session.send('Profiler.enable');
  await session.send('Profiler.setSamplingInterval', { interval: 100 });
  await session.send('Profiler.start');
  if (scenario === 'scrolling') {
    await page.evaluate(async () => {
      const frame = (window as unknown as Hooks).__frame;
      for (let y = 0; y + window.innerHeight < document.body.scrollHeight; y += window.innerHeight) { window.scrollTo(0, y); await frame(); }
    });
  } else await grow();
  await page.waitForTimeout(1000);
  const { profile } = await session.send('Profiler.stop');
  await session.detach();
  await page.close();
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parentOf = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parentOf.set(child, node.id);
  const name = (id: number) => {
    const { callFrame } = byId.get(id)!;
    const where = callFrame.url.startsWith('chrome-extension://') ? 'parley' : callFrame.url.startsWith('https://x.com') ? 'page' : callFrame.url || '-';
    return `${where} ${callFrame.functionName || '(anon)'}:${callFrame.lineNumber}`;
  };
  const self = new Map<string, number>();
  profile.samples!.forEach((id, i) => {
    const { callFrame } = byId.get(id)!;
    // A native function (no URL) is named with the script function that called it.
    let key = name(id);
    if (!callFrame.url && parentOf.has(id) && !callFrame.functionName.startsWith('(')) key += ` ← ${name(parentOf.get(id)!)}`;
    self.set(key, (self.get(key) ?? 0) + (profile.timeDeltas![i] ?? 0) / 1000);
  });
  return self;
}

const api = await startApi();
const withExtension = await launchWithExtension();
const dir = mkdtempSync(join(tmpdir(), 'parley-profile-plain-'));
const plain = await chromium.launchPersistentContext(dir, { executablePath: chromiumPath(), headless: true, args: ['--no-sandbox', '--disable-gpu', '--no-first-run'] });
try {
  const options = await withExtension.context.newPage();
  await signIn(options, withExtension.extensionId, api);
  await options.close();
  const sum = new Map<string, [number, number]>();
  for (let round = 0; round < Number(process.env.PROFILE_ROUNDS ?? 2); round += 1) {
    for (const [side, context] of [[0, plain], [1, withExtension.context]] as const) {
      for (const [key, ms] of await profiled(context)) {
        const both = sum.get(key) ?? [0, 0];
        both[side] += ms;
        sum.set(key, both);
      }
    }
  }
  const rows = [...sum].sort((a, b) => (b[1][1] - b[1][0]) - (a[1][1] - a[1][0]));
  for (const [key, [without, withIt]] of rows.slice(0, 40)) console.log(`${(withIt - without).toFixed(0).padStart(6)}  ${without.toFixed(0).padStart(6)} → ${withIt.toFixed(0).padStart(6)}  ${key}`);
  const total = (side: 0 | 1, where?: string) => [...sum].filter(([key]) => !where || key.startsWith(where)).reduce((a, [, v]) => a + v[side], 0);
  for (const where of ['page', 'parley', '(program)', '(idle)', '(garbage collector)']) console.log(`${where}: ${total(0, where).toFixed(0)} → ${total(1, where).toFixed(0)}`);
} finally {
  await plain.close();
  rmSync(dir, { recursive: true, force: true });
  await withExtension.close();
  await api.stop();
}
