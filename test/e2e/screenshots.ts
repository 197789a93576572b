/**
 * The store's screenshots (1280×800), taken from the fixtures with a real API and the built
 * extension: the bar with a case on an X post, the customer card, suggestions, the side panel's
 * queue and its reports. `npm run screenshots` writes them to store-screenshots/ (git-ignored);
 * test/e2e/screenshots.spec.ts runs the same in CI.
 */
import type { Page } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { openDatabase } from '../../api/db/client.js';
import { seedHistory } from '../fixtures/history.js';
import { ADMIN, startApi, type ApiServer } from './api-server.js';
import { expect, launchWithExtension, root, signInBrowser } from './fixtures.js';
import { xPost } from './desk.js';
import { openStatus, statusBar, statusIds } from './x-status.js';

export const SCREENSHOT_SIZE = { width: 1280, height: 800 } as const;
export const screenshotsDir = resolve(root, 'store-screenshots');
export const SCREENSHOTS = ['1-case-on-x-post', '2-customer-card', '3-suggestions', '4-queue', '5-reports'] as const;

/** The week of history the reports show (test/fixtures/history.ts, the reports spec's own). */
const week = { fromDay: '2026-03-02', toDay: '2026-03-08' };

/** A team's morning: a few customers with cases in different states, templates, and last week's history. */
async function seed(api: ApiServer): Promise<void> {
  const call = async (method: string, path: string, body: unknown) => {
    const answer = await api.call(method, path, body);
    if (answer.status >= 300) throw new Error(`${method} ${path}: ${answer.status} ${JSON.stringify(answer.body)}`);
    return answer.body;
  };
  await call('POST', '/templates', {
    title: 'Cracked screen on arrival',
    body: 'Hi {{customer.handle}}, so sorry your phone arrived damaged. {{agent.name}} here: DM us your order number and we will send a replacement today.',
    tags: ['screen'],
  });
  await call('POST', '/templates', { title: 'Ticket closed too soon', body: 'Hi {{customer.handle}}, that ticket should not have been closed. I have reopened it and I am on it.', tags: ['support'] });
  const earlier = await call('POST', '/cases', { post: xPost('1850000000000000001', 'dana_rivers', 'Dana Rivers', 'Still waiting on my refund for order #47102') });
  await call('PATCH', `/cases/${earlier.case.id}`, { status: 'resolved', version: earlier.case.version });
  const dana = await call('POST', '/cases', {
    post: xPost(statusIds.dana, 'dana_rivers', 'Dana Rivers', '@ParleyBrand my order #48213 arrived with a cracked screen and chat support keeps closing my ticket. What now?'),
    priority: 'high', tags: ['screen'],
  });
  const admin = (await call('GET', '/agents', undefined)).agents.find((agent: { email: string }) => agent.email === ADMIN.email);
  const maya = await call('POST', '/agents', { email: 'maya@brand.test', password: 'maya password 123', name: 'Maya Chen', role: 'agent' });
  const me = await call('GET', '/me', undefined);
  const db = await openDatabase({ url: api.databaseUrl });
  try {
    await seedHistory(db, { id: me.org.id, adminId: me.agent.id, agentId: maya.agent.id });
  } finally {
    db.close();
  }
  await call('PATCH', `/cases/${dana.case.id}`, { assigneeId: admin.id, version: dana.case.version });
  await call('POST', '/cases', { post: xPost(statusIds.sam, 'sam_okafor', 'Sam Okafor', 'Same here, second broken screen this month'), tags: ['screen'] });
  await call('POST', '/cases', { post: xPost(statusIds.lee, 'lee_harmon', 'Lee Harmon', '@ParleyBrand you said this was fixed last week?'), priority: 'urgent' });
  const priya = await call('POST', '/cases', { post: xPost(statusIds.priya, 'priya_n', 'Priya N', 'Status page says all good: status.parley.example') });
  await call('PATCH', `/cases/${priya.case.id}`, { status: 'pending', version: priya.case.version });
}

/**
 * The fixture is a test page: its images are 1-pixel stand-ins and one post carries hostile markup
 * for the security specs. Neither belongs in a store picture.
 */
async function tidy(page: Page): Promise<void> {
  await page.addStyleTag({ content: 'img[src^="data:image/gif"] { visibility: hidden; }' });
  await page.evaluate((id) => document.querySelector(`[data-parley-post="x:${id}"]`)?.closest('[data-testid="cellInnerDiv"]')?.remove(), statusIds.mallory);
}

async function shoot(page: Page, name: (typeof SCREENSHOTS)[number], outDir: string): Promise<string> {
  const path = join(outDir, `${name}.png`);
  // Caret and focus rings blink; the pictures should not.
  await page.screenshot({ path, animations: 'disabled', caret: 'hide' });
  return path;
}

/** Takes every store screenshot into `outDir`; returns their paths in listing order. */
export async function takeScreenshots(outDir = screenshotsDir): Promise<string[]> {
  mkdirSync(outDir, { recursive: true });
  const api = await startApi();
  const browser = await launchWithExtension();
  const paths: string[] = [];
  try {
    await seed(api);
    await signInBrowser(browser, api);
    const page = await browser.context.newPage();
    await page.setViewportSize(SCREENSHOT_SIZE);
    await openStatus(page);
    await tidy(page);
    const bar = statusBar(page, statusIds.dana);
    await expect(bar.getByTestId('parley-case-number')).toHaveText(/^#\d+$/);
    await bar.getByTestId('parley-case-number').click();
    await page.waitForTimeout(300);
    paths.push(await shoot(page, '1-case-on-x-post', outDir));

    await bar.getByTestId('parley-customer').click();
    await expect(bar.getByTestId('parley-customer-card')).toBeVisible();
    await expect(bar.getByTestId('parley-history-item').first()).toBeVisible();
    await bar.getByTestId('parley-customer-card').scrollIntoViewIfNeeded();
    paths.push(await shoot(page, '2-customer-card', outDir));

    await page.keyboard.press('Escape');
    await bar.getByTestId('parley-suggest').click();
    await expect(bar.getByTestId('parley-suggestion').first()).toBeVisible();
    await bar.getByTestId('parley-suggestion').first().scrollIntoViewIfNeeded();
    paths.push(await shoot(page, '3-suggestions', outDir));

    const panel = await browser.context.newPage();
    await panel.setViewportSize(SCREENSHOT_SIZE);
    await panel.goto(`chrome-extension://${browser.extensionId}/sidepanel.html`);
    await panel.locator('[data-testid="parley-queue-tab"][data-queue="open"]').click();
    await expect(panel.getByTestId('parley-queue-item').first()).toBeVisible();
    paths.push(await shoot(panel, '4-queue', outDir));

    await panel.getByTestId('parley-view-reports').click();
    await panel.getByTestId('parley-reports-from').fill(week.fromDay);
    await panel.getByTestId('parley-reports-to').fill(week.toDay);
    await panel.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await expect(panel.locator('canvas').first()).toBeVisible();
    await expect(panel.locator('[data-loading]')).toHaveCount(0);
    await panel.waitForTimeout(300);
    paths.push(await shoot(panel, '5-reports', outDir));
  } finally {
    await browser.close();
    await api.stop();
  }
  return paths;
}
