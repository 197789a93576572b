/**
 * An extension outbox, as extension/sync/outbox.ts keeps it, in the test process: mutations with
 * UUIDv7 ids made when the action is, pushed in order with `POST /sync/push`; settled by the
 * result the server sends for each; the whole batch sent again while the server cannot be reached
 * or answers 5xx. Actions on a case it opened wait for the case's real id, as there.
 */
import { v7 as uuidv7 } from 'uuid';
import type { CaseStatus } from '../../api/domain/caseStatus.js';
import type { MutationT } from '../../api/contract.js';

type Name = MutationT['name'];
export interface Queued {
  id: string; name: Name; args: Record<string, unknown>; failures?: number; held?: { code: string; message: string };
  /** When it was last sent, and how many pushes carried it. */
  sentAt?: number; sends?: number;
}
export interface Settled { id: string; name: Name; args: Record<string, unknown>; result: Record<string, unknown>; sentAt: number; sends: number }
export interface Refused { id: string; name: Name; error: { code: string; message: string } }

/** Where a push goes: a live API process's address, or none while every process is down. */
export interface Target { url(): { url: string; sending(): void; done(answeredMs?: number): void } | undefined }

/** The extension's own rules (extension/sync/outbox.ts): batch size, answers refused whole, retry counts. */
const BATCH = 100;
const refusedWhole = new Set([400, 413, 415, 422]);
const MAX_FAILURES = 3;
// The extension waits 1, 2, 5, 10, 30 s between attempts; the same schedule scaled down, so a run
// of a few hundred restarts ends in minutes.
const RETRY_MS = [20, 50, 100, 200, 400];
// Same-status moves are no change (api/domain/caseStatus.ts); these are the allowed ones.
const moves: Record<CaseStatus, CaseStatus[]> = {
  new: ['open', 'pending', 'resolved'], open: ['pending', 'resolved'], pending: ['open', 'resolved'], resolved: ['open', 'closed'], closed: ['open'],
};

/** What this outbox believes of a case it opened, with its own queued changes on top (as onTopOfPending does). */
interface CaseModel { openedBy: string; status: CaseStatus; assigneeId: string | null; version: number }

class Offline extends Error {}
const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));
const pick = <T>(items: readonly T[]): T => items[Math.floor(Math.random() * items.length)]!;
let posts = 0;

export class SimOutbox {
  readonly queue: Queued[] = [];
  /** A case's opening mutation id → the case's id, once the server answered it. */
  readonly created = new Map<string, string>();
  readonly settled: Settled[] = [];
  readonly refused: Refused[] = [];
  readonly cases: CaseModel[] = [];
  pushes = 0;
  offlineAttempts = 0;
  internalErrors = 0;
  private retries = 0;

  constructor(readonly name: string, private readonly token: string, private readonly agentIds: string[], private readonly target: Target) {}

  /** Queues one agent action: opens a case, or a note, a status change or an assignment on one of its cases. */
  act(): void {
    const id = uuidv7();
    if (this.cases.length < 3 || Math.random() < 0.15) {
      posts += 1;
      const externalId = String(1_900_000_000_000_000_000n + BigInt(process.pid) * 1_000_000n + BigInt(posts));
      const handle = `crash_${this.name}_${posts}`;
      const post = {
        platform: 'x', externalId, url: `https://x.com/${handle}/status/${externalId}`,
        author: { handle: `@${handle}`, displayName: `Customer ${handle}`, followers: 10, profileUrl: `https://x.com/${handle}` },
        text: `My parcel ${id} has not arrived`, postedAt: new Date().toISOString(),
      };
      this.queue.push({ id, name: 'createCase', args: { post } });
      this.cases.push({ openedBy: id, status: 'new', assigneeId: null, version: 1 });
      return;
    }
    const kase = pick(this.cases);
    const caseId = this.created.get(kase.openedBy) ?? kase.openedBy;
    const roll = Math.random();
    if (roll < 0.45) {
      this.queue.push({ id, name: 'addNote', args: { caseId, body: `note ${id}` } });
    } else if (roll < 0.75) {
      const status = pick(moves[kase.status]);
      this.queue.push({ id, name: 'updateCase', args: { caseId, version: kase.version, status } });
      Object.assign(kase, { status, version: kase.version + 1 });
    } else {
      const assigneeId = pick(this.agentIds.filter((agent) => agent !== kase.assigneeId));
      this.queue.push({ id, name: 'updateCase', args: { caseId, version: kase.version, assigneeId } });
      Object.assign(kase, { assigneeId, version: kase.version + 1 });
    }
  }

  /** Actions that can go now: those on a case still being opened wait; the rest go with its real id. */
  private ready(tried: Set<string>): Queued[] {
    const opening = new Set(this.queue.filter((m) => m.name === 'createCase').map((m) => m.id));
    const batch: Queued[] = [];
    for (const mutation of this.queue) {
      if (mutation.held || tried.has(mutation.id)) continue;
      const caseId = mutation.args.caseId as string | undefined;
      if (caseId && opening.has(caseId)) continue;
      const real = caseId && this.created.get(caseId);
      if (real) mutation.args = { ...mutation.args, caseId: real }; // written back: a retry sends the very same action
      batch.push(mutation);
      if (batch.length === BATCH) break;
    }
    return batch;
  }

  private async post(mutations: Queued[]): Promise<{ status: number; body: any }> {
    const to = this.target.url();
    if (!to) throw new Offline('no API process is up');
    to.sending();
    this.pushes += 1;
    const now = Date.now();
    for (const mutation of mutations) Object.assign(mutation, { sentAt: now, sends: (mutation.sends ?? 0) + 1 });
    const began = performance.now();
    let answered: number | undefined;
    try {
      const response = await fetch(`${to.url}/sync/push`, {
        method: 'POST',
        headers: { authorization: `Bearer ${this.token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ mutations: mutations.map(({ id, name, args }) => ({ id, name, args })) }),
        signal: AbortSignal.timeout(20_000),
      });
      const text = await response.text();
      answered = performance.now() - began;
      // `any`: the reply is checked field by field below, as the extension's schema would.
      return { status: response.status, body: text ? JSON.parse(text) : undefined };
    } catch (error) {
      throw new Offline(String(error)); // refused, reset mid-request, or timed out: the process is gone
    } finally {
      to.done(answered);
    }
  }

  /** A batch refused whole for what it holds is split until the refused actions stand alone. */
  private async pushBatch(batch: Queued[]): Promise<{ id: string; ok: boolean; result?: Record<string, unknown>; error?: Refused['error'] }[]> {
    const reply = await this.post(batch);
    if (reply.status === 200) return reply.body.results;
    if (reply.status >= 500) throw new Offline(`status ${reply.status}`);
    if (!refusedWhole.has(reply.status)) throw new Error(`push refused with ${reply.status}: ${JSON.stringify(reply.body)}`);
    if (batch.length === 1) return [{ id: batch[0]!.id, ok: false, error: reply.body }];
    const half = Math.ceil(batch.length / 2);
    return [...(await this.pushBatch(batch.slice(0, half))), ...(await this.pushBatch(batch.slice(half)))];
  }

  /** One round: pushes what can go, batch by batch; answers whether something should go again later. */
  private async pushAll(): Promise<boolean> {
    const tried = new Set<string>();
    let retry = false;
    for (;;) {
      const batch = this.ready(tried);
      if (batch.length === 0) return retry;
      for (const mutation of batch) tried.add(mutation.id);
      for (const result of await this.pushBatch(batch)) {
        const at = this.queue.findIndex((m) => m.id === result.id);
        if (at < 0) continue;
        const mutation = this.queue[at]!;
        if (!result.ok && result.error!.code === 'internal') {
          this.internalErrors += 1;
          mutation.failures = (mutation.failures ?? 0) + 1;
          if (mutation.failures >= MAX_FAILURES) mutation.held = result.error!;
          else retry = true;
          continue;
        }
        if (!result.ok && result.error!.code === 'mutation_expired') {
          mutation.held = result.error!;
          continue;
        }
        this.queue.splice(at, 1);
        if (!result.ok) {
          this.refused.push({ id: mutation.id, name: mutation.name, error: result.error! });
          continue;
        }
        this.settled.push({ id: mutation.id, name: mutation.name, args: mutation.args, result: result.result!, sentAt: mutation.sentAt!, sends: mutation.sends! });
        const kase = result.result!.case as { id?: string } | undefined;
        if (mutation.name === 'createCase' && kase?.id) this.created.set(mutation.id, kase.id);
      }
    }
  }

  /** Pushes until `stop()` is true and nothing waits; while unreachable, waits longer each time. */
  async run(stop: () => boolean): Promise<void> {
    for (;;) {
      if (stop() && this.queue.every((m) => m.held)) return;
      try {
        const again = await this.pushAll();
        this.retries = again ? this.retries + 1 : 0;
        await sleep(again ? RETRY_MS[Math.min(this.retries - 1, RETRY_MS.length - 1)]! : 5);
      } catch (error) {
        if (!(error instanceof Offline)) throw error;
        this.offlineAttempts += 1;
        await sleep(RETRY_MS[Math.min(this.retries, RETRY_MS.length - 1)]!);
        this.retries += 1;
      }
    }
  }
}
