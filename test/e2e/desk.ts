/** A team at work, for specs that count what the server holds or kill it: their own API process and browsers. */
import type { BrowserContext, Page } from '@playwright/test';
import { startApi, type ApiServer } from './api-server.js';
import { expect, launchWithExtension, signInBrowser, watchPageErrors } from './fixtures.js';
import { openStatus } from './x-status.js';

export const MAYA = { email: 'maya@brand.test', password: 'maya password 123', name: 'Maya' };

export interface Desk<Pages extends Page[] = Page[]> {
  api: ApiServer;
  /** Per agent (the admin, then Maya), the X status page, open and marked. */
  pages: Pages;
  /** Each agent's browser, in the same order. */
  browsers: { [K in keyof Pages]: Launched };
}
type Launched = Awaited<ReturnType<typeof launchWithExtension>>;
type Before = (api: ApiServer) => Promise<void>;

/**
 * Starts an API, lets `before` seed it, signs a browser in per agent and opens the status page in
 * each; runs `body`, then checks no page saw an error, and closes everything.
 */
export async function withDesk(options: { agents: 2; before?: Before }, body: (desk: Desk<[Page, Page]>) => Promise<void>): Promise<void>;
export async function withDesk(options: { agents?: 1; before?: Before }, body: (desk: Desk<[Page]>) => Promise<void>): Promise<void>;
export async function withDesk(options: { agents?: 1 | 2; before?: Before }, body: (desk: Desk<[Page, Page]> & Desk<[Page]>) => Promise<void>): Promise<void> {
  const api = await startApi();
  const browsers: Launched[] = [];
  try {
    const agents = [undefined, ...(options.agents === 2 ? [MAYA] : [])];
    if (options.agents === 2) expect((await api.call('POST', '/agents', { ...MAYA, role: 'agent' })).status).toBe(201);
    await options.before?.(api);
    const pages: Page[] = [];
    const errors: string[][] = [];
    for (const agent of agents) {
      const browser = await launchWithExtension();
      browsers.push(browser);
      await signInBrowser(browser, api, agent);
      const page = await browser.context.newPage();
      errors.push(watchPageErrors(page));
      await openStatus(page);
      pages.push(page);
    }
    // As many pages as agents, which the overloads tie to the body's tuple.
    await body({ api, pages: pages as [Page, Page] & [Page], browsers: browsers as [Launched, Launched] & [Launched] });
    expect(errors.flat(), 'errors thrown into the pages').toEqual([]);
  } finally {
    for (const browser of browsers) await browser.close();
    await api.stop();
  }
}

export const xPost = (externalId: string, handle: string, name: string, text: string) => ({
  platform: 'x', externalId, url: `https://x.com/${handle}/status/${externalId}`, author: { handle, displayName: name }, text,
});

/** The case a post on X is in, as the server has it. */
export async function caseOf(api: ApiServer, externalId: string) {
  return (await api.call('GET', `/posts/cases?platform=x&externalIds=${externalId}`)).body.links[0]?.case;
}

/** The side panel of an agent's browser, opened as its page (where a test can reach it). */
export async function openSidePanel(browser: { context: BrowserContext; extensionId: string }): Promise<Page> {
  const panel = await browser.context.newPage();
  await panel.goto(`chrome-extension://${browser.extensionId}/sidepanel.html`);
  await expect(panel.getByTestId('parley-queue-tab').first()).toBeVisible();
  return panel;
}
