/**
 * Playwright fixtures: per worker, a real API process and Chromium with the built extension; site
 * pages are served from test/fixtures at their real URLs, so content scripts match as in production.
 */
import { test as base, chromium, expect, type BrowserContext, type Locator, type Page } from '@playwright/test';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { ADMIN, startApi, type ApiServer } from './api-server.js';

export const root = resolve(import.meta.dirname, '../..');
/** `npm run build:test`: the store build with open shadow roots, so locators reach the bars. */
export const testExtensionPath = resolve(root, '.output/chrome-mv3-test');
/** `npm run build`: what ships, with closed shadow roots. */
export const storeExtensionPath = resolve(root, '.output/chrome-mv3');
export const fixture = (path: string) => readFileSync(resolve(root, 'test/fixtures', path), 'utf8');

export function chromiumPath(): string {
  const candidates = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'].filter(Boolean) as string[];
  const found = candidates.find((path) => existsSync(path));
  if (found) return found;
  try {
    return chromium.executablePath();
  } catch {
    throw new Error('No Chromium found: install it (apt-get install -y chromium) or set CHROMIUM_PATH');
  }
}

/** The options page's welcome, which a fresh install opens in a tab of its own. */
export async function welcomePage(context: BrowserContext, timeoutMs = 10_000): Promise<Page> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = context.pages().find((page) => /\/options\.html\?welcome$/.test(page.url()));
    if (found) return found;
    if (Date.now() > deadline) throw new Error('Installing Parley opened no welcome page');
    await new Promise((done) => setTimeout(done, 50));
  }
}

/**
 * Existing specs use the test build; a spec about what the page can reach loads the store build.
 * The welcome a fresh install opens is closed unless `welcome: 'keep'`, so each spec starts with no
 * extension page open.
 */
export async function launchWithExtension(build: 'test' | 'store' = 'test', { welcome = 'close' }: { welcome?: 'close' | 'keep' } = {}): Promise<{ context: BrowserContext; extensionId: string; close: () => Promise<void> }> {
  const extensionPath = build === 'test' ? testExtensionPath : storeExtensionPath;
  const command = build === 'test' ? 'npm run build:test' : 'npm run build';
  if (!existsSync(join(extensionPath, 'manifest.json'))) throw new Error(`Build the extension first (${command}): ${extensionPath} is missing`);
  const profile = mkdtempSync(join(tmpdir(), 'parley-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: chromiumPath(),
    headless: true,
    args: [
      `--disable-extensions-except=${extensionPath}`, `--load-extension=${extensionPath}`, '--no-sandbox', '--disable-gpu',
      '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync',
    ],
  });
  const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
  const extensionId = new URL(worker.url()).host;
  if (welcome === 'close') await (await welcomePage(context)).close();
  return {
    context,
    extensionId,
    close: async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** Serves `html` for every request under `pattern` (e.g. 'https://x.com/**'). */
export async function serve(context: BrowserContext | Page, pattern: string, pages: Record<string, string>, fallback?: string): Promise<void> {
  await context.route(pattern, async (route) => {
    const url = new URL(route.request().url());
    const body = pages[url.pathname] ?? fallback;
    if (body === undefined || route.request().resourceType() !== 'document') return route.fulfill({ status: 404, body: '' });
    return route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body });
  });
}

export async function signIn(page: Page, extensionId: string, api: ApiServer, who = ADMIN): Promise<void> {
  await page.goto(`chrome-extension://${extensionId}/options.html`);
  await page.getByTestId('parley-server-url').fill(api.url);
  await page.getByTestId('parley-email').fill(who.email);
  await page.getByTestId('parley-password').fill(who.password);
  await page.getByTestId('parley-sign-in').click();
  await expect(page.getByTestId('parley-signed-in')).toBeVisible();
}

/** Signs a launched browser's extension in, through its options page, and closes that page. */
export async function signInBrowser(browser: { context: BrowserContext; extensionId: string }, api: ApiServer, who = ADMIN): Promise<void> {
  const page = await browser.context.newPage();
  await signIn(page, browser.extensionId, api, who);
  await page.close();
}

/** When keys were last typed on each page: a select's typeahead joins keys typed within a second. */
const lastTyped = new WeakMap<Page, number>();
/**
 * Picks an option of a `<select>` by typing its label, as an agent can with the keyboard.
 * Playwright's `selectOption` sets the value from a script and sends synthetic events, which
 * Parley ignores like any other event the page could forge.
 */
export async function choose(select: Locator, option: string | { label: string }): Promise<void> {
  const options = await select.evaluate((element: HTMLSelectElement) => [...element.options].map((item) => ({ value: item.value, label: item.label })));
  const wanted = options.find((item) => (typeof option === 'string' ? item.value === option : item.label === option.label));
  if (!wanted) throw new Error(`No option ${JSON.stringify(option)} in ${JSON.stringify(options)}`);
  // The shortest start of its label no other option shares: each further key could pick again.
  const others = options.filter((item) => item !== wanted).map((item) => item.label.toLowerCase());
  const label = wanted.label.toLowerCase();
  let typed = 1;
  while (typed < label.length && others.some((other) => other.startsWith(label.slice(0, typed)))) typed++;
  // Keys typed on the page within a second of the last ones add to the same search; other pages (other agents) type at once.
  const page = select.page();
  await new Promise((done) => setTimeout(done, Math.max(0, (lastTyped.get(page) ?? 0) + 1100 - Date.now())));
  await select.focus();
  await select.pressSequentially(wanted.label.slice(0, typed), { delay: 10 });
  lastTyped.set(page, Date.now());
}

/** Writes actions into the background's outbox, as an older Parley or a long-closed laptop left them, and asks it to push.
 * `options` is an extension page, where IndexedDB is the background's and its messaging is there to call. */
export async function leaveInOutbox(options: Page, mutations: unknown[]): Promise<void> {
  await options.evaluate(async (mutations) => {
    const db = await new Promise<IDBDatabase>((done, fail) => {
      const open = indexedDB.open('parley');
      open.onsuccess = () => done(open.result);
      open.onerror = () => fail(open.error);
    });
    const tx = db.transaction('outbox', 'readwrite');
    for (const mutation of mutations) tx.objectStore('outbox').put(mutation);
    await new Promise((done) => (tx.oncomplete = done));
    db.close();
    const { chrome } = globalThis as unknown as { chrome: { runtime: { sendMessage(message: unknown): Promise<unknown> } } };
    await chrome.runtime.sendMessage({ type: 'ping' });
  }, mutations);
}

/** Fails the test when the page reports an error: an extension error must never reach the page. */
export function watchPageErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  return errors;
}

export const test = base.extend<{ page: Page; pageErrors: string[] }, { api: ApiServer; browserWithExtension: { context: BrowserContext; extensionId: string } }>({
  api: [async ({}, use) => {
    const api = await startApi();
    await use(api);
    await api.stop();
  }, { scope: 'worker' }],
  browserWithExtension: [async ({ api }, use) => {
    const launched = await launchWithExtension();
    await signInBrowser(launched, api);
    await use(launched);
    await launched.close();
  }, { scope: 'worker' }],
  page: async ({ browserWithExtension }, use) => {
    const page = await browserWithExtension.context.newPage();
    await use(page);
    await page.close();
  },
  pageErrors: async ({ page }, use) => {
    const errors = watchPageErrors(page);
    await use(errors);
    expect(errors, 'errors thrown into the page').toEqual([]);
  },
});

export { expect };
