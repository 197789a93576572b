/**
 * `npm run profile:api`: where a request's CPU time goes in the API process, per route of
 * `npm run bench:api`, on the same seeded database. The process's CPU time per request comes from
 * the kernel's count (`/proc/<pid>/stat`); Linux `perf` samples it on CPU time (`cpu-clock`) to
 * split it, so time spent waiting for a core on a busy machine is not counted against the code
 * that happened to be running, as a wall-clock profiler would. Each sample is put down to
 * where its code lives: the database (libSQL's native module), the kernel (socket reads and
 * writes, locks, scheduling), Node's HTTP and streams, hono and its node adapter, zod, Parley's
 * own code, or V8 itself (builtins, allocation, garbage collection). Prints µs of CPU per request
 * by part, and writes them to bench-results/api-profile.json.
 *
 * Needs `perf` (Debian: linux-perf). PROFILE_SECONDS (default 8) sets each run's length.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { migrateDatabase, openDatabase } from '../../api/db/client.js';
import { spawnApi } from '../e2e/api-server.js';
import { createBody, lookupPath, signInAsAdmin } from './api-requests.js';
import { Results } from './results.js';
import { seedDatabase } from './seed.js';

const seconds = Number(process.env.PROFILE_SECONDS ?? 8);
/** PROFILE_ONLY=lookup,createCase profiles only those routes. */
const only = process.env.PROFILE_ONLY?.split(',');
/** A sample every this many ns of the process's CPU time. */
const PERIOD_NS = 250_000;
/** Clock ticks per second of /proc/<pid>/stat's times (Linux's USER_HZ). */
const TICKS_PER_SECOND = 100;

/**
 * A sample's call chain, leaf first, as "<file> <symbol>" frames, is put down to the first part
 * whose rule matches: the database and garbage collection wherever they are in the chain (the
 * kernel's work for SQLite is the database's), then the nearest JavaScript function's file (V8's
 * builtins and allocation count for the code that called them), then Node's own C++.
 */
const anywhere: [string, RegExp][] = [
  ['database (libSQL)', /^index\.node /],
  ['garbage collection', /Heap::|Scavenge|MarkCompact|ConcurrentMarking|GCTracer/],
  ['JIT compilation', /v8::internal::(compiler|maglev|baseline)::|Compiler::|CompileLazy/],
];
const javascript: [string, RegExp][] = [
  ['Node HTTP and streams', /node:(_http|internal\/streams|internal\/stream_base|net|events|internal\/http|internal\/deps\/undici)/],
  ['hono and its node adapter', /node_modules\/(hono|@hono)\//],
  ['zod', /node_modules\/zod\//],
  ['Parley', /\/api\//],
  ['other JavaScript', /./],
];
const kernel = 'kernel (socket reads and writes, scheduling)';
const nodeNative = 'Node HTTP and streams';
const unknown = 'native code of unknown caller (no frame pointers: libSQL, mostly)';
const rest = 'V8 and runtime, outside any function';
const partNames = [...new Set([...anywhere.map(([name]) => name), kernel, ...javascript.map(([name]) => name), unknown, rest])];

function partOf(frames: string[]): string {
  for (const [name, rule] of anywhere) if (frames.some((frame) => rule.test(frame))) return name;
  if (frames[0]?.startsWith('[kernel')) return kernel;
  const js = frames.find((frame) => / JS:[*~^]/.test(frame));
  if (js) return javascript.find(([, rule]) => rule.test(js.slice(js.indexOf('JS:'))))![0];
  if (frames.some((frame) => /llhttp|node::/.test(frame))) return nodeNative;
  if (frames.some((frame) => frame.endsWith('[unknown]'))) return unknown;
  return rest;
}

function perfAvailable(): boolean {
  return spawnSync('perf', ['--version']).status === 0;
}

/** The process's CPU time so far, all threads, in µs. */
function cpuUs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1e6) / TICKS_PER_SECOND; // utime, stime
}

/** The process's CPU time per request during `work`, split by part in the shares of perf's samples. */
async function sample(pid: number, work: () => Promise<number>): Promise<{ requests: number; usByPart: Map<string, number>; usByFunction: Map<string, number>; usTotal: number; samples: number }> {
  const file = join(tmpdir(), `parley-perf-${pid}-${Date.now()}.data`);
  const recorder = spawn('perf', ['record', '-q', '-g', '-e', 'cpu-clock', '-c', String(PERIOD_NS), '-p', String(pid), '-o', file], { stdio: 'ignore' });
  await new Promise((done) => setTimeout(done, 1000)); // attached before the load starts
  const before = cpuUs(pid);
  const requests = await work();
  const usTotal = (cpuUs(pid) - before) / requests;
  recorder.kill('SIGINT');
  await new Promise((done) => recorder.once('exit', done));
  // A sample is its frames, one a line ("<address> <symbol> (<file>)"), then a blank line.
  const script = spawnSync('perf', ['script', '-i', file, '-F', 'ip,sym,dso'], { encoding: 'utf8', maxBuffer: 1 << 30 });
  rmSync(file, { force: true });
  const counts = new Map<string, number>();
  const byFunction = new Map<string, number>();
  let samples = 0;
  for (const block of script.stdout.split(/\n\s*\n/)) {
    const frames = block.split('\n').flatMap((line) => {
      const match = /^\s*[0-9a-f]+\s+(.*)\s+\((.*)\)$/.exec(line);
      return match ? [`${match[2]!.split('/').pop()} ${match[1]!}`] : [];
    });
    if (frames.length === 0) continue;
    samples += 1;
    const part = partOf(frames);
    counts.set(part, (counts.get(part) ?? 0) + 1);
    // The nearest JavaScript function, without its compiler tier and the checkout's path.
    const js = frames.find((frame) => / JS:[*~^]/.test(frame));
    // Outside any function: the leaf symbol, and the root's (which thread: main, a worker, GC).
    const name = js ? js.slice(js.indexOf('JS:') + 4).replace(/file:\/\/\S*?\/(node_modules|api)\//, '$1/') : `${part}: ${frames[0]} … ${frames.at(-1)}`;
    byFunction.set(name, (byFunction.get(name) ?? 0) + 1);
  }
  if (samples === 0) throw new Error('perf recorded no samples of the API process');
  const share = (entries: Map<string, number>) => new Map([...entries].map(([key, count]) => [key, (usTotal * count) / samples]));
  return { requests, usByPart: share(counts), usByFunction: share(byFunction), usTotal, samples };
}

async function main(): Promise<void> {
  if (!perfAvailable()) throw new Error('perf is not installed (Debian: apt-get install linux-perf)');
  const dir = mkdtempSync(join(tmpdir(), 'parley-profile-'));
  const url = `file:${join(dir, 'bench.db')}`;
  const db = await openDatabase({ url });
  await migrateDatabase(db);
  const seed = await seedDatabase(db);
  await db.client.execute('PRAGMA wal_checkpoint(TRUNCATE)');
  db.close();
  // JIT-compiled functions get their names and files in perf's samples.
  const { url: base, child } = await spawnApi({ DATABASE_URL: url, PARLEY_ADMIN_PASSWORD: 'unused-bench-password' }, ['--perf-basic-prof-only-functions']);
  try {
    const auth = await signInAsAdmin(base, seed);
    let i = 0;
    const plans: [string, string, autocannon.Options][] = [
      ['health', 'GET /health', { url: `${base}/health` }],
      ['lookup', 'GET /customers/lookup', { url: base, headers: auth, requests: [{ method: 'GET', setupRequest: (request) => ({ ...request, path: lookupPath(seed, (i += 1)) }) }] }],
      ['createCase', 'POST /cases', {
        url: base, headers: { ...auth, 'content-type': 'application/json' },
        requests: [{ method: 'POST', setupRequest: (request) => ({ ...request, path: '/cases', body: createBody(seed) }) }],
      }],
    ];
    const recorded = new Results('api-profile', 'npm run profile:api');
    const rows: string[] = [];
    const allParts = partNames;
    for (const [name, label, options] of plans.filter(([name]) => !only || only.includes(name))) {
      await autocannon({ connections: 16, duration: 2, ...options }); // warm: compiled, cached
      const profile = await sample(child.pid!, async () => {
        const result = await autocannon({ connections: 16, duration: seconds, ...options });
        if (result.non2xx + result.errors > 0) throw new Error(`${label}: ${result.non2xx} non-2xx, ${result.errors} errors`);
        return result.requests.total;
      });
      recorded.add(`${name}.cpuUs`, profile.usTotal, 'µs of CPU per request');
      for (const part of allParts) recorded.add(`${name}.${part.split(' ')[0]!.toLowerCase()}Us`, profile.usByPart.get(part) ?? 0, `µs per request: ${part}`);
      rows.push(`| ${label} | ${profile.usTotal.toFixed(0)} | ${allParts.map((part) => (profile.usByPart.get(part) ?? 0).toFixed(1)).join(' | ')} |`);
      console.log(`${label}: ${profile.usTotal.toFixed(0)} µs of CPU per request over ${profile.requests} requests (${profile.samples} samples); the nearest JavaScript functions:`);
      for (const [fn, us] of [...profile.usByFunction].sort((a, b) => b[1] - a[1]).slice(0, 15)) console.log(`  ${us.toFixed(1).padStart(6)} µs  ${fn}`);
    }
    console.log(`\n| route | CPU µs per request | ${allParts.join(' | ')} |\n|---|---:|${allParts.map(() => '---:').join('|')}|\n${rows.join('\n')}`);
    recorded.write(`${seconds} s per route, 16 connections, perf cpu-clock every ${PERIOD_NS / 1000} µs of CPU`);
  } finally {
    child.kill('SIGTERM');
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
