/** The audit log in the settings: an admin reads who changed what, filters it, and pages back; agents do not see it. */
import { ADMIN, startApi } from './api-server.js';
import { MAYA } from './desk.js';
import { choose, expect, launchWithExtension, signIn, test, watchPageErrors } from './fixtures.js';

test('an admin reads the audit log of the team\'s changes, filtered by what and by whom; an agent has no audit log', async () => {
  test.setTimeout(90_000);
  const api = await startApi();
  const admin = await launchWithExtension();
  const agent = await launchWithExtension();
  try {
    const maya = (await api.call('POST', '/agents', { ...MAYA, role: 'agent' })).body.agent as { id: string };
    const mayaToken = (await api.call('POST', '/auth/login', { email: MAYA.email, password: MAYA.password })).body.token as string;
    const post = {
      platform: 'x', externalId: '1890000000000000001', url: 'https://x.com/sam/status/1890000000000000001',
      author: { handle: 'sam', displayName: 'Sam' }, text: 'Where is my parcel?',
    };
    const kase = (await api.call('POST', '/cases', { post }, mayaToken)).body.case as { id: string; number: number };
    expect((await api.call('PATCH', `/cases/${kase.id}`, { version: 1, status: 'open', priority: 'urgent' }, mayaToken)).status).toBe(200);
    // A customer's text is shown as text: markup in it is never made into the page.
    expect((await api.call('POST', `/cases/${kase.id}/notes`, { body: '<img src=x onerror="window.__pwned=1">' }, mayaToken)).status).toBe(201);
    for (let i = 0; i < 55; i += 1) {
      expect((await api.call('POST', '/templates', { title: `Template ${i}`, body: 'Thanks, {{customer.name}}' })).status).toBe(201);
    }

    const options = await admin.context.newPage();
    const errors = watchPageErrors(options);
    await signIn(options, admin.extensionId, api);
    const log = options.getByTestId('parley-audit');
    const entries = log.getByTestId('parley-audit-entry');
    // Newest first, a page of 50; older ones on request.
    await expect(entries).toHaveCount(50);
    await expect(entries.first()).toHaveAttribute('data-action', 'template.created');
    await expect(entries.first()).toContainText(`${ADMIN.name} added a template`);
    await log.getByTestId('parley-audit-more').click();
    await expect(entries).toHaveCount(61);
    await expect(log.getByTestId('parley-audit-more')).toHaveCount(0);

    await choose(log.getByTestId('parley-audit-entity'), 'case');
    await expect(entries).toHaveCount(3);
    expect(await entries.evaluateAll((rows) => rows.map((row) => row.getAttribute('data-action')))).toEqual(['case.note_added', 'case.updated', 'case.created']);
    const updated = entries.nth(1);
    await expect(updated).toContainText('Maya changed a case');
    await expect(updated.locator('[data-testid="parley-audit-change"][data-field="status"]')).toHaveText('status: new → open');
    await expect(updated.locator('[data-testid="parley-audit-change"][data-field="priority"]')).toHaveText(/priority: \w+ → urgent/);
    await expect(entries.first().getByTestId('parley-audit-change')).toHaveText('note: <img src=x onerror="window.__pwned=1">');
    expect(await options.evaluate(() => (window as { __pwned?: number }).__pwned)).toBeUndefined();

    await choose(log.getByTestId('parley-audit-entity'), '');
    await choose(log.getByTestId('parley-audit-actor'), 'setup');
    await expect(entries).toHaveCount(1);
    await expect(entries.first()).toContainText('Setup (system) added an agent');
    await choose(log.getByTestId('parley-audit-actor'), maya.id);
    await expect(entries).toHaveCount(4); // the customer first seen, the case, its change, the note
    await expect(entries.last()).toHaveAttribute('data-action', 'customer.created');
    // A day with nothing in it.
    await log.getByTestId('parley-audit-to').fill('2020-01-01');
    await expect(log.getByTestId('parley-audit-empty')).toBeVisible();
    expect(errors).toEqual([]);

    const mayaOptions = await agent.context.newPage();
    await signIn(mayaOptions, agent.extensionId, api, MAYA);
    await expect(mayaOptions.getByTestId('parley-notifications')).toBeVisible();
    await expect(mayaOptions.getByTestId('parley-audit')).toHaveCount(0);
    // Asked directly, the server refuses it to an agent as well.
    expect((await api.call('GET', `/audit?actorId=${maya.id}`, undefined, mayaToken)).status).toBe(403);
  } finally {
    await admin.close();
    await agent.close();
    await api.stop();
  }
});
