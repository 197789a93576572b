import { count, eq, gt, max } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../api/app.js';
import { agents, changes, orgs } from '../../api/db/schema.js';
import { createWorld, expectError, PASSWORD, SIGNUP_TOKEN, samplePost, type Reply, type World } from './harness.js';

let world: World;
beforeAll(async () => { world = await createWorld(); });
afterAll(async () => { await world.close(); });
afterEach(() => { expect(world.errors).toEqual([]); });


const orgCount = async () => (await world.db.read.select({ n: count() }).from(orgs))[0]!.n;
const lastChange = async () => (await world.db.read.select({ seq: max(changes.seq) }).from(changes))[0]?.seq ?? 0;
const changesAfter = (seq: number) => world.db.read.select().from(changes).where(gt(changes.seq, seq));

const newOrgBody = (label: string) => ({
  name: `Org ${label}`,
  admin: { email: `boss@${label}.test`, name: `Boss ${label}`, password: PASSWORD },
});

describe('creating an organisation', () => {
  it.each([
    ['without X-Signup-Token', {}],
    ['with a wrong X-Signup-Token', { 'x-signup-token': 'not-the-signup-token-at-all' }],
    ['with an empty X-Signup-Token', { 'x-signup-token': '' }],
  ])('is refused %s (403) and creates nothing', async (_label, headers) => {
    const before = await orgCount();
    const reply = await world.call('POST', '/orgs', { headers, body: newOrgBody('refused') });
    expectError(reply, 403, 'forbidden');
    expect(await orgCount()).toBe(before);
    expectError(await world.call('POST', '/auth/login', { body: { email: 'boss@refused.test', password: PASSWORD } }), 401);
  });

  it('is refused to everyone when the server has no signup token', async () => {
    const closedApp = createApp({ db: world.db, config: { PARLEY_SIGNUP_TOKEN: undefined, TOKEN_TTL_DAYS: 30, TRUST_PROXY: false } });
    for (const headers of [{}, { 'x-signup-token': '' }, { 'x-signup-token': SIGNUP_TOKEN }] as Record<string, string>[]) {
      const response = await closedApp.request('/orgs', {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify(newOrgBody('closed')),
      });
      expect(response.status).toBe(403);
      expect(await response.json()).toMatchObject({ code: 'forbidden', message: expect.any(String) });
    }
  });

  describe('with the signup token', () => {
    let created: Reply;
    let bossToken: string;
    beforeAll(async () => {
      created = await world.call('POST', '/orgs', { headers: { 'X-Signup-Token': SIGNUP_TOKEN }, body: newOrgBody('c') });
      bossToken = await world.login('boss@c.test');
    });

    it('answers 201 with the organisation and its admin', () => {
      expect(created.status).toBe(201);
      expect(created.body.org).toEqual({ id: expect.any(String), name: 'Org c' });
      expect(created.body.agent).toEqual({ id: expect.any(String), name: 'Boss c', email: 'boss@c.test', role: 'admin', disabled: false });
    });

    it('lets the new admin sign in to the new organisation', async () => {
      const me = await world.call('GET', '/me', { token: bossToken });
      expect(me.body.org).toEqual(created.body.org);
      expect(me.body.agent.id).toBe(created.body.agent.id);
    });

    it('shows the new admin only the new organisation\'s data', async () => {
      await world.call('POST', '/templates', { token: world.a.agent.token, body: { title: 'Org a only', body: 'Hello' } });
      await world.call('POST', '/cases', { token: world.a.agent.token, body: { post: samplePost() } });

      const team = await world.call('GET', '/agents', { token: bossToken });
      expect(team.body.agents.map((agent: { email: string }) => agent.email)).toEqual(['boss@c.test']);
      expect((await world.call('GET', '/templates', { token: bossToken })).body.templates).toEqual([]);
      expect((await world.call('GET', '/cases', { token: bossToken })).body.cases).toEqual([]);
      expectError(await world.call('PATCH', `/agents/${world.a.agent.id}`, { token: bossToken, body: { name: 'Mine now' } }), 404);

      const aTeam = await world.call('GET', '/agents', { token: world.a.admin.token });
      expect(aTeam.body.agents.map((agent: { email: string }) => agent.email)).not.toContain('boss@c.test');
    });
  });

  it('refuses an admin email that is already in use (409, saying nothing of whose) and leaves no half-made organisation', async () => {
    const before = await orgCount();
    const reply = await world.call('POST', '/orgs', {
      headers: { 'X-Signup-Token': SIGNUP_TOKEN },
      body: { name: 'Copycat', admin: { email: 'Admin@A.test', name: 'Copy', password: PASSWORD } },
    });
    expectError(reply, 409, 'email_unavailable');
    expect(reply.body.message).not.toMatch(/admin@a\.test|exists|organisation/i);
    expect(await orgCount()).toBe(before);
  });

  it('refuses an invalid body with 400 and the issues', async () => {
    const reply = await world.call('POST', '/orgs', {
      headers: { 'X-Signup-Token': SIGNUP_TOKEN },
      body: { name: 'Weak', admin: { email: 'weak@weak.test', name: 'Weak', password: 'short' } },
    });
    expectError(reply, 400, 'validation_failed');
    expect(reply.body.issues).toContainEqual({ path: 'admin.password', message: expect.any(String) });
  });
});

describe('agents', () => {
  const admin = () => world.a.admin.token;

  it('an admin adds an agent (201) who can then sign in', async () => {
    const since = await lastChange();
    const reply = await world.call('POST', '/agents', {
      token: admin(),
      body: { email: 'New.Hire@A.test', name: 'New Hire', password: PASSWORD, role: 'agent' },
    });
    expect(reply.status).toBe(201);
    expect(reply.body.agent).toEqual({ id: expect.any(String), name: 'New Hire', email: 'new.hire@a.test', role: 'agent', disabled: false });
    const me = await world.call('GET', '/me', { token: await world.login('new.hire@a.test') });
    expect(me.body.org.id).toBe(world.a.id);
    expect(await changesAfter(since)).toEqual([
      expect.objectContaining({ orgId: world.a.id, entity: 'agent', entityId: reply.body.agent.id, op: 'upsert' }),
    ]);
  });

  it('lists only the organisation\'s own agents, to admins and agents alike', async () => {
    for (const token of [world.b.admin.token, world.b.agent.token]) {
      const reply = await world.call('GET', '/agents', { token });
      expect(reply.status).toBe(200);
      expect(reply.body.agents.map((agent: { id: string }) => agent.id).sort()).toEqual([world.b.admin.id, world.b.agent.id].sort());
    }
  });

  it.each([
    ['POST', '/agents', { email: 'sneaky@a.test', name: 'Sneaky', password: PASSWORD, role: 'admin' }],
    ['PATCH', '/agents/{self}', { role: 'admin' }],
    ['PATCH', '/agents/{admin}', { disabled: true }],
  ])('refuses an agent on %s %s with 403 and records nothing', async (method, path, body) => {
    const since = await lastChange();
    const target = path.replace('{self}', world.a.agent.id).replace('{admin}', world.a.admin.id);
    expectError(await world.call(method, target, { token: world.a.agent.token, body }), 403, 'forbidden');
    expect(await changesAfter(since)).toEqual([]);
    const [row] = await world.db.read.select().from(agents).where(eq(agents.id, world.a.agent.id));
    expect(row?.role).toBe('agent');
    expect((await world.call('GET', '/me', { token: world.a.admin.token })).status).toBe(200);
  });

  it.each([
    ['the same email', 'agent@a.test'],
    ['the same email in other case', 'AGENT@A.TEST'],
    ['another organisation\'s email', 'agent@b.test'],
  ])('refuses %s with 409 and records nothing', async (_label, email) => {
    const since = await lastChange();
    const reply = await world.call('POST', '/agents', { token: admin(), body: { email, name: 'Dup', password: PASSWORD, role: 'agent' } });
    expectError(reply, 409, 'email_unavailable');
    expect(await changesAfter(since)).toEqual([]);
  });

  it('answers an address used in another organisation exactly as one used in its own, naming no one', async () => {
    const attempt = (email: string) => world.call('POST', '/agents', { token: admin(), body: { email, name: 'Dup', password: PASSWORD, role: 'agent' } });
    const ours = await attempt('agent@a.test');
    const theirs = await attempt('agent@b.test');
    const { requestId: _ours, ...oursBody } = ours.body;
    const { requestId: _theirs, ...theirsBody } = theirs.body;
    expect(theirs.status).toBe(ours.status);
    expect(theirsBody).toEqual(oursBody);
    expect(JSON.stringify(theirsBody)).not.toMatch(/agent@b\.test|Org b|exists|another organisation/i);
    // Org b's agent is untouched and still theirs.
    const me = await world.call('GET', '/me', { token: world.b.agent.token });
    expect(me.body.org.id).toBe(world.b.id);
  });

  it('documents the one refusal in the OpenAPI document', async () => {
    const doc = (await world.call('GET', '/openapi.json')).body;
    for (const [path, method] of [['/agents', 'post'], ['/orgs', 'post']] as const) {
      expect(doc.paths[path][method].responses['409'].description).toContain('email_unavailable');
      expect(doc.paths[path][method].responses['409'].description).toContain('in another');
    }
  });

  it.each([
    ['a short password', { email: 'v1@a.test', name: 'V', password: 'short', role: 'agent' }, 'password'],
    ['an unknown role', { email: 'v2@a.test', name: 'V', password: PASSWORD, role: 'owner' }, 'role'],
    ['a bad email', { email: 'v3-at-a.test', name: 'V', password: PASSWORD, role: 'agent' }, 'email'],
    ['a blank name', { email: 'v4@a.test', name: '   ', password: PASSWORD, role: 'agent' }, 'name'],
  ])('refuses a new agent with %s (400 with issues)', async (_label, body, path) => {
    const reply = await world.call('POST', '/agents', { token: admin(), body });
    expectError(reply, 400, 'validation_failed');
    expect(reply.body.issues).toContainEqual({ path, message: expect.any(String) });
  });

  it('an admin renames, promotes and demotes another agent; the role applies at once', async () => {
    const added = await world.call('POST', '/agents', { token: admin(), body: { email: 'rising@a.test', name: 'Rising', password: PASSWORD, role: 'agent' } });
    const id = added.body.agent.id as string;
    const token = await world.login('rising@a.test');
    const probe = { email: 'probe@a.test', name: 'Probe', password: 'x', role: 'agent' }; // invalid: admins get 400, agents 403

    expectError(await world.call('POST', '/agents', { token, body: probe }), 403);
    const promoted = await world.call('PATCH', `/agents/${id}`, { token: admin(), body: { name: 'Risen', role: 'admin' } });
    expect(promoted.status).toBe(200);
    expect(promoted.body.agent).toEqual({ id, name: 'Risen', email: 'rising@a.test', role: 'admin', disabled: false });
    expectError(await world.call('POST', '/agents', { token, body: probe }), 400);

    await world.call('PATCH', `/agents/${id}`, { token: admin(), body: { role: 'agent' } });
    expectError(await world.call('POST', '/agents', { token, body: probe }), 403);
  });

  it.each([
    ['demote themself', { role: 'agent' }],
    ['disable themself', { disabled: true }],
  ])('an admin cannot %s (422) and nothing changes', async (_label, body) => {
    const since = await lastChange();
    const reply = await world.call('PATCH', `/agents/${world.a.admin.id}`, { token: admin(), body });
    expectError(reply, 422, 'cannot_demote_self');
    expect(await changesAfter(since)).toEqual([]);
    const me = await world.call('GET', '/me', { token: admin() });
    expect(me.body.agent).toMatchObject({ role: 'admin', disabled: false });
  });

  it('an admin can rename themself', async () => {
    const reply = await world.call('PATCH', `/agents/${world.a.admin.id}`, { token: admin(), body: { name: 'Admin a (renamed)' } });
    expect(reply.status).toBe(200);
    expect(reply.body.agent.name).toBe('Admin a (renamed)');
  });

  it('another organisation\'s agent is not found (404) and stays as it was', async () => {
    const since = await lastChange();
    for (const body of [{ name: 'Hijacked' }, { disabled: true }, { role: 'admin' }]) {
      expectError(await world.call('PATCH', `/agents/${world.b.agent.id}`, { token: admin(), body }), 404, 'not_found');
    }
    expect(await changesAfter(since)).toEqual([]);
    const me = await world.call('GET', '/me', { token: world.b.agent.token });
    expect(me.body.agent).toEqual({ id: world.b.agent.id, name: 'Agent b', email: 'agent@b.test', role: 'agent', disabled: false });
  });

  it('an unknown agent id is 404 and a malformed one 400', async () => {
    expectError(await world.call('PATCH', '/agents/0190a0a0-0000-7000-8000-000000000000', { token: admin(), body: { name: 'X' } }), 404);
    expectError(await world.call('PATCH', '/agents/not-an-id', { token: admin(), body: { name: 'X' } }), 400, 'validation_failed');
  });

  it.each([
    ['an empty body', {}],
    ['an unknown field', { email: 'moved@a.test' }],
    ['a bad role', { role: 'owner' }],
  ])('refuses an update with %s (400 with issues)', async (_label, body) => {
    const reply = await world.call('PATCH', `/agents/${world.a.agent.id}`, { token: admin(), body });
    expectError(reply, 400, 'validation_failed');
    expect(reply.body.issues.length).toBeGreaterThan(0);
  });
});
