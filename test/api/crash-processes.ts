/**
 * API processes for the crash runs: `api/main.ts` built once into one file, started on a libSQL
 * file in "slots" (each slot one process at a time, on its own port), killed with SIGKILL and
 * started again; and the file's integrity checked from outside after every restart.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, mkdirSync, rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { build } from 'esbuild';
import Libsql from 'libsql';

const root = resolve(import.meta.dirname, '../..');

/**
 * `node --import tsx api/main.ts` takes 2.2–3.3 s to listen on this 2-core machine (tsx compiles
 * every module at each start, and loads each file apart); the same code in one minified esbuild
 * bundle 0.5–0.9 s, most of it parsing: with 100+ restarts the start-up is the run's cost. The
 * bundle is made from the same sources, with only native modules left out, and lives under
 * node_modules so those resolve as they do for the sources.
 */
export async function bundleApi(): Promise<{ entry: string; remove(): void }> {
  const dir = resolve(root, 'node_modules/.cache', `parley-crash-${process.pid}`);
  mkdirSync(dir, { recursive: true });
  const entry = resolve(dir, 'main.mjs');
  await build({
    entryPoints: [resolve(root, 'api/main.ts')],
    bundle: true, minify: true, keepNames: true, platform: 'node', format: 'esm', target: 'node20', outfile: entry, logLevel: 'warning',
    external: ['libsql', '@libsql/*', '@node-rs/*', 'swagger-ui-dist'],
    // Bundled CommonJS packages call require; an ES module has none of its own.
    banner: { js: "import { createRequire as parleyRequire } from 'node:module'; const require = parleyRequire(import.meta.url);" },
  });
  // The migrations are found next to the code that runs them (api/db/client.ts): here, the bundle.
  cpSync(resolve(root, 'api/db/migrations'), resolve(dir, 'migrations'), { recursive: true });
  return { entry, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Starts `entry` (the bundle) with `env`; answers once it says where it listens. */
export function startProcess(entry: string, env: Record<string, string>): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(process.execPath, [entry], { cwd: root, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  return new Promise((ok, fail) => {
    const read = (data: Buffer) => {
      out += data.toString();
      const match = /listening on (http:\/\/\S+)/.exec(out);
      if (match?.[1]) ok({ url: match[1], child });
    };
    child.stdout!.on('data', read);
    child.stderr!.on('data', read);
    child.once('exit', (code, signal) => fail(new Error(`The API exited (${code ?? signal}) before listening: ${out.slice(-2000)}`)));
  });
}

const exited = (child: ChildProcess) =>
  new Promise<void>((done) => (child.exitCode !== null || child.signalCode !== null ? done() : child.once('exit', () => done())));

/** One API process at a time on a fixed port: `kill` SIGKILLs it, `start` starts the next. */
export class Slot {
  child: ChildProcess | undefined;
  url: string | undefined;
  /** Requests sent to the current process and not answered yet. */
  inFlight = 0;
  /** How long the latest answered pushes took, in ms, newest last. */
  readonly answeredMs: number[] = [];
  private requested: (() => void) | undefined;

  constructor(readonly entry: string, readonly env: Record<string, string>, public port = 0) {}

  get up(): boolean {
    return this.url !== undefined;
  }

  async start(): Promise<void> {
    const started = await startProcess(this.entry, { ...this.env, PORT: String(this.port) });
    this.child = started.child;
    this.answeredMs.length = 0; // a new process's first answers are slower (cold code): its own times only
    this.port = Number(new URL(started.url).port);
    this.url = started.url;
  }

  /** Called as a request goes to this slot's process. */
  sending(): void {
    this.requested?.();
  }

  answered(ms: number): void {
    this.answeredMs.push(ms);
    if (this.answeredMs.length > 20) this.answeredMs.shift();
  }

  /** A typical push's time to its answer here lately (50 ms before any). */
  typicalMs(): number {
    const sorted = [...this.answeredMs].sort((a, b) => a - b);
    return sorted[Math.floor(sorted.length / 2)] ?? 50;
  }

  /** Resolves once a request is on its way to the current process (for a kill mid-request). */
  nextRequest(): Promise<void> {
    return new Promise((done) => {
      this.requested = () => {
        this.requested = undefined;
        done();
      };
    });
  }

  async kill(signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
    const child = this.child;
    this.url = undefined;
    this.requested = undefined;
    if (!child) return;
    child.kill(signal);
    await exited(child);
    this.child = undefined;
  }
}

/**
 * `PRAGMA integrity_check` on a connection of the test's own, opened read-only: it changes
 * nothing, and closing it never checkpoints the log, so the next process meets the file as the
 * killed one left it.
 */
export function integrityCheck(path: string): string {
  const db = new Libsql(path, { readonly: true, timeout: 5000 } as Libsql.Options);
  try {
    const rows = db.prepare('PRAGMA integrity_check').raw().all() as unknown[][];
    return rows.map((row) => String(row[0])).join('; ');
  } finally {
    db.close();
  }
}

/** A read-only connection to count what the processes wrote. */
export function openReader(path: string): Libsql.Database {
  return new Libsql(path, { readonly: true, timeout: 5000 } as Libsql.Options);
}
