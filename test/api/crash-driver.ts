/**
 * The crash run shared by test/api/crash.test.ts and `npm run bench:crash`: API processes on one
 * libSQL file SIGKILLed at random moments while several outboxes write; the file checked after
 * every restart, and at the end every acknowledged mutation counted in what the file holds.
 */
import { mkdtempSync, rmSync, watch } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bundleApi, integrityCheck, Slot } from './crash-processes.js';
import { SimOutbox, type Refused, type Target } from './crash-outbox.js';
import { countEffects } from './crash-effects.js';

export interface CrashOptions {
  kills: number;
  outboxes: number;
  /** API processes up at once, each killed and started again on its own. */
  slots: number;
  /** How long the outboxes get to drain once the kills are over. */
  drainMs?: number;
  log?: (line: string) => void;
}

export interface CrashReport {
  kills: number;
  /** Kills made while a push to that process was unanswered. */
  killsMidRequest: number;
  integrityChecks: number;
  integrityFailures: string[];
  /** From each kill to the next process of that slot listening. */
  restartMs: number[];
  /** Starts that failed and were tried again (the process exited before listening). */
  startFailures: string[];
  acknowledged: number;
  /** Acknowledged mutations that went in more than one push (an earlier one met a kill). */
  resent: number;
  /** Acknowledged with the stored result: applied by a push whose answer a kill lost. */
  replayed: number;
  refused: Refused[];
  lost: string[];
  duplicated: string[];
  undrained: number;
  internalErrors: number;
  pushes: number;
  offlineAttempts: number;
  elapsedMs: number;
}

const PASSWORD = 'correct horse battery';
const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

async function call(url: string, method: string, path: string, body: unknown, token?: string) {
  const response = await fetch(`${url}${path}`, {
    method,
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${text}`);
  return JSON.parse(text);
}

export async function crashRun(options: CrashOptions): Promise<CrashReport> {
  const log = options.log ?? (() => {});
  const began = performance.now();
  const dir = mkdtempSync(join(tmpdir(), 'parley-crash-'));
  const path = join(dir, 'parley.db');
  const env = {
    DATABASE_URL: `file:${path}`, HOST: '127.0.0.1',
    PARLEY_ORG_NAME: 'Crash Co', PARLEY_ADMIN_EMAIL: 'admin@crash.test', PARLEY_ADMIN_PASSWORD: PASSWORD,
  };
  const bundle = await bundleApi();
  const slots = Array.from({ length: options.slots }, () => new Slot(bundle.entry, env));
  const report: CrashReport = {
    kills: 0, killsMidRequest: 0, integrityChecks: 0, integrityFailures: [], restartMs: [], startFailures: [],
    acknowledged: 0, resent: 0, replayed: 0, refused: [], lost: [], duplicated: [], undrained: 0, internalErrors: 0, pushes: 0, offlineAttempts: 0, elapsedMs: 0,
  };
  try {
    // One after the other: the first makes the file, its tables and the organisation.
    for (const slot of slots) await slot.start();
    const url = slots[0]!.url!;
    const admin = (await call(url, 'POST', '/auth/login', { email: env.PARLEY_ADMIN_EMAIL, password: PASSWORD })).token as string;
    const agents: { id: string; token: string }[] = [];
    for (let i = 0; i < options.outboxes; i += 1) {
      const email = `agent${i}@crash.test`;
      const { agent } = await call(url, 'POST', '/agents', { email, name: `Agent ${i}`, password: PASSWORD, role: 'agent' }, admin);
      agents.push({ id: agent.id, token: (await call(url, 'POST', '/auth/login', { email, password: PASSWORD })).token });
    }

    let turn = 0;
    const target: Target = {
      url() {
        const live = slots.filter((slot) => slot.up);
        const slot = live[turn++ % Math.max(1, live.length)];
        if (!slot) return undefined;
        return {
          url: slot.url!,
          sending: () => { slot.inFlight += 1; slot.sending(); },
          done: (ms) => { slot.inFlight -= 1; if (ms !== undefined) slot.answered(ms); },
        };
      },
    };
    const outboxes = agents.map((agent, i) => new SimOutbox(`o${i}`, agent.token, agents.map((a) => a.id), target));
    let writing = true;
    const writers = outboxes.map(async (outbox) => {
      while (writing) {
        if (outbox.queue.length < 300) outbox.act();
        await sleep(20 + Math.random() * 40);
      }
    });
    const pushers = outboxes.map((outbox) => outbox.run(() => !writing));

    async function restart(slot: Slot): Promise<void> {
      for (let attempt = 1; ; attempt += 1) {
        try {
          return await slot.start();
        } catch (error) {
          report.startFailures.push(String(error).slice(0, 500));
          if (attempt >= 3) throw error;
        }
      }
    }
    async function killer(slot: Slot): Promise<void> {
      while (report.kills < options.kills) {
        // A third of the kills at a random moment. A third within 0.6–1.2 of a typical push's time
        // after a push is sent to it: while it reads, applies or commits the push, or has committed
        // it and not yet answered (the answer lost, its retry must get the stored results). A third
        // as either process writes the database's log while a push to this one is open: mid-commit.
        const mode = Math.random();
        if (mode < 1 / 3) await sleep(Math.random() * 250);
        else if (mode < 2 / 3) await nearAnswer(slot);
        else await Promise.race([logWritten(`${path}-wal`, () => slot.inFlight > 0), sleep(1000)]);
        if (report.kills >= options.kills) return;
        report.kills += 1;
        if (slot.inFlight > 0) report.killsMidRequest += 1;
        const at = performance.now();
        await slot.kill();
        await restart(slot);
        report.restartMs.push(performance.now() - at);
        const integrity = integrityCheck(path);
        report.integrityChecks += 1;
        if (integrity !== 'ok') report.integrityFailures.push(integrity);
        if (report.restartMs.length % 50 === 0) log(`${report.kills} kills, ${outboxes.reduce((n, o) => n + o.settled.length, 0)} acknowledged`);
      }
    }
    await Promise.all(slots.map(killer));
    writing = false;
    await writers;
    const drained = await Promise.race([Promise.all(pushers).then(() => true), sleep(options.drainMs ?? 60_000).then(() => false)]);
    if (!drained) log('the outboxes did not drain in time');

    report.undrained = outboxes.reduce((n, o) => n + o.queue.length, 0);
    report.refused = outboxes.flatMap((o) => o.refused);
    report.internalErrors = outboxes.reduce((n, o) => n + o.internalErrors, 0);
    report.pushes = outboxes.reduce((n, o) => n + o.pushes, 0);
    report.offlineAttempts = outboxes.reduce((n, o) => n + o.offlineAttempts, 0);
    const settled = outboxes.flatMap((o) => o.settled);
    report.acknowledged = settled.length;
    report.resent = settled.filter((m) => m.sends > 1).length;
    const integrity = integrityCheck(path);
    report.integrityChecks += 1;
    if (integrity !== 'ok') report.integrityFailures.push(integrity);
    Object.assign(report, countEffects(path, settled));
    report.elapsedMs = performance.now() - began;
    return report;
  } finally {
    await Promise.all(slots.map((slot) => slot.kill('SIGTERM')));
    bundle.remove();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Once its process has answered a few pushes (warm), a kill-time near the end of the next one. */
async function nearAnswer(slot: Slot): Promise<void> {
  const deadline = performance.now() + 1500;
  while (slot.answeredMs.length < 3 && performance.now() < deadline) await sleep(10);
  await Promise.race([slot.nextRequest().then(() => sleep(slot.typicalMs() * (0.6 + Math.random() * 0.6))), sleep(1000)]);
}

/** Resolves at the first write to the file `path` while `when()` holds. */
function logWritten(path: string, when: () => boolean): Promise<void> {
  return new Promise((done) => {
    const watcher = watch(path, () => {
      if (!when()) return;
      watcher.close();
      done();
    });
    setTimeout(() => watcher.close(), 1000).unref();
  });
}
