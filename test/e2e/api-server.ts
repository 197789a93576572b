/** A real API process on a fresh libSQL file, as `npm run api` runs it. */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const ADMIN = { email: 'admin@brand.test', password: 'correct horse battery', name: 'Admin' };

export interface ApiServer {
  url: string;
  /** The libSQL file it runs on. */
  databaseUrl: string;
  /** Calls the API as the admin (or with another token). `any` by default: tests read the JSON they expect. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  call<T = any>(method: string, path: string, body?: unknown, token?: string): Promise<{ status: number; body: T }>;
  adminToken: string;
  /** Kills the API process (SIGKILL by default: nothing gets to finish). */
  kill(signal?: NodeJS.Signals): Promise<void>;
  /** Starts it again on the same address and database file. */
  revive(): Promise<void>;
  /** Stops the process where it is (SIGSTOP): requests wait in its queue until `resume`. */
  pause(): void;
  resume(): void;
  stop(): Promise<void>;
}

/** `api/main.ts` in its own process on a free port, with `env` over this process's environment (and `nodeArgs` for node). */
export async function spawnApi(env: Record<string, string>, nodeArgs: string[] = []): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(process.execPath, [...nodeArgs, '--import', 'tsx', 'api/main.ts'], {
    cwd: resolve(import.meta.dirname, '../..'),
    env: { ...process.env, PORT: '0', ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await new Promise<string>((ok, fail) => {
    let out = '';
    child.stdout!.on('data', (data: Buffer) => {
      out += data.toString();
      const match = /listening on (http:\/\/\S+)/.exec(out);
      if (match?.[1]) ok(match[1]);
    });
    child.once('exit', (code) => fail(new Error(`The API exited with ${code}: ${out}`)));
  });
  return { url, child };
}

/** `extra`: more of the API's environment, e.g. PARLEY_WEBHOOK_ALLOW_PRIVATE for a receiver on this machine. */
export async function startApi(extra: Record<string, string> = {}): Promise<ApiServer> {
  const dir = mkdtempSync(join(tmpdir(), 'parley-e2e-'));
  const env = {
    DATABASE_URL: `file:${join(dir, 'e2e.db')}`,
    PARLEY_ORG_NAME: 'Brand Co', PARLEY_ADMIN_EMAIL: ADMIN.email, PARLEY_ADMIN_PASSWORD: ADMIN.password,
    ...extra,
  };
  let { url, child } = await spawnApi(env);
  const exited = (process: ChildProcess) => new Promise((done) => (process.exitCode === null && process.signalCode === null ? process.once('exit', done) : done(undefined)));
  async function call(method: string, path: string, body?: unknown, token?: string) {
    const response = await fetch(`${url}${path}`, {
      method,
      headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : undefined };
  }
  const login = await call('POST', '/auth/login', { email: ADMIN.email, password: ADMIN.password });
  if (login.status !== 200) throw new Error(`Admin sign-in failed: ${JSON.stringify(login.body)}`);
  const adminToken = login.body.token as string;
  return {
    url,
    databaseUrl: env.DATABASE_URL,
    adminToken,
    call: (method, path, body, token = adminToken) => call(method, path, body, token),
    async kill(signal = 'SIGKILL') {
      child.kill(signal);
      await exited(child);
    },
    pause() {
      child.kill('SIGSTOP');
    },
    resume() {
      child.kill('SIGCONT');
    },
    async revive() {
      ({ child } = await spawnApi({ ...env, PORT: new URL(url).port }));
    },
    async stop() {
      child.kill('SIGTERM');
      await exited(child);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
