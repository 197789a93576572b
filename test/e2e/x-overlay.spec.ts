import type { ApiServer } from './api-server.js';
import { choose, expect, test } from './fixtures.js';
import { openStatus, statusBar, statusIds } from './x-status.js';

const ids = statusIds;
const bar = statusBar;

function post(id: string, handle: string, extra: Record<string, unknown> = {}) {
  return { platform: 'x', externalId: id, url: `https://x.com/${handle}/status/${id}`, author: { handle, displayName: handle }, text: `Post ${id}`, ...extra };
}

async function openCase(api: ApiServer, body: Record<string, unknown>) {
  const made = await api.call('POST', '/cases', body);
  expect(made.status).toBe(201);
  return made.body.case as { id: string; number: number; version: number };
}

test.describe('the overlay on an X status page', () => {
  test('marks every post and gives each a bar; the ad and the quoted tweet get none', async ({ page, pageErrors }) => {
    await openStatus(page);
    const keys = await page.locator('[data-parley-post]').evaluateAll((elements) => elements.map((element) => element.getAttribute('data-parley-post')));
    expect(keys).toEqual([ids.dana, ids.sam, ids.mallory, ids.lee, ids.priya].map((id) => `x:${id}`));
    await expect(page.getByTestId('parley-post-bar')).toHaveCount(5);
    await expect(page.locator(`[data-parley-post="x:${ids.quoted}"]`)).toHaveCount(0);
    await expect(page.locator('article:has-text("Nimbus 12") ~ parley-bar, article:has-text("Nimbus 12") parley-bar')).toHaveCount(0);
    expect(pageErrors).toEqual([]);
  });

  test("a case made elsewhere shows its badge, and the customer card lists the customer's cases, open first", async ({ page, api, pageErrors }) => {
    const earlier = await openCase(api, { post: post('1700000000000000001', 'dana_rivers', { text: 'My charger died' }), excerpt: 'charger died' });
    const resolved = await api.call('PATCH', `/cases/${earlier.id}`, { status: 'resolved', version: earlier.version });
    expect(resolved.status).toBe(200);
    const current = await openCase(api, { post: post(ids.dana, 'dana_rivers', { text: 'my order #48213 arrived with a cracked screen' }), priority: 'urgent' });

    await openStatus(page);
    const badge = bar(page, ids.dana).getByTestId('parley-case-badge');
    await expect(badge).toContainText(`#${current.number}`);
    await expect(badge.getByTestId('parley-case-status')).toHaveValue('new');
    await expect(badge).toHaveAttribute('data-sla', 'on_time');
    await expect(bar(page, ids.sam).getByTestId('parley-case-badge')).toHaveCount(0);

    await bar(page, ids.dana).getByTestId('parley-customer').click();
    const items = bar(page, ids.dana).getByTestId('parley-history-item');
    await expect(items).toHaveCount(2);
    await expect(items.nth(0)).toContainText(`#${current.number}`);
    await expect(items.nth(0)).toHaveAttribute('data-status', 'new');
    await expect(items.nth(1)).toContainText('charger died');
    await expect(items.nth(1)).toHaveAttribute('data-status', 'resolved');
    expect(pageErrors).toEqual([]);
  });

  test('highlighting a post\'s text opens a case form; the badge appears within a second of submitting', async ({ page, api, pageErrors }) => {
    await openStatus(page);
    const text = page.locator(`[data-parley-post="x:${ids.sam}"] [data-testid="tweetText"]`);
    const box = (await text.boundingBox())!;
    await page.mouse.move(box.x + 2, box.y + box.height / 2);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width * 0.6, box.y + box.height / 2, { steps: 5 });
    await page.mouse.up();
    await page.getByTestId('parley-selection-create').click();

    const form = bar(page, ids.sam).getByTestId('parley-case-form');
    await expect(form).toBeVisible();
    const excerpt = await form.getByTestId('parley-case-excerpt').inputValue();
    expect(excerpt.length).toBeGreaterThan(3);
    expect('Same here, second broken screen this month').toContain(excerpt);
    await choose(form.getByTestId('parley-case-priority'), 'high');
    const submitted = Date.now();
    await form.getByTestId('parley-case-submit').click();
    await expect(bar(page, ids.sam).getByTestId('parley-case-number')).toHaveText(/^#\d+$/, { timeout: 1000 });
    expect(Date.now() - submitted).toBeLessThan(1000);

    const found = await api.call('GET', `/posts/cases?platform=x&externalIds=${ids.sam}`);
    const made = found.body.links[0].case;
    expect(made.priority).toBe('high');
    const detail = await api.call('GET', `/cases/${made.id}`);
    expect(detail.body.posts[0].excerpt).toBe(excerpt);
    expect(detail.body.posts[0].author.handle).toBe('sam_okafor');
    expect(pageErrors).toEqual([]);
  });

  test('the keyboard shortcut opens the case form for the highlighted text', async ({ page, pageErrors }) => {
    await openStatus(page);
    await page.locator(`[data-parley-post="x:${ids.priya}"] [data-testid="tweetText"]`).selectText();
    await page.keyboard.press('Alt+Shift+C');
    await expect(bar(page, ids.priya).getByTestId('parley-case-form')).toBeVisible();
    await expect(bar(page, ids.priya).getByTestId('parley-case-excerpt')).toHaveValue(/Status page says all good/);
    expect(pageErrors).toEqual([]);
  });

  test('a suggestion goes into the Draft.js-like reply box; sending it with the site\'s button records the reply', async ({ page, api, pageErrors }) => {
    const template = await api.call('POST', '/templates', {
      title: 'Cracked screen', body: 'Hi {{customer.handle}}, so sorry about the screen. {{agent.name}} here: DM us your order number.', tags: ['screen'],
    });
    expect(template.status).toBe(201);
    const kase = (await api.call('GET', `/posts/cases?platform=x&externalIds=${ids.dana}`)).body.links[0]?.case
      ?? await openCase(api, { post: post(ids.dana, 'dana_rivers') });

    await openStatus(page);
    await bar(page, ids.dana).getByTestId('parley-suggest').click();
    const suggestion = bar(page, ids.dana).getByTestId('parley-suggestion').filter({ hasText: 'Cracked screen' });
    await expect(suggestion).toContainText('Hi @dana_rivers, so sorry about the screen. Admin here');
    await suggestion.getByTestId('parley-insert').click();

    const editor = page.locator('[data-fixture="inline-composer"] [data-testid="tweetTextarea_0"]');
    await expect(editor).toHaveText('Hi @dana_rivers, so sorry about the screen. Admin here: DM us your order number.');
    const send = page.locator('[data-testid="tweetButtonInline"]');
    await expect(send).toBeEnabled();
    // Parley never sends by itself.
    expect(await page.evaluate(() => (window as unknown as { __sent: unknown[] }).__sent.length)).toBe(0);
    await send.click();

    await expect.poll(async () => (await api.call('GET', `/cases/${kase.id}`)).body.timeline.filter((event: { type: string }) => event.type === 'reply').length).toBe(1);
    const detail = await api.call('GET', `/cases/${kase.id}`);
    expect(detail.body.case.firstResponseAt).not.toBeNull();
    const recorded = detail.body.timeline.find((event: { type: string }) => event.type === 'reply');
    expect(recorded.data.text).toContain('so sorry about the screen');
    // The reply names the template of the suggestion inserted before it.
    expect(recorded.data.templateId).toBe(template.body.template.id);
    await expect(bar(page, ids.dana).getByTestId('parley-notice')).toContainText('Reply recorded');
    expect(pageErrors).toEqual([]);
  });

  test('hostile names and texts show as text and never run', async ({ page, pageErrors }) => {
    const dialogs: string[] = [];
    page.on('dialog', (dialog) => { dialogs.push(dialog.message()); void dialog.dismiss(); });
    await openStatus(page);
    const hostile = bar(page, ids.mallory);
    await expect(hostile.getByTestId('parley-customer')).toHaveText('<img src=x onerror=alert(1)>');
    await hostile.getByTestId('parley-customer').click();
    await expect(hostile.getByTestId('parley-customer-card')).toContainText('<img src=x onerror=alert(1)>');
    await hostile.getByTestId('parley-create-case').click();
    await hostile.getByTestId('parley-case-submit').click();
    await expect(hostile.getByTestId('parley-case-number')).toHaveText(/^#\d+$/);
    await hostile.getByTestId('parley-customer').click();
    // The card learns of the new case on the bar's next refresh from the server, slower on a busy machine.
    await expect(hostile.getByTestId('parley-history-item')).toContainText('<script>alert(1)</script>', { timeout: 15_000 });
    expect(await page.locator('parley-bar').evaluateAll((hosts) => hosts.some((host) => host.shadowRoot?.querySelector('img, script')))).toBe(false);
    expect(dialogs).toEqual([]);
    expect(pageErrors).toEqual([]);
  });

  test('follows the site into dark mode, and works from the keyboard', async ({ page, pageErrors }) => {
    await openStatus(page);
    const bars = page.getByTestId('parley-post-bar');
    await expect(bars.first()).toHaveAttribute('data-theme', 'light');
    // X's dark theme paints the body black.
    await page.evaluate(() => { document.body.style.backgroundColor = 'rgb(0, 0, 0)'; });
    await expect(bars.first()).toHaveAttribute('data-theme', 'dark');

    const customer = bar(page, ids.priya).getByTestId('parley-customer');
    await customer.focus();
    await page.keyboard.press('Enter');
    await expect(bar(page, ids.priya).getByTestId('parley-customer-card')).toBeVisible();
    await expect(customer).toHaveAttribute('aria-expanded', 'true');
    await page.keyboard.press('Tab');
    await expect(bar(page, ids.priya).getByTestId('parley-suggest')).toBeFocused();
    await bar(page, ids.priya).getByTestId('parley-create-case').focus();
    await page.keyboard.press('Enter');
    await expect(bar(page, ids.priya).getByTestId('parley-case-form')).toBeVisible();
    // Typing in a bar never reaches the site's own keyboard shortcuts.
    await page.evaluate(() => {
      (window as unknown as { __keys: string[] }).__keys = [];
      document.addEventListener('keydown', (event) => (window as unknown as { __keys: string[] }).__keys.push(event.key));
    });
    await bar(page, ids.priya).getByTestId('parley-case-excerpt').fill('');
    await bar(page, ids.priya).getByTestId('parley-case-excerpt').pressSequentially('nljk');
    await expect(bar(page, ids.priya).getByTestId('parley-case-excerpt')).toHaveValue('nljk');
    expect(await page.evaluate(() => (window as unknown as { __keys: string[] }).__keys)).toEqual([]);
    await page.keyboard.press('Escape');
    await expect(bar(page, ids.priya).getByTestId('parley-case-form')).toHaveCount(0);
    expect(pageErrors).toEqual([]);
  });
});
