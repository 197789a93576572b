import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { count } from 'drizzle-orm';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { createApp } from '../../api/app.js';
import { ensureFirstOrg } from '../../api/bootstrap.js';
import { loadConfig } from '../../api/config.js';
import type { Database } from '../../api/db/client.js';
import { agents, orgs } from '../../api/db/schema.js';
import { startApi, type Running } from '../../api/main.js';
import { openTestDatabase } from './harness.js';

const ADMIN_PASSWORD = 'first start password';

const dirs: string[] = [];
const running: Running[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((server) => server.stop()));
});
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

async function freshDatabase(): Promise<Database> {
  const { db, dir } = await openTestDatabase();
  dirs.push(dir);
  return db;
}

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'parley-startup-'));
  dirs.push(dir);
  return dir;
}

async function start(env: Record<string, string>): Promise<Running> {
  const api = await startApi({ PORT: '0', ...env });
  running.push(api);
  return api;
}

async function signIn(db: Database, email: string, password: string) {
  const app = createApp({ db, config: { PARLEY_SIGNUP_TOKEN: undefined, TOKEN_TTL_DAYS: 30, TRUST_PROXY: false }, logError: () => undefined });
  const response = await app.request('/auth/login', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  return { status: response.status, body: await response.json() };
}

const countRows = async (db: Database) => ({
  orgs: (await db.read.select({ n: count() }).from(orgs))[0]!.n,
  agents: (await db.read.select({ n: count() }).from(agents))[0]!.n,
});

describe('ensureFirstOrg', () => {
  it('on an empty database creates the organisation and its admin from the environment', async () => {
    const db = await freshDatabase();
    const config = loadConfig({ PARLEY_ORG_NAME: 'Acme care', PARLEY_ADMIN_EMAIL: 'Boss@Acme.test', PARLEY_ADMIN_PASSWORD: ADMIN_PASSWORD });
    const first = await ensureFirstOrg(db, config);
    expect(first).toEqual({ created: true, email: 'boss@acme.test', generatedPassword: undefined });
    expect(await countRows(db)).toEqual({ orgs: 1, agents: 1 });

    const login = await signIn(db, 'boss@acme.test', ADMIN_PASSWORD);
    expect(login.status).toBe(200);
    expect(login.body.org.name).toBe('Acme care');
    expect(login.body.agent).toMatchObject({ email: 'boss@acme.test', role: 'admin', disabled: false });
    db.close();
  });

  it('generates, returns and stores (hashed) a password when none is given', async () => {
    const db = await freshDatabase();
    const first = await ensureFirstOrg(db, loadConfig({ PARLEY_ADMIN_EMAIL: 'owner@acme.test' }));
    expect(first.created).toBe(true);
    expect(first.generatedPassword).toEqual(expect.any(String));
    expect(first.generatedPassword!.length).toBeGreaterThanOrEqual(16);

    expect((await signIn(db, 'owner@acme.test', first.generatedPassword!)).status).toBe(200);
    const [admin] = await db.read.select().from(agents);
    expect(admin?.passwordHash).toMatch(/^\$argon2id\$/);
    expect(admin?.passwordHash).not.toContain(first.generatedPassword!);
    db.close();
  });

  it('creates nothing on a second call', async () => {
    const db = await freshDatabase();
    await ensureFirstOrg(db, loadConfig({ PARLEY_ADMIN_PASSWORD: ADMIN_PASSWORD }));
    const second = await ensureFirstOrg(db, loadConfig({ PARLEY_ORG_NAME: 'Another', PARLEY_ADMIN_EMAIL: 'other@acme.test' }));
    expect(second).toEqual({ created: false, email: 'other@acme.test' });
    expect(second.generatedPassword).toBeUndefined();
    expect(await countRows(db)).toEqual({ orgs: 1, agents: 1 });
    expect((await signIn(db, 'other@acme.test', ADMIN_PASSWORD)).status).toBe(401);
    db.close();
  });
});

describe('startApi', () => {
  it('serves /health over real HTTP and stops when asked', async () => {
    const dir = tempDir();
    const api = await start({ DATABASE_URL: `file:${join(dir, 'x.db')}`, PARLEY_ADMIN_PASSWORD: ADMIN_PASSWORD });
    expect(api.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(api.url).not.toMatch(/:0$/);
    expect(api.firstStart).toMatchObject({ created: true, email: 'admin@parley.local' });

    const health = await fetch(`${api.url}/health`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ ok: true });

    const login = await fetch(`${api.url}/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'admin@parley.local', password: ADMIN_PASSWORD }),
    });
    expect(login.status).toBe(200);

    running.splice(running.indexOf(api), 1);
    await api.stop();
    expect(api.server.listening).toBe(false);
    await expect(fetch(`${api.url}/health`)).rejects.toThrow();
  });

  it('keeps its data across a restart on the same file', async () => {
    const url = `file:${join(tempDir(), 'x.db')}`;
    const first = await start({ DATABASE_URL: url });
    const password = first.firstStart.generatedPassword;
    expect(password).toEqual(expect.any(String));
    running.splice(running.indexOf(first), 1);
    await first.stop();

    const second = await start({ DATABASE_URL: url });
    expect(second.firstStart).toEqual({ created: false, email: 'admin@parley.local' });
    const login = await fetch(`${second.url}/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'admin@parley.local', password }),
    });
    expect(login.status).toBe(200);
  });

  it('works end to end on DATABASE_URL=:memory:', async () => {
    const api = await start({ DATABASE_URL: ':memory:', PARLEY_ADMIN_PASSWORD: ADMIN_PASSWORD, PARLEY_ORG_NAME: 'In memory' });
    expect(api.firstStart.created).toBe(true);

    const login = await fetch(`${api.url}/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'admin@parley.local', password: ADMIN_PASSWORD }),
    });
    expect(login.status).toBe(200);
    const { token, org } = (await login.json()) as { token: string; org: { name: string } };
    expect(org.name).toBe('In memory');

    const created = await fetch(`${api.url}/templates`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ title: 'Hello', body: 'Hi {{customer.name}}' }),
    });
    expect(created.status).toBe(201);
    const list = await fetch(`${api.url}/templates`, { headers: { authorization: `Bearer ${token}` } });
    expect(((await list.json()) as { templates: { title: string }[] }).templates.map((t) => t.title)).toEqual(['Hello']);
  });

  it('refuses to start with a bad configuration, naming the variable', async () => {
    await expect(startApi({ PORT: '0', DATABASE_URL: 'postgres://nope' })).rejects.toThrow(/DATABASE_URL/);
  });
});
