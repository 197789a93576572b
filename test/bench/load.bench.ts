/**
 * `npm run bench:load`: 200 agents holding live event streams and 50 writers, for LOAD_SECONDS
 * (60) each, against one API process and then against three processes on one database file.
 * Counts errors (any non-2xx, network error, stream dropped, change told to the wrong
 * organisation) and changes some agent who may see them never heard of; measures write latency,
 * acknowledgement → told to every agent of the organisation, and each process's memory.
 */
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { migrateDatabase, openDatabase } from '../../api/db/client.js';
import { spawnApi } from '../e2e/api-server.js';
import { judge, percentile, type Delivery } from './load-analysis.js';
import { call, openStream, runWriter, seedPeople, type Stream, type Write } from './load-agents.js';
import { Results } from './results.js';

const SECONDS = Number(process.env.LOAD_SECONDS ?? 60);
const ORG_SIZES = [120, 80]; // 200 agents, each with a stream
const WRITERS = [30, 20]; // the first agents of each organisation also write
const GRACE_MS = 10_000;

interface Run {
  delivery: Delivery;
  errors: string[];
  rssBefore: number[];
  rssAfter: number[];
  seconds: number;
  /** GET /health on each process every PROBE_MS during the load: how long its event loop kept a request waiting. */
  probeMs: number[];
  /** This process's own event-loop delay (p99, ms): the client must not be what is measured. */
  clientLagMs: number;
  /** The machine's 1-minute load average when the load ended: other work shares its 2 cores. */
  machineLoad: number;
}
const PROBE_MS = 100;

async function probe(base: string, until: number, probeMs: number[], errors: string[]): Promise<void> {
  while (performance.now() < until) {
    const sentAt = performance.now();
    try {
      const answer = await call(base, 'GET', '/health');
      if (answer.status !== 200) errors.push(`health ${base}: ${answer.status}`);
      probeMs.push(performance.now() - sentAt);
    } catch (error) {
      errors.push(`health ${base}: ${(error as Error).message}`);
    }
    await sleep(PROBE_MS);
  }
}

function rssMB(child: ChildProcess): number {
  const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'));
  return match ? Math.round(Number(match[1]) / 102.4) / 10 : NaN;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function stopAll(children: ChildProcess[]): Promise<void> {
  await Promise.all(children.map((child) => new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    const force = setTimeout(() => child.kill('SIGKILL'), 5000);
    child.once('exit', () => {
      clearTimeout(force);
      resolve();
    });
    child.kill('SIGTERM');
  })));
}

async function run(processes: number): Promise<Run> {
  const dir = mkdtempSync(join(tmpdir(), 'parley-load-'));
  const url = `file:${join(dir, 'load.db')}`;
  const db = await openDatabase({ url });
  const children: ChildProcess[] = [];
  const streams: Stream[] = [];
  try {
    await migrateDatabase(db);
    const orgs = await seedPeople(db, ORG_SIZES);
    const env = { DATABASE_URL: url, PARLEY_ADMIN_PASSWORD: 'unused since the database has organisations' };
    const bases: string[] = [];
    for (let i = 0; i < processes; i += 1) {
      const api = await spawnApi(env);
      children.push(api.child);
      bases.push(api.url);
    }
    // Round-robin: agent k of all of them connects to process k mod n, and writes there too.
    const people = orgs.flat();
    people.forEach((person, k) => streams.push(openStream(bases[k % processes]!, person)));
    const connected = Promise.all(streams.map((stream) => stream.ready));
    await Promise.race([connected, sleep(30_000)]);
    const sinceSeq = Number((await db.client.first({ sql: 'SELECT COALESCE(MAX(seq), 0) FROM changes' }))?.[0] ?? 0);
    await sleep(1000); // let the processes settle after the connections
    const rssBefore = children.map(rssMB);

    const writes: Write[] = [];
    const errors: string[] = [];
    const started = performance.now();
    const until = started + SECONDS * 1000;
    const probeMs: number[] = [];
    const lag = monitorEventLoopDelay({ resolution: 10 });
    lag.enable();
    const workers: Promise<void>[] = bases.map((base) => probe(base, until, probeMs, errors));
    let writer = 0;
    for (const [o, team] of orgs.entries()) {
      for (let i = 0; i < WRITERS[o]!; i += 1) {
        const me = team[i]!;
        const base = bases[people.indexOf(me) % processes]!;
        workers.push(runWriter(base, writer, me, team, until, writes, errors));
        writer += 1;
      }
    }
    await Promise.all(workers);
    const seconds = (performance.now() - started) / 1000;
    lag.disable();

    // Grace: until every stream was told its organisation's last row, or GRACE_MS.
    const lastOf = new Map<string, number>();
    for (const row of (await db.client.execute({ sql: 'SELECT org_id, MAX(seq) FROM changes GROUP BY org_id' })).rows) lastOf.set(String(row[0]), Number(row[1]));
    const graceEnds = performance.now() + GRACE_MS;
    const caughtUp = () => streams.every((stream) => stream.failure || (stream.changes.at(-1)?.cursor ?? 0) >= (lastOf.get(stream.person.orgId) ?? 0));
    while (!caughtUp() && performance.now() < graceEnds) await sleep(100);
    const rssAfter = children.map(rssMB);

    for (const stream of streams) if (stream.failure) errors.push(`stream of ${stream.person.id}: ${stream.failure}`);
    const delivery = await judge(db.client, writes, streams, sinceSeq);
    if (delivery.wrongOrg > 0) errors.push(`${delivery.wrongOrg} cursors told to another organisation's agents`);
    if (delivery.unlogged > 0) errors.push(`${delivery.unlogged} acknowledged writes not in the change log`);
    return { delivery, errors, rssBefore, rssAfter, seconds, probeMs, clientLagMs: lag.percentile(99) / 1e6, machineLoad: loadavg()[0]! };
  } finally {
    for (const stream of streams) stream.close();
    await stopAll(children);
    db.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

function record(results: Results, suffix: string, outcome: Run): void {
  const { delivery, errors } = outcome;
  const round = (ms: number) => Math.round(ms * 10) / 10;
  results.add(`load.errors.${suffix}`, errors.length, 'count', { equals: 0 });
  results.add(`load.undelivered.${suffix}`, delivery.undelivered, 'count', { equals: 0 });
  results.add(`load.writes.${suffix}`, delivery.writes, 'count');
  results.add(`load.writesPerSecond.${suffix}`, Math.round(delivery.writes / outcome.seconds), 'writes/s');
  results.add(`load.write.p50.${suffix}`, round(percentile(delivery.writeMs, 50)), 'ms');
  results.add(`load.write.p99.${suffix}`, round(percentile(delivery.writeMs, 99)), 'ms');
  results.add(`load.delivered.p50.${suffix}`, round(percentile(delivery.deliveredMs, 50)), 'ms');
  results.add(`load.delivered.p99.${suffix}`, round(percentile(delivery.deliveredMs, 99)), 'ms');
  results.add(`load.madeToTold.p50.${suffix}`, round(percentile(delivery.madeToToldMs, 50)), 'ms');
  results.add(`load.madeToTold.p99.${suffix}`, round(percentile(delivery.madeToToldMs, 99)), 'ms');
  if (delivery.otherProcessMs.length > 0) {
    results.add(`load.toldSameProcess.p50.${suffix}`, round(percentile(delivery.sameProcessMs, 50)), 'ms');
    results.add(`load.toldOtherProcesses.p50.${suffix}`, round(percentile(delivery.otherProcessMs, 50)), 'ms');
  }
  results.add(`load.firstTold.p50.${suffix}`, round(percentile(delivery.firstToldMs, 50)), 'ms');
  results.add(`load.firstTold.p99.${suffix}`, round(percentile(delivery.firstToldMs, 99)), 'ms');
  results.add(`load.health.p50.${suffix}`, round(percentile(outcome.probeMs, 50)), 'ms');
  results.add(`load.health.p99.${suffix}`, round(percentile(outcome.probeMs, 99)), 'ms');
  results.add(`load.clientLag.p99.${suffix}`, round(outcome.clientLagMs), 'ms');
  results.add(`load.machineLoad.${suffix}`, Math.round(outcome.machineLoad * 100) / 100, 'load avg');
  results.add(`load.events.${suffix}`, delivery.events, 'count');
  results.add(`load.notIncreasing.${suffix}`, delivery.notIncreasing, 'count', { equals: 0 });
  results.add(`load.rssMB.before.${suffix}`, Math.max(...outcome.rssBefore), 'MB');
  results.add(`load.rssMB.after.${suffix}`, Math.max(...outcome.rssAfter), 'MB');
  if (outcome.rssBefore.length > 1) {
    outcome.rssBefore.forEach((mb, i) => results.add(`load.rssMB.before.${suffix}.${i + 1}`, mb, 'MB'));
    outcome.rssAfter.forEach((mb, i) => results.add(`load.rssMB.after.${suffix}.${i + 1}`, mb, 'MB'));
  }
}

const results = new Results('load');
const runs: [string, Run][] = [];
for (const [suffix, processes] of [['1p', 1], ['3p', 3]] as const) {
  console.log(`load: ${processes} process(es), ${ORG_SIZES.reduce((a, b) => a + b)} streams, ${WRITERS.reduce((a, b) => a + b)} writers, ${SECONDS} s`);
  const outcome = await run(processes);
  runs.push([suffix, outcome]);
  record(results, suffix, outcome);
  for (const error of outcome.errors.slice(0, 20)) console.error(`  error: ${error}`);
}
for (const [name, { value, unit, target, met }] of Object.entries(results.figures)) {
  console.log(`${name.padEnd(28)} ${String(value).padStart(10)} ${unit.padEnd(8)} ${target}${met ? '' : '  (not met)'}`);
}
console.log(`wrote ${results.write(`${SECONDS} s per run; 2 organisations of ${ORG_SIZES.join(' and ')} agents`)}`);
// The run itself broke only if nothing was written or every stream failed.
const broke = runs.some(([, outcome]) => outcome.delivery.writes === 0);
process.exit(broke ? 1 : 0);
