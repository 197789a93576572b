/**
 * `npm run bench:api`: throughput and p99 of GET /health (this machine's ceiling), GET
 * /customers/lookup, POST /cases and GET /metrics (a report over all 50k cases, each with its
 * reply and resolve) on a database seeded with 20k customers and 50k cases from the
 * real support conversations. Each result is a ratio to the ceiling measured in the same run, so a
 * busy or slow machine moves all three together.
 *
 * BENCH_SECONDS (default 10) sets the length of each run, BENCH_ROUNDS (default 3) how many
 * interleaved rounds are run.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { CreateCaseBody } from '../../api/contract.js';
import { migrateDatabase, openDatabase } from '../../api/db/client.js';
import { createCase } from '../../api/ops/cases.js';
import { lookupCustomerJson } from '../../api/ops/customerView.js';
import { computeMetrics } from '../../api/ops/metrics.js';
import { spawnApi } from '../e2e/api-server.js';
import { seedDatabase, type Seeded } from './seed.js';

const seconds = Number(process.env.BENCH_SECONDS ?? 10);
const connections = 16;
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const targets = { lookup: 0.5, create: 0.2 };

const startServer = (url: string) => spawnApi({ DATABASE_URL: url, PARLEY_ADMIN_PASSWORD: 'unused-bench-password' });

interface Result { name: string; rps: number; p99: number; errors: number; non2xx: number; codes?: string }

function median(results: Result[]): Result {
  const sorted = [...results].sort((a, b) => a.rps - b.rps);
  return sorted[Math.floor(sorted.length / 2)]!;
}

async function run(name: string, options: autocannon.Options): Promise<Result> {
  const result = await autocannon({ connections, duration: seconds, ...options });
  return {
    name,
    rps: result.requests.average,
    p99: result.latency.p99,
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
    codes: Object.entries(result.statusCodeStats ?? {}).filter(([code]) => !code.startsWith('2')).map(([code, { count }]) => `${count}×${code}`).join(' '),
  };
}

/**
 * The storage work of a request alone: the same statements the route runs, called in this process
 * by 16 concurrent loops for `seconds`, with no HTTP, no client and no other process on the CPU.
 * No route can beat its own floor, so a floor below a target shows the target is out of reach of
 * the HTTP layer on this machine.
 */
async function floor(name: string, work: (i: number) => Promise<unknown>): Promise<Result> {
  let started = 0;
  let done = 0;
  const begin = performance.now();
  const until = begin + seconds * 1000;
  await Promise.all(Array.from({ length: connections }, async () => {
    while (performance.now() < until) {
      await work(started++);
      done += 1;
    }
  }));
  // Completed work over the time it took: a slow piece of work (a report) is not counted when only begun.
  return { name, rps: done / ((performance.now() - begin) / 1000), p99: 0, errors: 0, non2xx: 0 };
}

/** Requests per second: whole above 10, else to a tenth (a report takes about a second). */
const rate = (rps: number) => (rps >= 10 ? String(Math.round(rps)) : rps.toFixed(1));

let counter = 0;
function createBody(seed: Seeded): string {
  counter += 1;
  // Half the new cases come from known customers, half from new ones, as on a real desk.
  const known = counter % 2 === 0;
  const author = known ? seed.authors[(counter * 7) % seed.authors.length]! : { handle: `newcomer_${process.pid}_${counter}`, displayName: `Newcomer ${counter}` };
  const externalId = String(1_700_000_000_000_000_000n + BigInt(process.pid) * 1_000_000n + BigInt(counter));
  return JSON.stringify({
    post: {
      platform: 'x', externalId, url: `https://x.com/${author.handle}/status/${externalId}`,
      author: { handle: author.handle, displayName: author.displayName, followers: counter % 5000 },
      text: seed.texts[counter % seed.texts.length],
    },
    // By code points: half an emoji is a lone surrogate, which the API refuses (400 invalid_text).
    excerpt: Array.from(seed.texts[counter % seed.texts.length]!).slice(0, 80).join(''),
  });
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'parley-bench-'));
  const url = `file:${join(dir, 'bench.db')}`;
  const started = Date.now();
  const db = await openDatabase({ url });
  await migrateDatabase(db);
  const seed = await seedDatabase(db);
  // A server in steady state has a short WAL: fold the seed's into the database file.
  await db.client.execute('PRAGMA wal_checkpoint(TRUNCATE)');
  db.close();
  console.log(`seeded ${seed.handles.length} customers and 50000 cases in ${((Date.now() - started) / 1000).toFixed(1)} s`);

  const { url: base, child } = await startServer(url);
  try {
    const login = await fetch(`${base}/auth/login`, {
      method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: seed.adminEmail, password: seed.adminPassword }),
    });
    const { token } = (await login.json()) as { token: string };
    const auth = { authorization: `Bearer ${token}` };

    await run('warm-up', { url: `${base}/health`, duration: 2 });
    // Every seeded case, and those the runs create: the period from before the first to after the last.
    const report = { from: new Date(started - 40 * 86_400_000).toISOString(), to: new Date(started + 86_400_000).toISOString() };
    const metricsPath = `/metrics?${new URLSearchParams(report)}`;
    const probe = await fetch(`${base}${metricsPath}`, { headers: auth });
    const figures = (await probe.json()) as { firstResponse: { count: number }; volume: { created: number }[] };
    console.log(`GET /metrics holds ${figures.volume.reduce((sum, day) => sum + day.created, 0)} cases, ${figures.firstResponse.count} answered`);
    let i = 0;
    const plans: [string, autocannon.Options][] = [
      ['GET /health', { url: `${base}/health` }],
      ['GET /customers/lookup', {
        url: base,
        headers: auth,
        requests: [{
          method: 'GET',
          setupRequest: (request) => {
            i += 1;
            const handle = seed.handles[(i * 7919) % seed.handles.length]!;
            return { ...request, path: `/customers/lookup?platform=x&handle=${i % 2 ? '@' : ''}${encodeURIComponent(handle.toUpperCase())}` };
          },
        }],
      }],
      ['POST /cases', {
        url: base,
        headers: { ...auth, 'content-type': 'application/json' },
        requests: [{ method: 'POST', setupRequest: (request) => ({ ...request, path: '/cases', body: createBody(seed) }) }],
      }],
      // A report is a manager's request, not a desk's: two at a time.
      ['GET /metrics', { url: `${base}${metricsPath}`, headers: auth, connections: 2 }],
    ];
    // Interleaved rounds: a noisy neighbour slows all three alike; each figure is the median round.
    const rounds: Result[][] = [];
    for (let round = 0; round < ROUNDS; round += 1) {
      const results: Result[] = [];
      for (const [name, options] of plans) {
        results.push(await run(name, options));
        // Reports still being computed when a run ends must not fall into the next run.
        await fetch(`${base}/health`);
      }
      rounds.push(results);
    }
    const results = plans.map((_, k) => median(rounds.map((round) => round[k]!)));

    child.kill('SIGTERM');
    await new Promise((done) => child.once('exit', done));
    const db = await openDatabase({ url });
    const agent = await db.client.first({ sql: 'SELECT id FROM agents WHERE email = ?', args: [seed.adminEmail] });
    const actor = { orgId: seed.orgId, agentId: String(agent![0]) };
    const floors = [
      await floor('storage of a lookup (in-process)', (k) =>
        lookupCustomerJson(db.client, seed.orgId, 'x', seed.handles[(k * 7919) % seed.handles.length]!)),
      await floor('storage of a case creation (in-process)', () => {
        const body = CreateCaseBody.parse(JSON.parse(createBody(seed)));
        return db.tx((tx) => createCase(tx, actor, body, new Date()));
      }),
      await floor('a report over every case (in-process)', () => computeMetrics(db, seed.orgId, { ...report, hours: 'business' }, new Date())),
    ];
    db.close();

    const ceiling = results[0]!.rps;
    console.log(`\nmedian of ${ROUNDS} interleaved rounds, ${seconds} s per run, ${connections} connections, node ${process.version}\n`);
    console.log('| endpoint | req/s | p99 ms | × ceiling | target | errors/non-2xx |');
    console.log('|---|---:|---:|---:|---:|---:|');
    let failed = false;
    for (const r of results) {
      const ratio = r.rps / ceiling;
      const target = r.name.includes('lookup') ? targets.lookup : r.name.includes('cases') ? targets.create : undefined;
      const ok = target === undefined || ratio >= target;
      failed ||= !ok || r.errors > 0 || r.non2xx > 0;
      const label = target ? `≥ ${target} ${ok ? '✓' : '✗'}` : r === results[0] ? 'ceiling' : '–';
      console.log(`| ${r.name} | ${rate(r.rps)} | ${r.p99} | ${ratio.toFixed(r.rps / ceiling < 0.01 ? 4 : 2)} | ${label} | ${r.errors}/${r.non2xx}${r.codes ? ` (${r.codes})` : ''} |`);
    }
    for (const r of floors) console.log(`| ${r.name} | ${rate(r.rps)} | – | ${(r.rps / ceiling).toFixed(r.rps / ceiling < 0.01 ? 4 : 2)} | floor | – |`);
    process.exitCode = failed ? 1 : 0;
  } finally {
    child.kill('SIGTERM');
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
