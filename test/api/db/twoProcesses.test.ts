/**
 * Two API processes on one database, as on a machine running several workers: one libSQL file, or
 * (api-remote project) one libSQL server, as when API processes scale out behind a load balancer.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { openDatabase } from '../../../api/db/client.js';
import { testDatabase } from '../harness.js';
import { startHranaServer, type HranaServer } from '../hrana.js';
import { readEvents } from '../sse.js';

const root = resolve(import.meta.dirname, '../../..');
const dir = mkdtempSync(join(tmpdir(), 'parley-two-'));
const servers: HranaServer[] = [];
/** The DATABASE_URL of a new database at `file`: the file itself, or a Hrana server over it. */
async function databaseAt(file: string): Promise<string> {
  if (testDatabase === 'local') return `file:${file}`;
  const server = await startHranaServer(inject('hranaPython'), file);
  servers.push(server);
  return server.url;
}
const env = { DATABASE_URL: await databaseAt(join(dir, 'shared.db')), PORT: '0', PARLEY_ADMIN_PASSWORD: 'two processes password' };
const children: ChildProcess[] = [];

function startApi(overrides: Record<string, string> = {}): Promise<string> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'api/main.ts'], {
    cwd: root, env: { ...process.env, ...env, ...overrides }, stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  return new Promise((ok, fail) => {
    let out = '';
    child.stdout!.on('data', (data: Buffer) => {
      out += data.toString();
      const match = /listening on (http:\/\/\S+)/.exec(out);
      if (match?.[1]) ok(match[1]);
    });
    child.stderr!.on('data', (data: Buffer) => { out += data.toString(); });
    child.once('exit', (code) => fail(new Error(`API exited with ${code}: ${out}`)));
  });
}

let a: string;
let b: string;
let token: string;
beforeAll(async () => {
  a = await startApi();
  b = await startApi();
  const login = await fetch(`${a}/auth/login`, {
    method: 'POST', headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: 'admin@parley.local', password: env.PARLEY_ADMIN_PASSWORD }),
  });
  token = ((await login.json()) as { token: string }).token;
}, 30_000);
afterAll(async () => {
  for (const child of children) child.kill('SIGTERM');
  await Promise.all(servers.map((server) => server.stop()));
  rmSync(dir, { recursive: true, force: true });
});

const createCase = (base: string, i: number) =>
  fetch(`${base}/cases`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({
      post: {
        platform: 'x', externalId: String(5000 + i), url: `https://x.com/customer_${i % 7}/status/${5000 + i}`,
        author: { handle: `customer_${i % 7}`, displayName: `Customer ${i % 7}` }, text: `Post ${i}`,
      },
    }),
  });

describe(`two API processes on one ${testDatabase === 'local' ? 'file' : 'libSQL server'}`, () => {
  it('number every case once when both take writes at the same time', async () => {
    const replies = await Promise.all(Array.from({ length: 60 }, (_, i) => createCase(i % 2 ? a : b, i)));
    expect(replies.map((reply) => reply.status)).toEqual(Array(60).fill(201));
    const numbers = await Promise.all(replies.map(async (reply) => ((await reply.json()) as { case: { number: number } }).case.number));
    expect([...numbers].sort((x, y) => x - y)).toEqual(Array.from({ length: 60 }, (_, i) => i + 1));
  });

  it('shows a write made through one process to a read through the other', async () => {
    const created = await createCase(a, 1000);
    expect(created.status).toBe(201);
    const view = await fetch(`${b}/customers/lookup?platform=x&handle=CUSTOMER_${1000 % 7}`, { headers: { authorization: `Bearer ${token}` } });
    expect(view.status).toBe(200);
    const body = (await view.json()) as { recentPosts: { externalId: string }[]; cases: unknown[] };
    expect(body.recentPosts.map((post) => post.externalId)).toContain('6000');
    expect(body.cases.length).toBeGreaterThan(8);
  });

  it('announces a change made through one process to an agent listening on the other', async () => {
    const response = await fetch(`${b}/events`, { headers: { authorization: `Bearer ${token}` } });
    expect(response.status).toBe(200);
    const stream = readEvents(response.body!);
    const cursorAbove = async (floor: number, ms: number) =>
      Number(JSON.parse((await stream.next((event) => event.event === 'change' && Number(JSON.parse(event.data).cursor) > floor, ms)).data).cursor);
    try {
      const start = await cursorAbove(-1, 3000);
      expect((await createCase(a, 2000)).status).toBe(201);
      expect(await cursorAbove(start, 3000)).toBeGreaterThan(start);
    } finally {
      await stream.close();
    }
  });
});

describe('two API processes starting together on a new database', () => {
  it('both come up, and the organisation and migrations are created once', async () => {
    const fresh = mkdtempSync(join(tmpdir(), 'parley-two-start-'));
    try {
      const url = await databaseAt(join(fresh, 'new.db'));
      const [first, second] = await Promise.all([startApi({ DATABASE_URL: url }), startApi({ DATABASE_URL: url })]);
      const login = async (base: string) =>
        (await fetch(`${base}/auth/login`, {
          method: 'POST', headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ email: 'admin@parley.local', password: env.PARLEY_ADMIN_PASSWORD }),
        })).status;
      expect([await login(first), await login(second)]).toEqual([200, 200]);
      const db = await openDatabase({ url });
      const counts = await db.client.first({ sql: 'SELECT (SELECT count(*) FROM orgs), (SELECT count(*) FROM __drizzle_migrations)' });
      db.close();
      const migrations = readdirSync(resolve(root, 'api/db/migrations')).filter((name) => name.endsWith('.sql'));
      expect([Number(counts![0]), Number(counts![1])]).toEqual([1, migrations.length]);
    } finally {
      rmSync(fresh, { recursive: true, force: true });
    }
  }, 30_000);
});

describe('processes migrating a new database at the same moment', () => {
  it('apply every migration once, and all of them start', async () => {
    const fresh = mkdtempSync(join(tmpdir(), 'parley-migrate-'));
    try {
      const url = await databaseAt(join(fresh, 'race.db'));
      const at = String(Date.now() + 2500);
      const results = await Promise.all([1, 2, 3].map(() => new Promise<{ code: number | null; out: string }>((done) => {
        const child = spawn(process.execPath, ['--import', 'tsx', 'test/api/db/migrateAt.ts', url, at], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
        let out = '';
        child.stdout!.on('data', (data: Buffer) => { out += data.toString(); });
        child.stderr!.on('data', (data: Buffer) => { out += data.toString(); });
        child.once('exit', (code) => done({ code, out }));
      })));
      expect(results).toEqual(Array(3).fill({ code: 0, out: 'migrated\n' }));
    } finally {
      rmSync(fresh, { recursive: true, force: true });
    }
  }, 30_000);
});
