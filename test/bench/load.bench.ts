/**
 * `npm run bench:load`: 200 agents holding live event streams and 50 writers, for LOAD_SECONDS
 * (60) on each side, against one API process and against three processes on one database file,
 * in rounds taken in turn.
 * Counts errors (any non-2xx, network error, stream dropped, change told to the wrong
 * organisation) and changes some agent who may see them never heard of; measures write latency,
 * acknowledgement → told to every agent of the organisation, and each process's memory.
 */
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { migrateDatabase, openDatabase, type Database } from '../../api/db/client.js';
import { spawnApi } from '../e2e/api-server.js';
import { judge, type Delivery } from './load-analysis.js';
import { call, closeIdleConnections, openStream, runWriter, seedPeople, type Person, type Stream, type Write } from './load-agents.js';
import { percentile, Results } from './results.js';

const SECONDS = Number(process.env.LOAD_SECONDS ?? 60);
const ORG_SIZES = [120, 80]; // 200 agents, each with a stream
const WRITERS = [30, 20]; // the first agents of each organisation also write
const GRACE_MS = 10_000;
// Each side's LOAD_SECONDS are split into rounds taken in turn with the other side's, so a busy spell on the shared machine falls on both.
const ROUNDS = Number(process.env.LOAD_ROUNDS ?? 3);

interface Run {
  delivery: Delivery;
  errors: string[];
  rssBefore: number[];
  rssAfter: number[];
  /** Writes per second, the median round's. */
  writeRate: number;
  /** GET /health on each process every PROBE_MS during the load: how long its event loop kept a request waiting. */
  probeMs: number[];
  /** This process's own event-loop delay (p99, ms, the median round's): the client must not be what is measured. */
  clientLagMs: number;
  /** The machine's 1-minute load average at the end of a round (the median round's): other work shares its 2 cores. */
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

// Every API process this run started: none outlives it, even one stopped mid-way by a crash.
const started: ChildProcess[] = [];
process.on('exit', () => {
  for (const child of started) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
});

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

/** One side of the comparison: its processes on their own database file, every agent's stream open. */
interface Setup {
  processes: number;
  db: Database;
  dir: string;
  children: ChildProcess[];
  bases: string[];
  orgs: Person[][];
  streams: Stream[];
  sinceSeq: number;
  rssBefore: number[];
  rssAfter: number[];
  writes: Write[];
  errors: string[];
  probeMs: number[];
  /** Per round: writes per second, this process's loop delay p99 (ms), the machine's load. */
  rounds: { rate: number; lagMs: number; machineLoad: number }[];
}

async function setUp(processes: number): Promise<Setup> {
  const dir = mkdtempSync(join(tmpdir(), 'parley-load-'));
  const url = `file:${join(dir, 'load.db')}`;
  const db = await openDatabase({ url });
  await migrateDatabase(db);
  const orgs = await seedPeople(db, ORG_SIZES);
  const env = { DATABASE_URL: url, PARLEY_ADMIN_PASSWORD: 'unused since the database has organisations' };
  const setup: Setup = {
    processes, db, dir, children: [], bases: [], orgs, streams: [], sinceSeq: 0, rssBefore: [], rssAfter: [],
    writes: [], errors: [], probeMs: [], rounds: [],
  };
  for (let i = 0; i < processes; i += 1) {
    const api = await spawnApi(env);
    started.push(api.child);
    setup.children.push(api.child);
    setup.bases.push(api.url);
  }
  // Round-robin: agent k of all of them connects to process k mod n, and writes there too.
  orgs.flat().forEach((person, k) => setup.streams.push(openStream(setup.bases[k % processes]!, person)));
  await Promise.race([Promise.all(setup.streams.map((stream) => stream.ready)), sleep(30_000)]);
  setup.sinceSeq = Number((await db.client.first({ sql: 'SELECT COALESCE(MAX(seq), 0) FROM changes' }))?.[0] ?? 0);
  await sleep(1000); // let the processes settle after the connections
  setup.rssBefore = setup.children.map(rssMB);
  return setup;
}

/** The other side's processes are stopped (SIGSTOP) meanwhile: only this side's work shares the machine. */
async function loadRound(setup: Setup, round: number, seconds: number): Promise<void> {
  for (const child of setup.children) child.kill('SIGCONT');
  await sleep(500);
  const roundStart = performance.now();
  const until = roundStart + seconds * 1000;
  const lag = monitorEventLoopDelay({ resolution: 10 });
  lag.enable();
  const writesBefore = setup.writes.length;
  const workers: Promise<void>[] = setup.bases.map((base) => probe(base, until, setup.probeMs, setup.errors));
  const people = setup.orgs.flat();
  let writer = round * 1000; // each round's writers are new, with cases and customers of their own
  for (const [o, team] of setup.orgs.entries()) {
    for (let i = 0; i < WRITERS[o]!; i += 1) {
      const me = team[i]!;
      const base = setup.bases[people.indexOf(me) % setup.processes]!;
      workers.push(runWriter(base, writer, me, team, until, setup.writes, setup.errors));
      writer += 1;
    }
  }
  await Promise.all(workers);
  const elapsed = (performance.now() - roundStart) / 1000;
  lag.disable();
  const rate = (setup.writes.length - writesBefore) / elapsed;

  // Grace: until every stream was told its organisation's last row, or GRACE_MS.
  const lastOf = new Map<string, number>();
  for (const row of (await setup.db.client.execute({ sql: 'SELECT org_id, MAX(seq) FROM changes GROUP BY org_id' })).rows) lastOf.set(String(row[0]), Number(row[1]));
  const graceEnds = performance.now() + GRACE_MS;
  const caughtUp = () => setup.streams.every((stream) => stream.failure || (stream.changes.at(-1)?.cursor ?? 0) >= (lastOf.get(stream.person.orgId) ?? 0));
  while (!caughtUp() && performance.now() < graceEnds) await sleep(100);
  setup.rssAfter = setup.children.map(rssMB);
  setup.rounds.push({ rate, lagMs: lag.percentile(99) / 1e6, machineLoad: loadavg()[0]! });
  closeIdleConnections();
  console.log(`    ${Math.round(rate)} writes/s; RSS after it ${setup.rssAfter.join(', ')} MB; machine load ${loadavg()[0]!.toFixed(1)}`);
  for (const child of setup.children) child.kill('SIGSTOP');
}

async function finish(setup: Setup): Promise<Run> {
  try {
    for (const child of setup.children) child.kill('SIGCONT');
    const errors = [...setup.errors];
    for (const stream of setup.streams) if (stream.failure) errors.push(`stream of ${stream.person.id}: ${stream.failure}`);
    const delivery = await judge(setup.db.client, setup.writes, setup.streams, setup.sinceSeq);
    if (delivery.wrongOrg > 0) errors.push(`${delivery.wrongOrg} cursors told to another organisation's agents`);
    if (delivery.unlogged > 0) errors.push(`${delivery.unlogged} acknowledged writes not in the change log`);
    const middle = <T>(values: T[], key: (value: T) => number) => percentile(values.map(key), 50);
    return {
      delivery, errors, rssBefore: setup.rssBefore, rssAfter: setup.rssAfter, probeMs: setup.probeMs,
      writeRate: middle(setup.rounds, (r) => r.rate), clientLagMs: middle(setup.rounds, (r) => r.lagMs), machineLoad: middle(setup.rounds, (r) => r.machineLoad),
    };
  } finally {
    for (const stream of setup.streams) stream.close();
    await stopAll(setup.children);
    setup.db.close();
    rmSync(setup.dir, { recursive: true, force: true });
  }
}

function record(results: Results, suffix: string, outcome: Run): void {
  const { delivery, errors } = outcome;
  const round = (ms: number) => Math.round(ms * 10) / 10;
  const spread = (name: string, values: number[], points: number[] = [50, 99]) => {
    for (const p of points) results.add(`load.${name}.p${p}.${suffix}`, round(percentile(values, p)), 'ms');
  };
  results.add(`load.errors.${suffix}`, errors.length, 'count', { equals: 0 });
  results.add(`load.undelivered.${suffix}`, delivery.undelivered, 'count', { equals: 0 });
  results.add(`load.writes.${suffix}`, delivery.writes, 'count');
  results.add(`load.writesPerSecond.${suffix}`, Math.round(outcome.writeRate), 'writes/s');
  spread('write', delivery.writeMs);
  spread('delivered', delivery.deliveredMs);
  spread('madeToTold', delivery.madeToToldMs);
  if (delivery.otherProcessMs.length > 0) {
    spread('toldSameProcess', delivery.sameProcessMs, [50]);
    spread('toldOtherProcesses', delivery.otherProcessMs, [50]);
  }
  spread('firstTold', delivery.firstToldMs);
  spread('health', outcome.probeMs);
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
const sides = [['1p', 1], ['3p', 3]] as const;
console.log(`load: ${ORG_SIZES.reduce((a, b) => a + b)} streams, ${WRITERS.reduce((a, b) => a + b)} writers, ${SECONDS} s on each side in ${ROUNDS} rounds`);
const setups: Setup[] = [];
for (const [, processes] of sides) {
  const setup = await setUp(processes);
  for (const child of setup.children) child.kill('SIGSTOP');
  setups.push(setup);
}
for (let round = 0; round < ROUNDS; round += 1) {
  for (const setup of setups) {
    console.log(`  round ${round + 1}: ${setup.processes} process(es)`);
    await loadRound(setup, round, SECONDS / ROUNDS);
  }
}
const runs: [string, Run][] = [];
for (const [i, [suffix]] of sides.entries()) {
  const outcome = await finish(setups[i]!);
  runs.push([suffix, outcome]);
  record(results, suffix, outcome);
  for (const error of outcome.errors.slice(0, 20)) console.error(`  ${suffix} error: ${error}`);
}
for (const [name, { value, unit, target, met }] of Object.entries(results.figures)) {
  console.log(`${name.padEnd(28)} ${String(value).padStart(10)} ${unit.padEnd(8)} ${target}${met ? '' : '  (not met)'}`);
}
console.log(`wrote ${results.write(`${SECONDS} s on each side in ${ROUNDS} interleaved rounds; 2 organisations of ${ORG_SIZES.join(' and ')} agents`)}`);
// The run itself broke only if a side wrote nothing; unmet targets are in the figures.
const broke = runs.some(([, outcome]) => outcome.delivery.writes === 0);
process.exit(broke ? 1 : 0);
