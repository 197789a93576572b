/**
 * `npm run bench:api`: throughput and p99 of GET /health (this machine's ceiling), GET
 * /customers/lookup, POST /cases, GET /metrics (a report over all 50k cases, each with its
 * reply and resolve) and POST /sync/push of 100 mutations, on a database seeded with 20k customers
 * and 50k cases from the real support conversations. Each result is a ratio measured in the same
 * run — to the ceiling, or to the route's own storage work done in-process (its floor) — so a busy
 * or slow machine moves them together. Figures go to bench-results/api.json.
 *
 * BENCH_SECONDS (default 10) sets the length of each run, BENCH_ROUNDS (default 3) how many
 * interleaved rounds are run.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { CreateCaseBody, SyncPushBody } from '../../api/contract.js';
import { migrateDatabase, openDatabase } from '../../api/db/client.js';
import { createCase } from '../../api/ops/cases.js';
import { lookupCustomerJson } from '../../api/ops/customerView.js';
import { computeMetrics } from '../../api/ops/metrics.js';
import { applyMutations } from '../../api/ops/sync.js';
import { spawnApi } from '../e2e/api-server.js';
import { Results } from './results.js';
import { createBody, lookupPath, pushBody, PUSH_SIZE, signInAsAdmin } from './api-requests.js';
import { seedDatabase } from './seed.js';

const seconds = Number(process.env.BENCH_SECONDS ?? 10);
const connections = 16;
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const targets = { lookupToHealth: 0.5, createToFloor: 0.8 };

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
 * by as many concurrent loops as the route's run has connections, for `seconds`, with no HTTP and
 * no client (the API process idle).
 * No route can beat its own floor, so a floor below a target shows the target is out of reach of
 * the HTTP layer on this machine.
 */
async function floor(name: string, work: (i: number) => Promise<unknown>, loops = connections): Promise<Result> {
  let started = 0;
  let done = 0;
  const begin = performance.now();
  const until = begin + seconds * 1000;
  await Promise.all(Array.from({ length: loops }, async () => {
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

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'parley-bench-'));
  const url = `file:${join(dir, 'bench.db')}`;
  const started = Date.now();
  const db = await openDatabase({ url });
  await migrateDatabase(db);
  const seed = await seedDatabase(db);
  // Open cases to add notes to, as an agent's outbox would.
  const caseIds = (await db.client.execute({ sql: "SELECT id FROM cases WHERE org_id = ? AND status IN ('new', 'open', 'pending') LIMIT 5000", args: [seed.orgId] })).rows.map((row) => String(row[0]));
  // A server in steady state has a short WAL: fold the seed's into the database file.
  await db.client.execute('PRAGMA wal_checkpoint(TRUNCATE)');
  db.close();
  console.log(`seeded ${seed.handles.length} customers and 50000 cases in ${((Date.now() - started) / 1000).toFixed(1)} s`);

  const { url: base, child } = await startServer(url);
  try {
    const auth = await signInAsAdmin(base, seed);

    await run('warm-up', { url: `${base}/health`, duration: 2 });
    // Every seeded case, and those the runs create: the period from before the first to after the last.
    const report = { from: new Date(started - 40 * 86_400_000).toISOString(), to: new Date(started + 86_400_000).toISOString() };
    const metricsPath = `/metrics?${new URLSearchParams(report)}`;
    const probe = await fetch(`${base}${metricsPath}`, { headers: auth });
    const figures = (await probe.json()) as { firstResponse: { count: number }; volume: { created: number }[] };
    console.log(`GET /metrics holds ${figures.volume.reduce((sum, day) => sum + day.created, 0)} cases, ${figures.firstResponse.count} answered`);
    // autocannon reads no bodies: one push first shows that every mutation of such a push applies.
    const pushed = await fetch(`${base}/sync/push`, { method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, body: pushBody(seed, caseIds) });
    const refused = ((await pushed.json()) as { results: { ok: boolean }[] }).results.filter((result) => !result.ok).length;
    if (pushed.status !== 200 || refused > 0) throw new Error(`A push of ${PUSH_SIZE} answered ${pushed.status} with ${refused} mutations refused`);
    let i = 0;
    const plans: [string, autocannon.Options][] = [
      ['GET /health', { url: `${base}/health` }],
      ['GET /customers/lookup', {
        url: base,
        headers: auth,
        requests: [{
          method: 'GET',
          setupRequest: (request) => ({ ...request, path: lookupPath(seed, (i += 1)) }),
        }],
      }],
      ['POST /cases', {
        url: base,
        headers: { ...auth, 'content-type': 'application/json' },
        requests: [{ method: 'POST', setupRequest: (request) => ({ ...request, path: '/cases', body: createBody(seed) }) }],
      }],
      // A report is a manager's request, not a desk's: two at a time.
      // A report takes seconds; on a busy machine more than autocannon's default 10 s timeout.
      ['GET /metrics', { url: `${base}${metricsPath}`, headers: auth, connections: 2, timeout: 60 }],
      [`POST /sync/push (${PUSH_SIZE} mutations)`, {
        url: base,
        timeout: 60, // a push is a write group's worth of work: seconds on a busy machine
        headers: { ...auth, 'content-type': 'application/json' },
        requests: [{ method: 'POST', setupRequest: (request) => ({ ...request, path: '/sync/push', body: pushBody(seed, caseIds) }) }],
      }],
    ];
    // The floors run in this process between the runs, the API idle: each round's ratios are
    // taken within the round, so a neighbour that slows one round moves its route and floor alike.
    const store = await openDatabase({ url });
    const agent = await store.client.first({ sql: 'SELECT id FROM agents WHERE email = ?', args: [seed.adminEmail] });
    const actor = { orgId: seed.orgId, agentId: String(agent![0]) };
    let unapplied = 0;
    const floorWork: (((k: number) => Promise<unknown>) | undefined)[] = [
      undefined,
      (k) => lookupCustomerJson(store.client, seed.orgId, 'x', seed.handles[(k * 7919) % seed.handles.length]!),
      () => {
        const body = CreateCaseBody.parse(JSON.parse(createBody(seed)));
        return store.tx((tx) => createCase(tx, actor, body, new Date()));
      },
      () => computeMetrics(store, seed.orgId, { ...report, hours: 'business' }, new Date()),
      async () => {
        const { mutations } = SyncPushBody.parse(JSON.parse(pushBody(seed, caseIds)));
        const outcomes = await store.tx((tx) => applyMutations(tx, actor, mutations, new Date(), () => undefined));
        unapplied += outcomes.filter((outcome) => !outcome.ok).length;
      },
    ];
    const floorNames = ['', 'storage of a lookup (in-process)', 'storage of a case creation (in-process)', 'a report over every case (in-process)', `storage of a push of ${PUSH_SIZE} (in-process)`];
    const rounds: Result[][] = [];
    const floorRounds: Result[][] = [];
    for (let round = 0; round < ROUNDS; round += 1) {
      const results: Result[] = [];
      const floors: Result[] = [];
      for (const [k, [name, options]] of plans.entries()) {
        results.push(await run(name, options));
        // Reports still being computed when a run ends must not fall into the next run.
        await fetch(`${base}/health`);
        const work = floorWork[k];
        if (work) floors.push(await floor(floorNames[k]!, work, options.connections));
      }
      rounds.push(results);
      floorRounds.push(floors);
    }
    store.close();
    const results = plans.map((_, k) => median(rounds.map((round) => round[k]!)));
    const floors = floorRounds[0]!.map((_, k) => median(floorRounds.map((round) => round[k]!)));
    const errors = rounds.flat().reduce((sum, r) => sum + r.errors + r.non2xx, 0);
    /** The median over rounds of a ratio taken within each round. */
    const ratioOf = (pick: (round: Result[], floors: Result[]) => number) => {
      const ratios = rounds.map((round, k) => pick(round, floorRounds[k]!)).sort((x, y) => x - y);
      return ratios[Math.floor(ratios.length / 2)]!;
    };
    child.kill('SIGTERM');
    await new Promise((done) => child.once('exit', done));

    const [health, lookup, create, metrics, push] = results as [Result, Result, Result, Result, Result];
    const [lookupFloor, createFloor, metricsFloor, pushFloor] = floors as [Result, Result, Result, Result];
    const ceiling = health.rps;
    console.log(`\nmedian of ${ROUNDS} interleaved rounds, ${seconds} s per run, ${connections} connections, node ${process.version}\n`);
    console.log('| endpoint | req/s | p99 ms | × ceiling | × its floor | errors/non-2xx |');
    console.log('|---|---:|---:|---:|---:|---:|');
    const ratio = (value: number) => value.toFixed(value < 0.01 ? 4 : 2);
    const toHealth = (k: number) => ratioOf((round) => round[k]!.rps / round[0]!.rps);
    const toFloor = (k: number) => ratioOf((round, own) => round[k]!.rps / own[k - 1]!.rps);
    for (const [k, r] of results.entries()) {
      console.log(`| ${r.name} | ${rate(r.rps)} | ${r.p99} | ${ratio(toHealth(k))} | ${k > 0 ? ratio(toFloor(k)) : '–'} | ${r.errors}/${r.non2xx}${r.codes ? ` (${r.codes})` : ''} |`);
    }
    for (const r of floors) console.log(`| ${r.name} | ${rate(r.rps)} | – | ${ratio(r.rps / ceiling)} | floor | – |`);

    const recorded = new Results('api');
    recorded.add('health.rps', health.rps, 'req/s');
    recorded.add('health.p99', health.p99, 'ms');
    recorded.add('lookup.rps', lookup.rps, 'req/s');
    recorded.add('lookup.p99', lookup.p99, 'ms');
    recorded.add('lookup.ratioToHealth', toHealth(1), '× health', { atLeast: targets.lookupToHealth });
    recorded.add('lookup.floor.rps', lookupFloor.rps, 'lookups/s');
    recorded.add('lookup.ratioToFloor', toFloor(1), '× floor');
    recorded.add('createCase.rps', create.rps, 'req/s');
    recorded.add('createCase.p99', create.p99, 'ms');
    recorded.add('createCase.floor.rps', createFloor.rps, 'cases/s');
    recorded.add('createCase.ratioToFloor', toFloor(2), '× floor', { atLeast: targets.createToFloor });
    recorded.add('createCase.ratioToHealth', toHealth(2), '× health');
    recorded.add('metrics.rps', metrics.rps, 'req/s');
    recorded.add('metrics.p99', metrics.p99, 'ms');
    recorded.add('metrics.floor.rps', metricsFloor.rps, 'reports/s');
    recorded.add('metrics.ratioToFloor', toFloor(3), '× floor');
    recorded.add('syncPush100.rps', push.rps, 'pushes/s');
    recorded.add('syncPush100.p99', push.p99, 'ms');
    recorded.add('syncPush100.mutationsPerSecond', push.rps * PUSH_SIZE, 'mutations/s');
    recorded.add('syncPush100.floor.rps', pushFloor.rps, 'pushes/s');
    recorded.add('syncPush100.ratioToFloor', toFloor(4), '× floor');
    recorded.add('errors', errors + unapplied, 'errors, timeouts, non-2xx and refused mutations', { equals: 0 });
    console.log(`\nwrote ${recorded.write(`median of ${ROUNDS} interleaved rounds, ${seconds} s per run, ${connections} connections`)}`);
    // A missed target is a figure (met: false); only a run that broke fails.
    process.exitCode = errors + unapplied > 0 ? 1 : 0;
  } finally {
    child.kill('SIGTERM');
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
