/** The X status page fixture, as the e2e specs use it. */
import type { Page } from '@playwright/test';
import { fixturePages } from '../fixtures/pages.js';
import { expect, fixture, serve } from './fixtures.js';

const status = fixturePages.xStatus;

/** The posts on the page, by author. */
export const statusIds = {
  dana: '1851234567890123456', // the focused tweet
  sam: '1851240012345678901',
  mallory: '1851241122334455667', // hostile name and text
  lee: '1851245566778899001', // a quote tweet
  priya: '1851250099887766554',
  quoted: '1849990011223344556', // the tweet Lee quotes
};

/** Opens the status page at its real address and waits until Parley has marked its posts. */
export async function openStatus(page: Page): Promise<void> {
  await serve(page, 'https://x.com/**', { [new URL(status.url).pathname]: fixture(status.file) });
  await page.goto(status.url);
  await expect(page.locator(`[data-parley-post="x:${statusIds.dana}"]`)).toHaveCount(1);
}

/** The Parley bar of a post on the page. */
export const statusBar = (page: Page, id: string) =>
  page.locator(`[data-testid="cellInnerDiv"]:has([data-parley-post="x:${id}"]) [data-testid="parley-post-bar"]`);
