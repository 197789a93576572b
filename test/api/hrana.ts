/**
 * The vendored Hrana test server (../shared/vendor/hrana-test-server, see its README): a libSQL
 * server over a real SQLite file, which @libsql/client 0.18 reaches at DATABASE_URL=http://….
 *
 * This file is also the api-remote project's global setup: it finds, once, a Python that has
 * aiohttp and protobuf (Debian's python3-aiohttp and python3-protobuf), and hands it to the tests.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { resolve } from 'node:path';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    hranaPython: string;
  }
}

export const HRANA_SERVER = resolve(import.meta.dirname, '../../../shared/vendor/hrana-test-server/server_v2.py');
const READY = 'Server is ready';
const START_TIMEOUT_MS = 15_000;

/** The first of $PARLEY_TEST_PYTHON, python3 on the PATH and Debian's own python3 that can run the server. */
export function findPython(): string {
  const candidates = [process.env.PARLEY_TEST_PYTHON, 'python3', '/usr/bin/python3'].filter((c): c is string => !!c);
  for (const python of new Set(candidates)) {
    const probe = spawnSync(python, ['-c', 'import aiohttp, google.protobuf'], { stdio: 'ignore' });
    if (probe.status === 0) return python;
  }
  throw new Error(
    `No Python here can run ${HRANA_SERVER} (tried ${[...new Set(candidates)].join(', ')}): ` +
      'install it with `apt-get install -y python3-aiohttp python3-protobuf`, or point PARLEY_TEST_PYTHON at one that has aiohttp and protobuf.',
  );
}

export default function setup(project: TestProject): void {
  if (!existsSync(HRANA_SERVER)) throw new Error(`The Hrana test server is missing: ${HRANA_SERVER}`);
  project.provide('hranaPython', findPython());
}

export interface HranaServer {
  /** The DATABASE_URL that reaches it. */
  url: string;
  /** Ends the server and waits until it has exited. */
  stop(): Promise<void>;
}

const running = new Set<ChildProcess>();
// A worker that ends without stopping its servers (a failed setup, a crash) does not leave them behind.
process.once('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const probe = createServer();
    probe.once('error', fail);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => ok(port));
    });
  });
}

const exited = (child: ChildProcess) =>
  new Promise<void>((done) => (child.exitCode !== null || child.signalCode !== null ? done() : child.once('exit', () => done())));

async function startOnce(python: string, dbFile: string, port: number): Promise<HranaServer> {
  const child = spawn(python, [HRANA_SERVER], {
    env: { ...process.env, PERSISTENT_DB: dbFile, HOST: '127.0.0.1', PORT: String(port), PYTHONUNBUFFERED: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.add(child);
  child.once('exit', () => running.delete(child));
  // The server logs every request (to stderr): keep reading, and keep the tail for a failure message.
  let tail = '';
  const ready = new Promise<void>((ok, fail) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      fail(new Error(`The Hrana test server did not get ready in ${START_TIMEOUT_MS} ms:\n${tail}`));
    }, START_TIMEOUT_MS);
    const read = (data: Buffer) => {
      tail = (tail + data.toString()).slice(-4000);
      if (tail.includes(READY)) {
        clearTimeout(timer);
        ok();
      }
    };
    child.stdout!.on('data', read);
    child.stderr!.on('data', read);
    child.once('error', (error) => {
      clearTimeout(timer);
      fail(error);
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      fail(new Error(`The Hrana test server exited (${code ?? signal}) before it was ready:\n${tail}`));
    });
  });
  await ready;
  return {
    url: `http://127.0.0.1:${port}`,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      const killer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited(child);
      clearTimeout(killer);
    },
  };
}

/** A Hrana server over `dbFile` (made if missing) on a free port, ready for requests. */
export async function startHranaServer(python: string, dbFile: string): Promise<HranaServer> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await startOnce(python, dbFile, await freePort());
    } catch (error) {
      // Another process may take the free port between the probe and the server's bind.
      if (attempt >= 5 || !/address already in use|Errno 98/i.test(String(error))) throw error;
    }
  }
}
