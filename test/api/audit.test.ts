/** GET /audit: every change to cases, customers, templates, agents, settings and webhooks, with who made it, in its own transaction. */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { v7 as uuidv7 } from 'uuid';
import { createWorld, expectError, freshHandle, PASSWORD, postBy, type Reply, type World } from './harness.js';

let world: World;
beforeAll(async () => { world = await createWorld(); });
afterAll(async () => { await world.close(); });
afterEach(() => { expect(world.errors).toEqual([]); });

interface Entry {
  id: string;
  at: string;
  actor: { type: 'agent' | 'system'; id: string; name: string };
  action: string;
  entity: string;
  entityId: string;
  changes: Record<string, { from: unknown; to: unknown }>;
}

/** Every entry the query finds, page after page. */
async function audit(query: Record<string, string> = {}, token = world.a.admin.token): Promise<Entry[]> {
  const entries: Entry[] = [];
  let cursor: string | null = null;
  do {
    const params: URLSearchParams = new URLSearchParams({ ...query, limit: '200', ...(cursor ? { cursor } : {}) });
    const reply: Reply = await world.call('GET', `/audit?${params}`, { token });
    expect(reply.status, JSON.stringify(reply.body)).toBe(200);
    entries.push(...reply.body.entries);
    cursor = reply.body.nextCursor;
  } while (cursor);
  return entries;
}
const about = async (entityId: string) => (await audit()).filter((entry) => entry.entityId === entityId);
const actions = (entries: Entry[]) => entries.map((entry) => entry.action);

const as = (token: string) => ({
  call: (method: string, path: string, body?: unknown) => world.call(method, path, { token, body }),
});
const agentA = () => as(world.a.agent.token);
const adminA = () => as(world.a.admin.token);

async function openCase(handle = freshHandle()) {
  const reply = await agentA().call('POST', '/cases', { post: postBy(handle), priority: 'normal' });
  expect(reply.status).toBe(201);
  return reply.body.case as { id: string; number: number; customerId: string; version: number };
}

describe('what a case goes through', () => {
  it('records creation, each update, a note, a reply and a linked post, by the agent, newest first', async () => {
    const kase = await openCase();
    await agentA().call('PATCH', `/cases/${kase.id}`, { version: 1, status: 'open', assigneeId: world.a.agent.id, tags: ['billing'] });
    await agentA().call('POST', `/cases/${kase.id}/notes`, { body: 'Checked the order' });
    await agentA().call('POST', `/cases/${kase.id}/replies`, { text: 'Sorry, we are on it', postExternalId: '1900000000000000001' });
    const other = postBy(freshHandle());
    expect((await agentA().call('POST', `/cases/${kase.id}/posts`, { post: other })).status).toBe(201);

    const entries = await about(kase.id);
    expect(actions(entries)).toEqual(['case.post_linked', 'case.reply_recorded', 'case.note_added', 'case.updated', 'case.created']);
    for (const entry of entries) {
      expect(entry.actor).toEqual({ type: 'agent', id: world.a.agent.id, name: 'Agent a' });
      expect(entry.entity).toBe('case');
    }
    const [linked, replied, noted, updated, created] = entries;
    expect(created!.changes).toMatchObject({
      number: { from: null, to: kase.number }, status: { from: null, to: 'new' }, priority: { from: null, to: 'normal' },
      customerId: { from: null, to: kase.customerId },
    });
    expect(updated!.changes).toEqual({
      status: { from: 'new', to: 'open' }, assigneeId: { from: null, to: world.a.agent.id }, tags: { from: [], to: ['billing'] },
    });
    expect(noted!.changes).toEqual({ note: { from: null, to: 'Checked the order' } });
    expect(replied!.changes.reply).toEqual({ from: null, to: 'Sorry, we are on it' });
    expect(replied!.changes.firstResponseAt).toEqual({ from: null, to: expect.any(String) });
    expect(linked!.changes.post).toEqual({ from: null, to: expect.any(String) });
    // Newest first, and each at or before the one above it.
    const times = entries.map((entry) => Date.parse(entry.at));
    expect([...times].sort((x, y) => y - x)).toEqual(times);
    // The customers first seen on these posts are new customers of the team's.
    const customer = (await about(kase.customerId)).find((entry) => entry.action === 'customer.created');
    expect(customer?.changes.identity).toEqual({ from: null, to: expect.stringMatching(/^x:cust_\d+$/) });
  });

  it('a refused change writes no entry, and a change sent twice is recorded once', async () => {
    const kase = await openCase();
    const before = await about(kase.id);
    expectError(await agentA().call('PATCH', `/cases/${kase.id}`, { version: 7, status: 'open' }), 409, 'version_conflict');
    expectError(await agentA().call('PATCH', `/cases/${kase.id}`, { version: 1, status: 'closed' }), 422, 'invalid_transition');
    // Nothing to change is no change.
    expect((await agentA().call('PATCH', `/cases/${kase.id}`, { version: 1, priority: 'normal' })).status).toBe(200);
    expect(await about(kase.id)).toEqual(before);

    const clientId = uuidv7();
    const post = postBy(freshHandle());
    const first = await agentA().call('POST', '/cases', { post, clientId });
    const again = await agentA().call('POST', '/cases', { post, clientId });
    expect([first.status, again.status]).toEqual([201, 200]);
    expect(actions(await about(first.body.case.id))).toEqual(['case.created']);
  });

  it('a change pushed by sync is recorded like the same change over REST', async () => {
    const kase = await openCase();
    const reply = await agentA().call('POST', '/sync/push', {
      mutations: [{ id: uuidv7(), name: 'updateCase', args: { caseId: kase.id, priority: 'urgent', version: 1 } }],
    });
    expect(reply.status).toBe(200);
    const [entry] = await about(kase.id);
    expect(entry).toMatchObject({ action: 'case.updated', changes: { priority: { from: 'normal', to: 'urgent' } } });
  });

  it('the entry is written in the change\'s transaction: when it cannot be written, the change is not made either', async () => {
    const kase = await openCase();
    await world.db.client.execute(`CREATE TRIGGER refuse_audit BEFORE INSERT ON audit_log WHEN NEW.action = 'case.updated'
      BEGIN SELECT RAISE(ABORT, 'audit refused'); END`);
    try {
      const reply = await agentA().call('PATCH', `/cases/${kase.id}`, { version: 1, subject: 'Lost parcel' });
      expect(reply.status).toBe(500);
      expect(JSON.stringify(reply.body)).not.toContain('audit refused');
    } finally {
      await world.db.client.execute('DROP TRIGGER refuse_audit');
      world.errors.length = 0;
    }
    const stored = (await agentA().call('GET', `/cases/${kase.id}`)).body.case;
    expect(stored).toMatchObject({ subject: '', version: 1 });
    expect(actions(await about(kase.id))).toEqual(['case.created']);
  });
});

describe('customers, templates, agents, settings and webhooks', () => {
  it('a customer edited and merged', async () => {
    const keep = await openCase();
    const gone = await openCase();
    await agentA().call('PATCH', `/customers/${keep.customerId}`, { vip: true, notes: 'Long-time customer' });
    expect((await agentA().call('POST', `/customers/${keep.customerId}/merge`, { otherCustomerId: gone.customerId })).status).toBe(200);
    const [merged, updated] = (await about(keep.customerId)).filter((entry) => entry.action !== 'customer.created');
    expect(updated).toMatchObject({ action: 'customer.updated', changes: { vip: { from: false, to: true }, notes: { from: '', to: 'Long-time customer' } } });
    expect(merged).toMatchObject({ action: 'customer.merged', changes: { mergedCustomer: { from: expect.stringContaining(gone.customerId), to: null } } });
    expect(actions(await about(gone.customerId))).toEqual(['customer.merged_away', 'customer.created']);
    expect((await about(gone.id))[0]).toMatchObject({ action: 'case.updated', changes: { customerId: { from: gone.customerId, to: keep.customerId } } });
  });

  it('a template created, edited and deleted', async () => {
    const created = await adminA().call('POST', '/templates', { title: 'Refund', body: 'Hi {{customer.name}}, refunded.', tags: ['billing'] });
    const id = created.body.template.id as string;
    await adminA().call('PATCH', `/templates/${id}`, { title: 'Refund sent' });
    await adminA().call('DELETE', `/templates/${id}`);
    const entries = await about(id);
    expect(actions(entries)).toEqual(['template.deleted', 'template.updated', 'template.created']);
    expect(entries[1]!.changes).toEqual({ title: { from: 'Refund', to: 'Refund sent' } });
    expect(entries[0]!.changes.title).toEqual({ from: 'Refund sent', to: null });
    expect(entries[2]!.actor).toEqual({ type: 'agent', id: world.a.admin.id, name: 'Admin a' });
  });

  it('an agent invited, given a role, disabled and a password set, without any password in the log', async () => {
    const newPassword = 'a brand new password 42';
    const invited = await adminA().call('POST', '/agents', { email: 'new.agent@a.test', name: 'New Agent', role: 'agent', password: newPassword });
    const id = invited.body.agent.id as string;
    await adminA().call('PATCH', `/agents/${id}`, { role: 'admin' });
    await adminA().call('PATCH', `/agents/${id}`, { disabled: true, password: 'another password 4242' });
    const entries = await about(id);
    expect(actions(entries)).toEqual(['agent.updated', 'agent.updated', 'agent.created']);
    expect(entries[2]!.changes).toMatchObject({ email: { from: null, to: 'new.agent@a.test' }, role: { from: null, to: 'agent' }, password: { from: '[redacted]', to: '[redacted]' } });
    expect(entries[1]!.changes).toEqual({ role: { from: 'agent', to: 'admin' } });
    expect(entries[0]!.changes).toEqual({ disabled: { from: false, to: true }, password: { from: '[redacted]', to: '[redacted]' } });

    // Changing one's own password is recorded too, as the agent's own act.
    expect((await agentA().call('POST', '/auth/password', { currentPassword: PASSWORD, newPassword: 'my own new password' })).status).toBe(204);
    const [own] = await about(world.a.agent.id);
    expect(own).toMatchObject({ action: 'agent.password_changed', actor: { id: world.a.agent.id }, changes: { password: { from: '[redacted]', to: '[redacted]' } } });
    await agentA().call('POST', '/auth/password', { currentPassword: 'my own new password', newPassword: PASSWORD });

    const text = JSON.stringify(await audit());
    for (const secret of [newPassword, 'another password 4242', 'my own new password', PASSWORD]) expect(text).not.toContain(secret);
    expect(text).not.toMatch(/\$argon2|\$scrypt/);
  });

  it('the SLA policy and the brand accounts, field by field', async () => {
    const policy = (await adminA().call('GET', '/settings/sla')).body;
    const next = { ...policy, timeZone: 'Europe/London', holidays: ['2026-12-25'] };
    expect((await adminA().call('PUT', '/settings/sla', next)).status).toBe(200);
    await adminA().call('PUT', '/settings/accounts', { accounts: [{ platform: 'x', handle: '@AcmeHelp' }] });
    const [accounts, sla] = await audit({ entity: 'settings' });
    expect(sla).toMatchObject({ action: 'settings.sla_updated', entityId: 'sla' });
    expect(sla!.changes).toEqual({ timeZone: { from: 'UTC', to: 'Europe/London' }, holidays: { from: [], to: ['2026-12-25'] } });
    expect(accounts).toMatchObject({
      action: 'settings.accounts_updated', entityId: 'accounts', changes: { accounts: { from: [], to: [{ platform: 'x', handle: 'acmehelp' }] } },
    });
  });

  it('a webhook registered, changed, its secret rotated and removed, without the secret', async () => {
    const created = await adminA().call('POST', '/webhooks', { url: 'https://93.184.215.14/hooks', events: ['case.created'] });
    const id = created.body.webhook.id as string;
    await adminA().call('PATCH', `/webhooks/${id}`, { disabled: true, events: ['case.created', 'note.added'] });
    const rotated = await adminA().call('POST', `/webhooks/${id}/rotate-secret`);
    expect((await adminA().call('DELETE', `/webhooks/${id}`)).status).toBe(204);
    const entries = await audit({ entity: 'webhook' });
    expect(actions(entries.filter((entry) => entry.entityId === id))).toEqual(['webhook.deleted', 'webhook.secret_rotated', 'webhook.updated', 'webhook.created']);
    const updated = entries.find((entry) => entry.action === 'webhook.updated')!;
    expect(updated.changes).toEqual({
      events: { from: ['case.created'], to: ['case.created', 'note.added'] }, disabledReason: { from: null, to: 'admin' }, disabled: { from: false, to: true },
    });
    const text = JSON.stringify(entries);
    expect(text).not.toContain(created.body.secret);
    expect(text).not.toContain(rotated.body.secret);
  });
});

describe('reading the log', () => {
  it('filters by time, actor and kind of thing, and pages without a gap or a repeat', async () => {
    const kase = await openCase();
    for (let i = 0; i < 5; i += 1) await agentA().call('POST', `/cases/${kase.id}/notes`, { body: `note ${i}` });
    const all = await audit();
    expect(all.length).toBeGreaterThan(10);

    const ids: string[] = [];
    let cursor: string | null = null;
    do {
      const reply: Reply = await world.call('GET', `/audit?limit=3${cursor ? `&cursor=${cursor}` : ''}`, { token: world.a.admin.token });
      expect(reply.body.entries.length).toBeLessThanOrEqual(3);
      ids.push(...reply.body.entries.map((entry: Entry) => entry.id));
      cursor = reply.body.nextCursor;
    } while (cursor);
    expect(ids).toEqual(all.map((entry) => entry.id));

    const byAgent = await audit({ actorId: world.a.agent.id });
    expect(byAgent.length).toBeGreaterThan(0);
    expect(byAgent.every((entry) => entry.actor.id === world.a.agent.id)).toBe(true);
    expect(byAgent).toEqual(all.filter((entry) => entry.actor.id === world.a.agent.id));

    const templates = await audit({ entity: 'template' });
    expect(templates).toEqual(all.filter((entry) => entry.entity === 'template'));

    // From is inclusive, to is not.
    const middle = all[Math.floor(all.length / 2)]!;
    const from = await audit({ from: middle.at });
    expect(from).toEqual(all.filter((entry) => entry.at >= middle.at));
    const until = await audit({ to: middle.at });
    expect(until).toEqual(all.filter((entry) => entry.at < middle.at));
  });

  it('the first admin was made by setup, and what the system does is named as such', async () => {
    const entries = await audit({ actorId: 'setup' });
    expect(entries).toEqual([expect.objectContaining({
      action: 'agent.created', entityId: world.a.admin.id, actor: { type: 'system', id: 'setup', name: 'Setup' },
    })]);
  });

  it('only admins read it; each organisation its own; bad queries are refused', async () => {
    expectError(await world.call('GET', '/audit', { token: world.a.agent.token }), 403, 'forbidden');
    expectError(await world.call('GET', '/audit'), 401);
    const theirs = await audit({}, world.b.admin.token);
    const ours = new Set((await audit()).map((entry) => entry.id));
    expect(theirs.length).toBeGreaterThan(0);
    expect(theirs.some((entry) => ours.has(entry.id))).toBe(false);
    // b's agent filter in a's log finds nothing of b's.
    expect(await audit({ actorId: world.b.admin.id })).toEqual([]);
    for (const query of ['cursor=nonsense', 'entity=posts', 'from=yesterday', 'limit=0', 'limit=201', 'actorId=robot', 'sort=oldest',
      'from=2026-12-02T00:00:00Z&to=2026-12-01T00:00:00Z']) {
      expectError(await world.call('GET', `/audit?${query}`, { token: world.a.admin.token }), 400, 'validation_failed');
    }
  });
});
