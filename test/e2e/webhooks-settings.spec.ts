/**
 * The team's webhooks in the options page, against a real API and a real receiver on this machine:
 * an admin registers an endpoint and keeps its secret (shown once), events arrive signed with it,
 * deliveries are listed and sent again, the secret is rotated, the endpoint switched off, on and deleted.
 */
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';
import { startApi, type ApiServer } from './api-server.js';
import { MAYA, xPost } from './desk.js';
import { expect, launchWithExtension, signIn, test, watchPageErrors } from './fixtures.js';

interface Received {
  path: string;
  id: string;
  body: string;
  headers: IncomingHttpHeaders;
  payload: { type: string; data: { id: string; caseId?: string } };
}

/** A team's own system: records every request; each path answers with its status (200 unless told). */
async function startReceiver(statuses: Record<string, number> = {}) {
  const received: Received[] = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const path = request.url ?? '';
      received.push({ path, id: String(request.headers['webhook-id']), body, headers: request.headers, payload: JSON.parse(body) });
      response.writeHead(statuses[path] ?? 200).end();
    });
  });
  await new Promise<void>((ready) => server.listen(0, '127.0.0.1', ready));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: (path: string) => `${base}${path}`,
    received,
    at: (path: string) => received.filter((request) => request.path === path),
    close: () => new Promise<void>((done) => { server.closeAllConnections(); server.close(() => done()); }),
  };
}

/** Whether the request carries a valid Standard Webhooks signature made with `secret`. */
function signedWith(secret: string, request: Received): boolean {
  try {
    new Webhook(secret).verify(request.body, request.headers as Record<string, string>);
    return true;
  } catch {
    return false;
  }
}

let posts = 0;
async function openCase(api: ApiServer): Promise<string> {
  posts += 1;
  const reply = await api.call('POST', '/cases', { post: xPost(`19000000000000000${posts}`, `customer${posts}`, `Customer ${posts}`, 'My order never came') });
  expect(reply.status).toBe(201);
  return reply.body.case.id;
}

test('an admin adds a webhook in the settings, keeps its secret, sees deliveries, sends one again, rotates the secret, disables, enables and deletes it', async () => {
  test.setTimeout(120_000);
  const receiver = await startReceiver({ '/gone': 410 });
  const api = await startApi({ PARLEY_WEBHOOK_ALLOW_PRIVATE: 'true' });
  const browser = await launchWithExtension();
  try {
    // An older endpoint whose system has gone away: its first delivery is answered 410.
    const gone = await api.call('POST', '/webhooks', { url: receiver.url('/gone'), events: ['case.created'] });
    expect(gone.status).toBe(201);
    await browser.context.grantPermissions(['clipboard-read', 'clipboard-write']);
    const options = await browser.context.newPage();
    const errors = watchPageErrors(options);
    await signIn(options, browser.extensionId, api);
    const section = options.getByTestId('parley-webhooks');
    const form = section.getByTestId('parley-webhook-form');

    // No event chosen: refused before anything is sent.
    for (const type of ['case.created', 'case.updated', 'case.resolved']) await form.getByTestId(`parley-webhook-event-${type}`).uncheck();
    await form.getByTestId('parley-webhook-url').fill(receiver.url('/crm'));
    await form.getByTestId('parley-webhook-add').click();
    await expect(section.getByTestId('parley-webhook-error')).toHaveText('Choose at least one event to send');

    await form.getByTestId('parley-webhook-description').fill('CRM sync');
    await form.getByTestId('parley-webhook-event-case.created').check();
    await form.getByTestId('parley-webhook-event-note.added').check();
    await form.getByTestId('parley-webhook-add').click();
    await expect(section.getByTestId('parley-webhook-error')).toHaveCount(0);
    const notice = section.getByTestId('parley-webhook-secret-notice');
    await expect(notice).toContainText('shown only now: Parley will not show it again');
    const secret = (await notice.getByTestId('parley-webhook-secret').textContent())!;
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    await notice.getByTestId('parley-webhook-copy').click();
    await expect(notice.getByTestId('parley-webhook-copied')).toHaveText('Copied');
    expect(await options.evaluate(() => navigator.clipboard.readText())).toBe(secret);
    await expect(form.getByTestId('parley-webhook-url')).toHaveValue('');

    const registered = (await api.call('GET', '/webhooks')).body.webhooks.find((webhook: { url: string }) => webhook.url === receiver.url('/crm'));
    expect(registered).toMatchObject({ description: 'CRM sync', events: ['case.created', 'note.added'], disabled: false });
    const row = section.locator(`[data-testid="parley-webhook-row"][data-id="${registered.id}"]`);
    await expect(row).toContainText(receiver.url('/crm'));
    await expect(row.getByTestId('parley-webhook-row-description')).toHaveText('CRM sync');
    await expect(row.getByTestId('parley-webhook-events')).toHaveText('Events: case.created, note.added');
    await expect(row.getByTestId('parley-webhook-status')).toHaveText('Enabled');

    // Shown once: gone after a reload, and in no answer the page gets.
    await options.reload();
    await expect(row).toBeVisible();
    await expect(section.getByTestId('parley-webhook-secret')).toHaveCount(0);
    expect(await options.content()).not.toContain(secret);

    // A case opened: delivered, signed with the secret the admin kept.
    const caseId = await openCase(api);
    await expect.poll(() => receiver.at('/crm').length, { timeout: 10_000 }).toBe(1);
    const first = receiver.at('/crm')[0]!;
    expect(first.payload).toMatchObject({ type: 'case.created', data: { id: caseId } });
    expect(signedWith(secret, first)).toBe(true);
    expect(signedWith(`whsec_${Buffer.from('x'.repeat(32)).toString('base64')}`, first)).toBe(false);

    // Listed as delivered; sent again on request, with the same webhook-id.
    await row.getByTestId('parley-webhook-show-deliveries').click();
    const delivery = row.locator(`[data-testid="parley-webhook-delivery"][data-id="${first.id}"]`);
    await expect(delivery).toHaveAttribute('data-status', 'delivered');
    await expect(delivery).toContainText('case.created');
    await expect(delivery.getByTestId('parley-webhook-delivery-attempts')).toHaveText('1');
    await expect(delivery.getByTestId('parley-webhook-delivery-response')).toHaveText('200');
    await expect(row.getByTestId('parley-webhook-delivery')).toHaveCount(1);
    await delivery.getByTestId('parley-webhook-redeliver').click();
    await expect.poll(() => receiver.at('/crm').length, { timeout: 10_000 }).toBe(2);
    const again = receiver.at('/crm')[1]!;
    expect(again.id).toBe(first.id);
    expect(again.body).toBe(first.body);
    expect(signedWith(secret, again)).toBe(true);
    await expect(delivery).toHaveAttribute('data-status', 'delivered');
    await expect(row.getByTestId('parley-webhook-delivery')).toHaveCount(1);

    // The endpoint that answered 410 is disabled, and says why.
    const goneNow = async () => (await api.call('GET', '/webhooks')).body.webhooks.find((webhook: { id: string }) => webhook.id === gone.body.webhook.id);
    await expect.poll(async () => (await goneNow()).disabledReason, { timeout: 10_000 }).toBe('gone');
    await options.reload();
    const goneRow = section.locator(`[data-testid="parley-webhook-row"][data-id="${gone.body.webhook.id}"]`);
    await expect(goneRow).toHaveAttribute('data-disabled', 'true');
    await expect(goneRow.getByTestId('parley-webhook-status')).toContainText('Disabled since');
    await expect(goneRow.getByTestId('parley-webhook-status')).toContainText('the endpoint answered 410 Gone');
    await expect(goneRow.getByTestId('parley-webhook-toggle')).toHaveText('Enable');

    // A new secret, shown once; the old one keeps signing beside it for the overlap.
    await row.getByTestId('parley-webhook-rotate').click();
    await expect(notice).toContainText('The new signing secret');
    await expect(notice.getByTestId('parley-webhook-secret-overlap')).toContainText('also carries a signature made with the old secret');
    const rotated = (await notice.getByTestId('parley-webhook-secret').textContent())!;
    expect(rotated).toMatch(/^whsec_/);
    expect(rotated).not.toBe(secret);
    await expect(row.getByTestId('parley-webhook-overlap')).toContainText('The previous secret also signs each delivery until');
    await notice.getByTestId('parley-webhook-secret-done').click();
    await expect(notice).toHaveCount(0);
    expect((await api.call('POST', `/cases/${caseId}/notes`, { body: 'Called the courier' })).status).toBe(201);
    await expect.poll(() => receiver.at('/crm').length, { timeout: 10_000 }).toBe(3);
    const note = receiver.at('/crm')[2]!;
    expect(note.payload.type).toBe('note.added');
    expect(signedWith(rotated, note)).toBe(true);
    expect(signedWith(secret, note)).toBe(true);

    // Edited: another description, one more event.
    await row.getByTestId('parley-webhook-edit').click();
    const edit = row.getByTestId('parley-webhook-edit-form');
    await expect(edit.getByTestId('parley-webhook-url')).toHaveValue(receiver.url('/crm'));
    await edit.getByTestId('parley-webhook-description').fill('CRM sync (EU)');
    await edit.getByTestId('parley-webhook-event-case.resolved').check();
    await edit.getByTestId('parley-webhook-save').click();
    await expect(edit).toHaveCount(0);
    await expect(row.getByTestId('parley-webhook-events')).toHaveText('Events: case.created, case.resolved, note.added');
    expect((await api.call('GET', '/webhooks')).body.webhooks.find((webhook: { id: string }) => webhook.id === registered.id))
      .toMatchObject({ description: 'CRM sync (EU)', events: ['case.created', 'case.resolved', 'note.added'] });

    // Disabled: nothing is sent, not even again; enabled, it gets what comes after.
    await row.getByTestId('parley-webhook-toggle').click();
    await expect(row).toHaveAttribute('data-disabled', 'true');
    await expect(row.getByTestId('parley-webhook-status')).toContainText('an admin switched it off');
    await row.getByTestId('parley-webhook-show-deliveries').click();
    await expect(delivery.getByTestId('parley-webhook-redeliver')).toBeDisabled();
    expect((await api.call('GET', '/webhooks')).body.webhooks.find((webhook: { id: string }) => webhook.id === registered.id))
      .toMatchObject({ disabled: true, disabledReason: 'admin' });
    const whileOff = await openCase(api);
    await row.getByTestId('parley-webhook-toggle').click();
    await expect(row).not.toHaveAttribute('data-disabled');
    await expect(row.getByTestId('parley-webhook-status')).toHaveText('Enabled');
    const afterOn = await openCase(api);
    await expect.poll(() => receiver.at('/crm').map((request) => request.payload.data.id), { timeout: 10_000 }).toContain(afterOn);
    expect(receiver.at('/crm').map((request) => request.payload.data.id)).not.toContain(whileOff);

    // Deleted after a confirmation in the page; "Keep it" keeps it.
    await row.getByTestId('parley-webhook-delete').click();
    await row.getByTestId('parley-webhook-delete-cancel').click();
    await expect(row.getByTestId('parley-webhook-delete-confirm')).toHaveCount(0);
    await expect(row).toBeVisible();
    await row.getByTestId('parley-webhook-delete').click();
    await row.getByTestId('parley-webhook-delete-confirm').click();
    await expect(row).toHaveCount(0);
    expect((await api.call('GET', '/webhooks')).body.webhooks.map((webhook: { id: string }) => webhook.id)).toEqual([gone.body.webhook.id]);
    expect(errors).toEqual([]);
  } finally {
    await browser.close();
    await api.stop();
    await receiver.close();
  }
});

test('the server\'s refusal of an endpoint reads in the page; agents see no webhooks and cannot reach them', async () => {
  test.setTimeout(90_000);
  // As in production: https to public addresses only.
  const api = await startApi();
  const browser = await launchWithExtension();
  try {
    expect((await api.call('POST', '/agents', { ...MAYA, role: 'agent' })).status).toBe(201);
    const options = await browser.context.newPage();
    const errors = watchPageErrors(options);
    await signIn(options, browser.extensionId, api);
    const section = options.getByTestId('parley-webhooks');
    await expect(section).toContainText('No endpoints yet.');
    const form = section.getByTestId('parley-webhook-form');
    await form.getByTestId('parley-webhook-url').fill('https://127.0.0.1:8443/hooks');
    await form.getByTestId('parley-webhook-add').click();
    await expect(section.getByTestId('parley-webhook-error')).toHaveText('The endpoint 127.0.0.1 resolves to a private, loopback or link-local address');
    await form.getByTestId('parley-webhook-url').fill('http://93.184.215.14/hooks');
    await form.getByTestId('parley-webhook-add').click();
    await expect(section.getByTestId('parley-webhook-error')).toHaveText('The endpoint must be https');
    await expect(section.getByTestId('parley-webhook-secret')).toHaveCount(0);
    await expect(section.getByTestId('parley-webhook-row')).toHaveCount(0);
    expect((await api.call('GET', '/webhooks')).body.webhooks).toEqual([]);
    // What the form typed stays, to be corrected.
    await expect(form.getByTestId('parley-webhook-url')).toHaveValue('http://93.184.215.14/hooks');

    // A malformed message from the page is refused by the background, saying what is wrong.
    const send = (message: unknown) => options.evaluate(async (message) => {
      const { chrome } = globalThis as unknown as { chrome: { runtime: { sendMessage(message: unknown): Promise<unknown> } } };
      return chrome.runtime.sendMessage(message);
    }, message);
    expect(await send({ type: 'settings.webhooks.create', webhook: { url: 'https://93.184.215.14/hooks', events: ['case.deleted'] } }))
      .toMatchObject({ ok: false, error: { code: 'bad_message', message: expect.stringContaining('events.0') } });

    await options.getByTestId('parley-sign-out').click();
    // Signed out before the page is opened again, or it would open still signed in.
    await expect(options.getByTestId('parley-sign-in')).toBeVisible();
    await signIn(options, browser.extensionId, api, MAYA);
    await expect(options.getByTestId('parley-notifications')).toBeVisible();
    await expect(options.getByTestId('parley-webhooks')).toHaveCount(0);
    // Asking anyway is refused by the server.
    expect(await send({ type: 'settings.webhooks.list' })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(errors).toEqual([]);
  } finally {
    await browser.close();
    await api.stop();
  }
});
