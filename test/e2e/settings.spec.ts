/** The team's settings in the options page: an admin sets the response times and opening hours, and a new case's clock follows them. */
import { clock } from '../../extension/words.js';
import { startApi } from './api-server.js';
import { caseOf, MAYA } from './desk.js';
import { choose, expect, launchWithExtension, signIn, signInBrowser, test, watchPageErrors } from './fixtures.js';
import { openStatus, statusBar, statusIds } from './x-status.js';

const weekdays = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;

test('an admin sets business hours in the settings; a case opened after shows the business-time deadline; agents do not see them', async () => {
  test.setTimeout(90_000);
  const api = await startApi();
  const browser = await launchWithExtension();
  try {
    expect((await api.call('POST', '/agents', { ...MAYA, role: 'agent' })).status).toBe(201);
    const options = await browser.context.newPage();
    const errors = watchPageErrors(options);
    await signIn(options, browser.extensionId, api);
    const form = options.getByTestId('parley-sla-form');
    await expect(form.getByTestId('parley-sla-around-the-clock')).toBeChecked();

    // Open only 10:00–11:00 UTC, on the weekday two days from now; 30 minutes for every first response.
    const open = new Date(Date.now() + 2 * 24 * 60 * 60_000);
    const openDay = weekdays[(open.getUTCDay() + 6) % 7]!;
    const date = open.toISOString().slice(0, 10);
    await form.getByTestId('parley-sla-timezone').fill('UTC');
    for (const priority of ['urgent', 'high', 'normal', 'low']) await form.getByTestId(`parley-sla-first-${priority}`).fill('30');
    await form.getByTestId('parley-sla-around-the-clock').uncheck();
    for (const day of weekdays) await form.getByTestId(`parley-sla-hours-${day}`).fill(day === openDay ? '10:00-11:00' : '');

    // Hours that are not hours are refused before anything is sent; ones the server refuses say why.
    await form.getByTestId(`parley-sla-hours-${openDay}`).fill('nine to five');
    await form.getByTestId('parley-sla-save').click();
    await expect(options.getByTestId('parley-sla-error')).toContainText('is not hours like 09:00-17:00');
    await form.getByTestId(`parley-sla-hours-${openDay}`).fill('11:00-10:00');
    await form.getByTestId('parley-sla-save').click();
    await expect(options.getByTestId('parley-sla-error')).toContainText('close after it opens');
    expect((await api.call('GET', '/settings/sla')).body.businessHours).toBeNull();

    await form.getByTestId(`parley-sla-hours-${openDay}`).fill('10:00-11:00');
    await form.getByTestId('parley-sla-holidays').fill('2026-12-25');
    await form.getByTestId('parley-sla-save').click();
    await expect(options.getByTestId('parley-sla-saved')).toBeVisible();
    const stored = (await api.call('GET', '/settings/sla')).body;
    expect(stored).toMatchObject({ timeZone: 'UTC', holidays: ['2026-12-25'], firstResponseMinutes: { urgent: 30, high: 30, normal: 30, low: 30 } });
    expect(stored.businessHours[openDay]).toEqual([['10:00', '11:00']]);
    await options.reload();
    await expect(options.getByTestId(`parley-sla-hours-${openDay}`)).toHaveValue('10:00-11:00');

    // A case opened from a bar now: due at the first opening, plus 30 minutes.
    const page = await browser.context.newPage();
    errors.push(...watchPageErrors(page));
    await openStatus(page);
    const bar = statusBar(page, statusIds.sam);
    await bar.getByTestId('parley-create-case').click();
    await bar.getByTestId('parley-case-submit').click();
    await expect(bar.getByTestId('parley-case-number')).toBeVisible();
    const due = `${date}T10:30:00.000Z`;
    await expect.poll(async () => (await caseOf(api, statusIds.sam))?.slaDueAt).toBe(due);
    const title = await page.evaluate((at) => `First response on time: due ${new Date(at).toLocaleString()}`, due);
    await expect(bar.getByTestId('parley-sla')).toHaveAttribute('title', title);
    // The time left, as the bar words it (a minute may turn between reading and checking).
    const shown = await bar.getByTestId('parley-sla').textContent();
    const left = Date.parse(due) - Date.now();
    expect([`${clock(left)} left`, `${clock(left + 60_000)} left`]).toContain(shown);

    // An agent's options have no team settings.
    await options.getByTestId('parley-sign-out').click();
    await signIn(options, browser.extensionId, api, MAYA);
    await expect(options.getByTestId('parley-notifications')).toBeVisible();
    await expect(options.getByTestId('parley-sla-settings')).toHaveCount(0);
    expect(errors).toEqual([]);
  } finally {
    await browser.close();
    await api.stop();
  }
});

test('a post by one of the team\'s own profiles gets a compact bar with no Create case; the others are as before', async () => {
  const api = await startApi();
  const browser = await launchWithExtension();
  try {
    // The team names its profiles (here the author of one post on the page), with an @ and in capitals.
    const saved = await api.call('PUT', '/settings/accounts', { accounts: [{ platform: 'x', handle: '@Sam_Okafor' }] });
    expect(saved.body).toEqual({ accounts: [{ platform: 'x', handle: 'sam_okafor' }] });
    await signInBrowser(browser, api);
    const page = await browser.context.newPage();
    const errors = watchPageErrors(page);
    await openStatus(page);
    const ours = statusBar(page, statusIds.sam);
    await expect(ours).toHaveAttribute('data-brand', 'true');
    await expect(ours.getByTestId('parley-brand-post')).toHaveText('Your team\'s post');
    for (const control of ['parley-create-case', 'parley-suggest', 'parley-customer']) await expect(ours.getByTestId(control)).toHaveCount(0);
    // Nor does highlighting its text offer one, with the mouse or the shortcut.
    const text = page.locator(`[data-testid="cellInnerDiv"]:has([data-parley-post="x:${statusIds.sam}"]) [data-testid="tweetText"]`);
    await text.selectText();
    await page.keyboard.press('Alt+Shift+C');
    await expect(page.getByTestId('parley-selection-create')).toHaveCount(0);
    await expect(ours.getByTestId('parley-case-form')).toHaveCount(0);
    const theirs = statusBar(page, statusIds.dana);
    await expect(theirs.getByTestId('parley-create-case')).toBeVisible();
    await expect(theirs).not.toHaveAttribute('data-brand', 'true');
    expect(errors).toEqual([]);
  } finally {
    await browser.close();
    await api.stop();
  }
});

test('an admin writes a reply template in the settings, with its variables, X\'s length and example posts; an agent\'s bar suggests it, for a post worded like an example too', async () => {
  test.setTimeout(90_000);
  const api = await startApi();
  const admin = await launchWithExtension();
  const agent = await launchWithExtension();
  try {
    expect((await api.call('POST', '/agents', { ...MAYA, role: 'agent' })).status).toBe(201);
    const options = await admin.context.newPage();
    const errors = watchPageErrors(options);
    await signIn(options, admin.extensionId, api);
    const section = options.getByTestId('parley-templates');
    await section.getByTestId('parley-template-new').click();
    const form = section.getByTestId('parley-template-form');
    await form.getByTestId('parley-template-title').fill('Broken screen');
    // Too long for one post: flagged as the suggestions would cut it.
    await form.getByTestId('parley-template-body').fill('So sorry '.repeat(40));
    await expect(form.getByTestId('parley-template-count')).toHaveAttribute('data-over', 'true');
    await form.getByTestId('parley-template-body').fill('So sorry about the broken screen, ');
    await form.locator('[data-testid="parley-template-variable"][data-variable="customer.name"]').click();
    await form.getByTestId('parley-template-body').press('End');
    await form.getByTestId('parley-template-body').pressSequentially('! DM us your order number and we will replace it.');
    await expect(form.getByTestId('parley-template-preview')).toHaveText('So sorry about the broken screen, Dana Rivers! DM us your order number and we will replace it.');
    await expect(form.getByTestId('parley-template-count')).toHaveText('94 / 280 on X');
    await expect(form.getByTestId('parley-template-count')).not.toHaveAttribute('data-over');
    // A variable Parley does not know can't be saved.
    await form.getByTestId('parley-template-body').press('End');
    await form.getByTestId('parley-template-body').pressSequentially(' {{order.id}}');
    await expect(form.getByTestId('parley-template-save')).toBeDisabled();
    for (let i = 0; i < ' {{order.id}}'.length; i += 1) await form.getByTestId('parley-template-body').press('Backspace');
    await form.getByTestId('parley-template-tags').fill('screen, apology');
    // Example posts, one a line: more than 20 can't be saved; blank lines and repeats don't count.
    const examples = form.getByTestId('parley-template-examples');
    await examples.fill(Array.from({ length: 21 }, (_, i) => `post ${i}`).join('\n'));
    await expect(form.getByTestId('parley-template-examples-count')).toHaveAttribute('data-over', 'true');
    await expect(form.getByTestId('parley-template-save')).toBeDisabled();
    await examples.fill('You said my screen would be fixed last week\n\n  you said my screen would be FIXED last week \nThe glass shattered after one drop');
    await expect(form.getByTestId('parley-template-examples-count')).toContainText('2 / 20');
    await expect(form.getByTestId('parley-template-save')).toBeEnabled();
    await form.getByTestId('parley-template-save').click();
    await expect(section.getByTestId('parley-template-notice')).toHaveText('Saved "Broken screen"');
    const stored = (await api.call('GET', '/templates')).body.templates;
    expect(stored).toEqual([expect.objectContaining({
      title: 'Broken screen', body: 'So sorry about the broken screen, {{customer.name}}! DM us your order number and we will replace it.', tags: ['screen', 'apology'],
      examples: ['You said my screen would be fixed last week', 'The glass shattered after one drop'],
    })]);
    await expect(section.getByTestId('parley-template-item-examples')).toHaveText('Answers posts like “You said my screen would be fixed last week”, “The glass shattered after one drop”');
    // Listed, found by search, and edited.
    await section.getByTestId('parley-template-search').fill('refund');
    await expect(section.getByTestId('parley-template-item')).toHaveCount(0);
    await section.getByTestId('parley-template-search').fill('SCREEN');
    await expect(section.getByTestId('parley-template-item')).toHaveCount(1);
    await section.getByTestId('parley-template-search').fill('shattered');
    await expect(section.getByTestId('parley-template-item')).toHaveCount(1);
    await section.getByTestId('parley-template-edit').click();
    await expect(form.getByTestId('parley-template-examples')).toHaveValue('You said my screen would be fixed last week\nThe glass shattered after one drop');
    await form.getByTestId('parley-template-title').fill('Broken screen: replace');
    await form.getByTestId('parley-template-save').click();
    await expect(section.getByTestId('parley-template-item')).toContainText('Broken screen: replace');
    expect((await api.call('GET', '/templates')).body.templates[0].examples).toEqual(['You said my screen would be fixed last week', 'The glass shattered after one drop']);
    // Another template, which would come first for a post that matches neither of them.
    expect((await api.call('POST', '/templates', { title: 'Happy to help', body: 'Happy to help, {{customer.name}}!' })).status).toBe(201);

    // Maya, in her own browser: Sam's broken screen gets it, filled with Sam's name as X shows it.
    await signInBrowser(agent, api, MAYA);
    const page = await agent.context.newPage();
    errors.push(...watchPageErrors(page));
    await openStatus(page);
    const bar = statusBar(page, statusIds.sam);
    await bar.getByTestId('parley-suggest').click();
    await expect(bar.getByTestId('parley-suggestion').first()).toContainText('So sorry about the broken screen, Sam Okafor 🚲! DM us your order number and we will replace it.');
    // Lee's post shares no word with its title or text, only with an example post it answers.
    const lee = statusBar(page, statusIds.lee);
    await lee.getByTestId('parley-suggest').click();
    const first = lee.getByTestId('parley-suggestion').first();
    await expect(first).toContainText('So sorry about the broken screen');
    await expect(first).toContainText('template “Broken screen: replace”: its example posts match “said”, “fixed”, “last”');
    await expect(lee.getByTestId('parley-suggestion').nth(1)).toContainText('Happy to help');
    expect(errors).toEqual([]);
  } finally {
    await admin.close();
    await agent.close();
    await api.stop();
  }
});

test('an admin invites an agent with a one-time password shown once, changes their role, resets their password and disables them', async () => {
  test.setTimeout(90_000);
  const api = await startApi();
  const admin = await launchWithExtension();
  const lee = await launchWithExtension();
  try {
    const options = await admin.context.newPage();
    const errors = watchPageErrors(options);
    await signIn(options, admin.extensionId, api);
    const team = options.getByTestId('parley-agents');
    await team.getByTestId('parley-agent-invite-name').fill('Lee Park');
    await team.getByTestId('parley-agent-invite-email').fill('lee@brand.test');
    await team.getByTestId('parley-agent-invite').click();
    await expect(team.getByTestId('parley-agent-handover')).toContainText('Give Lee Park (lee@brand.test) this password, shown only now');
    const password = (await team.getByTestId('parley-agent-password').textContent())!;
    expect(password).toMatch(/^[a-km-zA-HJ-NP-Z2-9]{20}$/);
    const row = team.locator('[data-testid="parley-agent"][data-email="lee@brand.test"]');
    await expect(row).toContainText('Lee Park');
    // The password works, once handed over; it is kept nowhere Parley shows it again.
    await signIn(await lee.context.newPage(), lee.extensionId, api, { email: 'lee@brand.test', password, name: 'Lee Park' });
    await options.reload();
    await expect(team.getByTestId('parley-agent-handover')).toHaveCount(0);

    await choose(row.getByTestId('parley-agent-role'), 'admin');
    await expect.poll(async () => (await api.call('GET', '/agents')).body.agents.find((agent: { email: string }) => agent.email === 'lee@brand.test').role).toBe('admin');

    await row.getByTestId('parley-agent-reset').click();
    const fresh = (await team.getByTestId('parley-agent-password').textContent())!;
    expect(fresh).not.toBe(password);
    expect((await api.call('POST', '/auth/login', { email: 'lee@brand.test', password })).status).toBe(401);
    expect((await api.call('POST', '/auth/login', { email: 'lee@brand.test', password: fresh })).status).toBe(200);

    await row.getByTestId('parley-agent-disable').click();
    await expect(row).toHaveAttribute('data-disabled', 'true');
    expect((await api.call('POST', '/auth/login', { email: 'lee@brand.test', password: fresh })).status).toBe(401);
    // The admin cannot take away their own role or access: there are no controls for it.
    const me = team.locator('[data-testid="parley-agent"][data-email="admin@brand.test"]');
    await expect(me.getByTestId('parley-agent-disable')).toHaveCount(0);
    expect(errors).toEqual([]);
  } finally {
    await admin.close();
    await lee.close();
    await api.stop();
  }
});
