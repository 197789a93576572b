/**
 * A real API on a real libSQL database, with two organisations, for every API test. The database
 * is a libSQL file, or with PARLEY_TEST_DB=remote (the api-remote vitest project) the same file
 * behind a libSQL server speaking Hrana over HTTP (./hrana.ts), reached at DATABASE_URL=http://….
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, inject } from 'vitest';
import { createApp } from '../../api/app.js';
import { migrateDatabase, openDatabase, type Database } from '../../api/db/client.js';
import type { AppConfig } from '../../api/http.js';
import { createAgent, createOrg } from '../../api/ops/orgs.js';
import { startHranaServer } from './hrana.js';

export const SIGNUP_TOKEN = 'test-signup-token-0123456789';
export const PASSWORD = 'correct horse battery';

export interface Member {
  id: string;
  email: string;
  token: string;
}
export interface OrgFixture {
  id: string;
  name: string;
  admin: Member;
  agent: Member;
}

// `any` by default: each test asserts the body fields it cares about.
export interface Reply<T = any> {
  status: number;
  body: T;
  headers: Headers;
}

export interface World {
  app: ReturnType<typeof createApp>;
  db: Database;
  dir: string;
  /** The database's DATABASE_URL: `file:…`, or the Hrana server's `http://…`. */
  url: string;
  a: OrgFixture;
  b: OrgFixture;
  errors: unknown[];
  call<T = any>(method: string, path: string, options?: { token?: string; body?: unknown; headers?: Record<string, string> }): Promise<Reply<T>>;
  login(email: string, password?: string): Promise<string>;
  close(): Promise<void>;
}

/** Which database the API tests run on: set by the vitest project. */
export const testDatabase: 'local' | 'remote' = process.env.PARLEY_TEST_DB === 'remote' ? 'remote' : 'local';

export interface TestDatabase {
  db: Database;
  /** A fresh folder that holds the database file (the server's file, when remote). */
  dir: string;
  /** The DATABASE_URL another process would use to reach the same database. */
  url: string;
  /** Closes the database and, when remote, waits for its server to exit. `db.close()` alone also ends the server. */
  close(): Promise<void>;
}

/** A migrated, empty database of the kind this project tests: one Hrana server per database when remote. */
export async function openTestDatabase(): Promise<TestDatabase> {
  const dir = mkdtempSync(join(tmpdir(), 'parley-test-'));
  const file = join(dir, 'parley.db');
  if (testDatabase === 'local') {
    const url = `file:${file}`;
    const db = await openDatabase({ url });
    await migrateDatabase(db);
    return { db, dir, url, close: async () => db.close() };
  }
  const server = await startHranaServer(inject('hranaPython'), file);
  let stopped: Promise<void> | undefined;
  const stop = () => (stopped ??= server.stop());
  let db: Database;
  try {
    db = await openDatabase({ url: server.url });
    await migrateDatabase(db);
  } catch (error) {
    await stop();
    throw error;
  }
  const closeClient = db.close;
  db.close = () => {
    closeClient();
    void stop();
  };
  return {
    db, dir, url: server.url,
    close: async () => {
      db.close();
      await stop();
    },
  };
}

export async function createWorld({ config = {} }: { config?: Partial<AppConfig> } = {}): Promise<World> {
  const { db, dir, url, close } = await openTestDatabase();
  const errors: unknown[] = [];
  const app = createApp({
    db,
    config: { PARLEY_SIGNUP_TOKEN: SIGNUP_TOKEN, TOKEN_TTL_DAYS: 30, TRUST_PROXY: false, ...config },
    logError: (error) => errors.push(error),
  });

  const call: World['call'] = async (method, path, options = {}) => {
    const headers: Record<string, string> = { ...options.headers };
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    let body: string | undefined;
    if (options.body !== undefined) {
      body = typeof options.body === 'string' ? options.body : JSON.stringify(options.body);
      headers['content-type'] ??= 'application/json';
    }
    const response = await app.request(path, { method, headers, body });
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      // not JSON (e.g. the docs page): keep the text
    }
    return { status: response.status, body: parsed as any, headers: response.headers };
  };

  const login = async (email: string, password = PASSWORD) => {
    const reply = await call<{ token: string }>('POST', '/auth/login', { body: { email, password } });
    if (reply.status !== 200) throw new Error(`login ${email} failed: ${reply.status} ${JSON.stringify(reply.body)}`);
    return reply.body.token;
  };

  const makeOrg = async (label: string): Promise<OrgFixture> => {
    const now = new Date();
    const { org, admin, agent } = await db.tx(async (tx) => {
      const created = await createOrg(tx, `Org ${label}`, { email: `admin@${label}.test`, name: `Admin ${label}`, password: PASSWORD }, now);
      const agent = await createAgent(tx, { orgId: created.org.id, agentId: created.agent.id }, { email: `agent@${label}.test`, name: `Agent ${label}`, password: PASSWORD, role: 'agent' }, now);
      return { org: created.org, admin: created.agent, agent };
    });
    return {
      id: org.id,
      name: org.name,
      admin: { id: admin.id, email: admin.email, token: await login(admin.email) },
      agent: { id: agent.id, email: agent.email, token: await login(agent.email) },
    };
  };

  const a = await makeOrg('a');
  const b = await makeOrg('b');
  return {
    app, db, dir, url, a, b, errors, call, login,
    close: async () => {
      await close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

let counter = 0;
/** A post as the extension would read it off the page; unique unless told otherwise. */
export function samplePost(overrides: Record<string, unknown> = {}, author: Record<string, unknown> = {}) {
  counter += 1;
  const externalId = String(1_800_000_000_000_000_000n + BigInt(counter));
  return {
    platform: 'x',
    externalId,
    url: `https://x.com/jane_doe/status/${externalId}`,
    author: { handle: '@Jane_Doe', displayName: 'Jane Doe', followers: 1200, profileUrl: 'https://x.com/jane_doe', ...author },
    text: 'My order #1234 never arrived and nobody answers',
    postedAt: '2026-11-20T10:00:00.000Z',
    ...overrides,
  };
}

/** An error answer: the status, and the `{code, message}` body every error has. */
export function expectError(reply: Reply, status: number, code?: string) {
  expect(reply.status).toBe(status);
  expect(typeof reply.body.code).toBe('string');
  expect(typeof reply.body.message).toBe('string');
  if (code) expect(reply.body.code).toBe(code);
}

let handles = 0;
/** A handle no other test uses, so each test has its own customer. */
export const freshHandle = (prefix = 'cust') => `${prefix}_${++handles}`;
export const postBy = (handle: string, overrides: Record<string, unknown> = {}) =>
  samplePost(overrides, { handle, displayName: `Customer ${handle}` });
