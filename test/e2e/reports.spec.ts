/**
 * The side panel's Reports view on a week of history written through the real operations
 * (test/fixtures/history.ts), read by the real API: figures as the API answers them, charts drawn,
 * a click on a bar or a point listing its cases, filters, and CSV exports saved from the panel.
 */
import { readFileSync } from 'node:fs';
import type { Locator, Page } from '@playwright/test';
import { openDatabase } from '../../api/db/client.js';
import { duration, percent } from '../../extension/entrypoints/sidepanel/reports/format.js';
import { periodOf } from '../../extension/entrypoints/sidepanel/reports/period.js';
import { seedHistory, type History } from '../fixtures/history.js';
import { startApi, type ApiServer } from './api-server.js';
import { MAYA, xPost } from './desk.js';
import { expect, launchWithExtension, signInBrowser, test, watchPageErrors } from './fixtures.js';
import { openStatus, statusBar, statusIds } from './x-status.js';

const week = { fromDay: '2026-03-02', toDay: '2026-03-08' };
const days = ['2026-03-02', '2026-03-03', '2026-03-04', '2026-03-05', '2026-03-06', '2026-03-07', '2026-03-08'];
/** The week as the panel asks for it: local days, here in the test machine's zone. */
const period = (() => {
  const asked = periodOf(week.fromDay, week.toDay);
  if (!asked.ok) throw new Error(asked.message);
  return { from: asked.from, to: asked.to };
})();

/** The history, written on the API's own database file while it runs. */
async function seed(api: ApiServer): Promise<{ history: History; mayaId: string }> {
  const maya = await api.call('POST', '/agents', { ...MAYA, role: 'agent' });
  expect(maya.status).toBe(201);
  const me = await api.call('GET', '/me');
  const db = await openDatabase({ url: api.databaseUrl });
  try {
    const history = await seedHistory(db, { id: me.body.org.id, adminId: me.body.agent.id, agentId: maya.body.agent.id });
    return { history, mayaId: maya.body.agent.id };
  } finally {
    db.close();
  }
}

const metrics = async (api: ApiServer, query: Record<string, string> = {}) => {
  const answer = await api.call('GET', `/metrics?${new URLSearchParams({ ...period, ...query })}`);
  expect(answer.status, JSON.stringify(answer.body)).toBe(200);
  return answer.body;
};
const casesBehind = async (api: ApiServer, query: Record<string, string>) =>
  ((await api.call('GET', `/metrics/cases?${new URLSearchParams({ ...period, ...query })}`)).body.cases as { number: number }[]).map((kase) => kase.number);

const figure = (panel: Page, name: string) => panel.getByTestId(`parley-figure-${name}`);
const listed = (panel: Page) => panel.getByTestId('parley-report-cases').getByTestId('parley-report-case')
  .evaluateAll((rows) => rows.map((row) => Number(row.getAttribute('data-case-number'))));

/** Pixels of a chart's canvas drawn in this colour (its series'), give or take antialiasing. */
const inked = (chart: Locator, [r, g, b]: [number, number, number]) => chart.locator('canvas').evaluate((canvas: HTMLCanvasElement, [r, g, b]) => {
  const { data } = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height);
  let found = 0;
  for (let i = 0; i < data.length; i += 4) if (Math.abs(data[i]! - r) + Math.abs(data[i + 1]! - g) + Math.abs(data[i + 2]! - b) < 24 && data[i + 3]! > 200) found += 1;
  return found;
}, [r, g, b] as const);

/** Clicks a chart's canvas in a column (of `columns`), at a height from the bottom (0 to 1) of its plotting area. */
async function clickColumn(panel: Page, chart: Locator, column: number, columns: number, height: number): Promise<void> {
  // What loads above the charts (a list of cases, a case in full) moves them: click once they are still.
  await expect(panel.locator('[data-testid="parley-report-cases"][data-loading]')).toHaveCount(0);
  await chart.locator('canvas').scrollIntoViewIfNeeded();
  let area = await chart.locator('.u-over').boundingBox();
  for (let tries = 0; tries < 20; tries += 1) {
    await panel.waitForTimeout(50);
    const again = await chart.locator('.u-over').boundingBox();
    if (area && again && again.x === area.x && again.y === area.y && again.width === area.width) break;
    area = again;
  }
  if (!area) throw new Error('the chart has no plotting area');
  await panel.mouse.click(area.x + ((column + 0.5) / columns) * area.width, area.y + area.height * (1 - height) - 1);
}

async function openReports(panel: Page): Promise<void> {
  await panel.getByTestId('parley-view-reports').click();
  await panel.getByTestId('parley-reports-from').fill(week.fromDay);
  await panel.getByTestId('parley-reports-to').fill(week.toDay);
}

test('the Reports view draws the seeded week, shows the API\'s figures, and lists the cases behind a bar or a point', async () => {
  test.setTimeout(120_000);
  const api = await startApi();
  const browser = await launchWithExtension();
  try {
    const { history, mayaId } = await seed(api);
    const number = (n: number) => history.cases[n - 1]!.number;
    await signInBrowser(browser, api);
    const panel = await browser.context.newPage();
    const errors = watchPageErrors(panel);
    await panel.goto(`chrome-extension://${browser.extensionId}/sidepanel.html`);
    await openReports(panel);

    // The figures are the API's, written as the panel writes them.
    const business = await metrics(api);
    await expect(figure(panel, 'first-response-median')).toHaveText(duration(business.firstResponse.median));
    expect(business.firstResponse.median).toBe(4500);
    await expect(figure(panel, 'first-response-median')).toHaveText('1 h 15 min');
    await expect(figure(panel, 'cases')).toHaveText('6');
    for (const [name, value] of [
      ['first-response-p90', business.firstResponse.p90], ['first-response-mean', business.firstResponse.mean],
      ['resolution-median', business.resolution.median], ['resolution-p90', business.resolution.p90], ['full-resolution-median', business.fullResolution.median],
    ] as const) await expect(figure(panel, name)).toHaveText(duration(value));
    await expect(figure(panel, 'sla-first-response')).toHaveText(percent(business.sla.firstResponse.attainment));
    await expect(figure(panel, 'sla-resolution')).toHaveText(percent(business.sla.resolution.attainment));
    await expect(figure(panel, 'advocates-count')).toHaveText(String(business.advocates.count));
    await expect(panel.getByTestId('parley-report-advocate')).toHaveCount(business.advocates.customers.length);
    const agents = panel.getByTestId('parley-report-agents');
    for (const agent of business.agents) {
      await expect(agents.locator(`tr[data-agent-id="${agent.agentId}"]`)).toContainText(`${agent.name}${agent.cases}${agent.replies}${duration(agent.firstResponseMedian)}${percent(agent.slaAttainment)}`);
    }

    // Every chart is drawn on its canvas, beside a table of the same figures.
    for (const name of ['response-times', 'sla', 'volume', 'backlog', 'tone', 'histogram']) {
      await expect(panel.getByTestId(`parley-chart-${name}`).locator('canvas')).toHaveCount(1);
      await expect(panel.getByTestId(`parley-chart-table-${name}`).locator('tbody tr')).toHaveCount(name === 'histogram' ? 5 : 7);
    }
    const volume = panel.getByTestId('parley-chart-volume');
    await expect.poll(() => inked(volume, [0x1d, 0x6f, 0xe8])).toBeGreaterThan(50);
    const volumeTable = panel.getByTestId('parley-chart-table-volume');
    for (const [i, day] of days.entries()) {
      const created = (platform: string) => business.volume.find((row: { date: string; platform: string }) => row.date === day && row.platform === platform).created as number;
      await expect(volumeTable.locator('tbody tr').nth(i).locator('td')).toHaveText([String(created('x')), String(created('facebook')), String(created('x') + created('facebook')), 'Cases']);
    }
    const backlogTable = panel.getByTestId('parley-chart-table-backlog');
    await expect(backlogTable.locator('tbody tr td:first-of-type')).toHaveText(business.backlog.map((row: { open: number }) => String(row.open)));

    // A click on Monday's X bar lists the cases behind it, as GET /metrics/cases has them; one opens in full.
    await clickColumn(panel, volume, 0, 7, 0.02);
    const list = panel.getByTestId('parley-report-cases');
    await expect(list).toContainText('Cases opened Mar 2 on X');
    await expect.poll(() => listed(panel)).toEqual(await casesBehind(api, { date: '2026-03-02', platform: 'x' }));
    expect((await listed(panel)).sort()).toEqual([number(1), number(2)].sort());
    await list.locator(`[data-testid="parley-report-case"][data-case-number="${number(1)}"] button`).click();
    await expect(list.getByTestId('parley-case-detail')).toHaveAttribute('data-case-id', history.cases[0]!.id);
    await expect(list.getByTestId('parley-detail-status')).toHaveValue('resolved');

    // A point of the backlog: the cases still open at the end of Thursday, whenever they were opened.
    await clickColumn(panel, panel.getByTestId('parley-chart-backlog'), 3, 7, 0.5);
    await expect(list).toContainText('Cases open at the end of Mar 5');
    await expect.poll(async () => (await listed(panel)).sort()).toEqual([number(2), number(5)].sort());
    expect((await casesBehind(api, { openOn: '2026-03-05' })).sort()).toEqual([number(2), number(5)].sort());

    // A bar of the histogram, and the same from its table, for the keyboard and screen readers.
    await clickColumn(panel, panel.getByTestId('parley-chart-histogram'), 0, 5, 0.02);
    await expect(list).toContainText('First response under 1 h');
    await expect.poll(async () => (await listed(panel)).sort()).toEqual((await casesBehind(api, { bucket: 'under_1h' })).sort());
    await panel.getByTestId('parley-chart-histogram').locator('summary').click();
    await panel.getByTestId('parley-chart-table-histogram').getByTestId('parley-chart-row-cases').nth(1).click();
    await expect(list).toContainText('First response 1–4 h');
    await expect.poll(async () => (await listed(panel)).sort()).toEqual((await casesBehind(api, { bucket: '1h_4h' })).sort());
    // The SLA figure's late cases.
    await figure(panel, 'sla-first-response-breached').click();
    await expect.poll(async () => (await listed(panel)).sort()).toEqual([number(3), number(5)].sort());

    // Filters: calendar hours, a site, an agent, a tag; each answer is the API's for the same filters.
    await panel.getByTestId('parley-reports-hours').selectOption('calendar');
    const calendar = await metrics(api, { hours: 'calendar' });
    // Tuesday's answer to Monday 16:00 waited 18 h around the clock, 2 h of opening hours.
    expect(calendar.firstResponse.mean).not.toBe(business.firstResponse.mean);
    await expect(figure(panel, 'first-response-mean')).toHaveText(duration(calendar.firstResponse.mean));
    await expect(figure(panel, 'first-response-p90')).toHaveText(duration(calendar.firstResponse.p90));
    await panel.getByTestId('parley-reports-platform').selectOption('facebook');
    await expect(figure(panel, 'cases')).toHaveText('1');
    await panel.getByTestId('parley-reports-platform').selectOption('');
    await panel.getByTestId('parley-reports-agent').selectOption(mayaId);
    const maya = await metrics(api, { hours: 'calendar', agentId: mayaId });
    await expect(figure(panel, 'first-response-median')).toHaveText(duration(maya.firstResponse.median));
    await expect(figure(panel, 'cases')).toHaveText(String(maya.volume.reduce((sum: number, row: { created: number }) => sum + row.created, 0)));
    await panel.getByTestId('parley-reports-agent').selectOption('');
    await panel.getByTestId('parley-reports-tag').fill('billing');
    await expect(figure(panel, 'cases')).toHaveText('2');
    await panel.getByTestId('parley-reports-tag').fill('');
    await panel.getByTestId('parley-reports-hours').selectOption('business');
    await expect(figure(panel, 'cases')).toHaveText('6');

    // The exports: fetched by the background with the token, saved by the panel; the same rows as the API's.
    for (const what of ['cases', 'metrics'] as const) {
      const [download] = await Promise.all([panel.waitForEvent('download'), panel.getByTestId(`parley-export-${what}`).click()]);
      expect(download.suggestedFilename()).toBe(`parley-${what}-2026-03-02-to-2026-03-08.csv`);
      const saved = readFileSync((await download.path())!, 'utf8');
      const served = await (await fetch(`${api.url}/${what}.csv?${new URLSearchParams({ ...period, hours: 'business' })}`, { headers: { authorization: `Bearer ${api.adminToken}` } })).text();
      expect(saved.split('\r\n')[0]).toBe(served.split('\r\n')[0]);
      expect(saved.split('\r\n')).toHaveLength(served.split('\r\n').length);
      expect(saved.split('\r\n')).toHaveLength(6 + 2);
    }
    expect(errors).toEqual([]);
  } finally {
    await browser.close();
    await api.stop();
  }
});

test('a voice-of-customer tag from an X post\'s bar, in a case or not, appears in the Feedback view\'s themes', async () => {
  test.setTimeout(90_000);
  const { dana, sam, mallory, priya, lee } = statusIds;
  const api = await startApi();
  const browser = await launchWithExtension();
  try {
    // At the time the page shows: a tagged post counts in the period it was posted in.
    const post = { ...xPost(dana, 'dana_rivers', 'Dana Rivers', 'my order arrived with a cracked screen'), postedAt: '2025-10-28T09:12:44.000Z' };
    expect((await api.call('POST', '/cases', { post })).status).toBe(201);
    await signInBrowser(browser, api);
    const page = await browser.context.newPage();
    const errors = watchPageErrors(page);
    await openStatus(page);
    const current = (id: string) => statusBar(page, id).getByTestId('parley-feedback-current');
    const tag = async (id: string, kind: string) => {
      await statusBar(page, id).getByTestId(`parley-feedback-${kind}`).click();
      await expect(current(id)).toHaveAttribute('data-kind', kind);
      await expect(current(id)).not.toHaveAttribute('data-pending', 'true');
    };

    // Dana's post is in a case: one click tags it, and a theme groups it.
    await tag(dana, 'bug');
    await statusBar(page, dana).getByTestId('parley-feedback-theme').fill('Cracked screens');
    await statusBar(page, dana).getByTestId('parley-feedback-theme').press('Enter');
    await expect(current(dana)).toHaveText('Bug · Cracked screens');
    // Sam's and Mallory's are in none; tagging again changes the tag; Priya's comes off.
    await tag(sam, 'idea');
    await tag(sam, 'praise');
    await tag(mallory, 'bug');
    await statusBar(page, mallory).getByTestId('parley-feedback-theme').fill('Cracked screens');
    await statusBar(page, mallory).getByTestId('parley-feedback-theme').press('Enter');
    await expect(current(mallory)).toHaveText('Bug · Cracked screens');
    await tag(priya, 'question');
    await statusBar(page, priya).getByTestId('parley-feedback-remove').click();
    await expect(current(priya)).toHaveCount(0);

    // A click the page makes on a bar it can reach (the test build's roots are open) tags nothing.
    await page.evaluate((id) => {
      const cell = [...document.querySelectorAll('[data-testid="cellInnerDiv"]')].find((each) => each.querySelector(`[data-parley-post="x:${id}"]`))!;
      cell.querySelector('parley-bar')!.shadowRoot!.querySelector<HTMLButtonElement>('[data-testid="parley-feedback-idea"]')!.click();
    }, lee);
    await page.waitForTimeout(500);
    await expect(current(lee)).toHaveCount(0);

    // The tags are the server's: a fresh page shows them from GET /posts/cases.
    await page.reload();
    await expect(current(dana)).toHaveText('Bug · Cracked screens');
    await expect(current(sam)).toHaveAttribute('data-kind', 'praise');
    await expect(statusBar(page, priya).getByTestId('parley-feedback')).toBeVisible();
    await expect(current(priya)).toHaveCount(0);
    const october = periodOf('2025-10-01', '2025-10-31');
    if (!october.ok) throw new Error(october.message);
    const posted = new URLSearchParams({ from: october.from, to: october.to });
    const { themes } = (await api.call('GET', `/feedback?${posted}`)).body as { themes: { kind: string; theme: string; count: number; examples: { url: string; text: string }[] }[] };
    expect(themes.map((theme) => [theme.kind, theme.count]).sort()).toEqual([['bug', 2], ['praise', 1]]);

    // The Feedback view: the API's themes, with the customers' own words as text.
    const panel = await browser.context.newPage();
    const panelErrors = watchPageErrors(panel);
    await panel.goto(`chrome-extension://${browser.extensionId}/sidepanel.html`);
    await panel.getByTestId('parley-view-feedback').click();
    // The fixture's posts are of October 2025.
    await panel.getByTestId('parley-feedback-from').fill('2025-10-01');
    await panel.getByTestId('parley-feedback-to').fill('2025-10-31');
    const rows = panel.getByTestId('parley-feedback-themes').getByTestId('parley-feedback-theme-row');
    await expect(rows).toHaveCount(themes.length);
    const bug = themes.find((theme) => theme.kind === 'bug')!;
    const bugRow = panel.locator(`[data-testid="parley-feedback-theme-row"][data-kind="bug"]`);
    await expect(bugRow).toHaveAttribute('data-theme', bug.theme);
    await expect(bugRow).toHaveAttribute('data-count', '2');
    for (const example of bug.examples) {
      await expect(bugRow).toContainText(example.text);
      await expect(bugRow.locator(`a[href="${example.url}"]`)).toHaveCount(1);
    }
    await expect(bugRow).toContainText('<script>alert(1)</script>');
    await expect(bugRow.locator('script, img')).toHaveCount(0);
    await panel.getByTestId('parley-feedback-kind').selectOption('praise');
    await expect(rows).toHaveCount(1);
    await expect(rows.first()).toHaveAttribute('data-kind', 'praise');

    const [download] = await Promise.all([panel.waitForEvent('download'), panel.getByTestId('parley-export-feedback').click()]);
    const saved = readFileSync((await download.path())!, 'utf8');
    const served = await (await fetch(`${api.url}/feedback.csv?${posted}&kind=praise`, { headers: { authorization: `Bearer ${api.adminToken}` } })).text();
    expect(saved.split('\r\n')[0]).toBe(served.split('\r\n')[0]);
    expect(saved.split('\r\n')).toHaveLength(served.split('\r\n').length);
    expect([...errors, ...panelErrors]).toEqual([]);
  } finally {
    await browser.close();
    await api.stop();
  }
});
