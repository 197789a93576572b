/**
 * The API process killed with SIGKILL while an outbox pushes to it, and pushes delivered twice or
 * out of order: every mutation is applied exactly once, whatever the network and the process do.
 */
import { createClient, type Client } from '@libsql/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { v7 as uuidv7 } from 'uuid';
import { startApi, type ApiServer } from '../e2e/api-server.js';

interface Mutation { id: string; name: string; args: Record<string, unknown> }
interface Result { id: string; ok: boolean; result?: Record<string, { id: string; version?: number; number?: number }>; error?: unknown }

const BATCH = 50;
const CASES = 100;
const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

let api: ApiServer;
let db: Client;
beforeAll(async () => {
  api = await startApi();
  // Reads may meet the revived process recovering the file: wait on its lock instead of failing.
  db = createClient({ url: api.databaseUrl, timeout: 5000 });
}, 30_000);
afterAll(async () => {
  db?.close();
  await api?.stop();
});

const post = (n: number) => ({
  platform: 'x', externalId: `9${String(n).padStart(9, '0')}`, url: `https://x.com/fault_${n % 13}/status/9${String(n).padStart(9, '0')}`,
  author: { handle: `fault_${n % 13}`, displayName: `Fault ${n % 13}` }, text: `Order ${n} is late`,
});

/** The extension's outbox in small: pushes the head of its queue, drops what got a result, retries the rest as it was. */
class Outbox {
  queue: Mutation[] = [];
  readonly results = new Map<string, Result>();
  /** The ids of the batch being pushed, or undefined between pushes. */
  inFlight: string[] | undefined;
  lastPushMs = 20;
  networkErrors = 0;
  /** Set by the test: the next answer is lost on its way back, after the server committed it. */
  loseNextAnswer: (() => Promise<void>) | undefined;

  async drain(): Promise<void> {
    while (this.queue.length > 0) {
      const batch = this.queue.slice(0, BATCH);
      const started = Date.now();
      this.inFlight = batch.map((mutation) => mutation.id);
      try {
        const response = await fetch(`${api.url}/sync/push`, {
          method: 'POST', signal: AbortSignal.timeout(10_000),
          headers: { authorization: `Bearer ${api.adminToken}`, 'content-type': 'application/json' },
          body: JSON.stringify({ mutations: batch }),
        });
        // A refused batch is a bug in this test or the server, not a fault to ride out.
        if (response.status !== 200) throw new RefusedPush(`push answered ${response.status}: ${await response.text()}`);
        const { results } = (await response.json()) as { results: Result[] };
        const lose = this.loseNextAnswer;
        this.loseNextAnswer = undefined;
        if (lose) {
          await lose();
          throw new Error('the answer was lost');
        }
        for (const result of results) this.results.set(result.id, result);
        this.queue = this.queue.filter((mutation) => !this.results.has(mutation.id));
        this.lastPushMs = Date.now() - started;
      } catch (error) {
        if (error instanceof RefusedPush) throw error;
        this.networkErrors += 1;
        await sleep(25);
      } finally {
        this.inFlight = undefined;
      }
    }
  }
}
class RefusedPush extends Error {}

const count = async (sql: string, args: (string | number)[] = []) => Number((await db.execute({ sql, args })).rows[0]![0]);

describe('the API killed with SIGKILL during pushes', () => {
  it('loses nothing and applies nothing twice', async () => {
    const outbox = new Outbox();
    const creates = Array.from({ length: CASES }, (_, i) => ({ id: uuidv7(), name: 'createCase', args: { post: post(i) } }));
    let done = false;
    const pushing = (async () => {
      outbox.queue.push(...creates);
      await outbox.drain();
      // Later mutations need the ids of the cases made: queued once those are known, as an agent would.
      for (const create of creates) {
        const caseId = outbox.results.get(create.id)!.result!.case!.id;
        outbox.queue.push(
          { id: uuidv7(), name: 'updateCase', args: { caseId, priority: 'high', version: 1 } },
          { id: uuidv7(), name: 'recordReply', args: { caseId, text: 'We are on it' } },
          { id: uuidv7(), name: 'addNote', args: { caseId, body: 'Refund sent' } },
        );
      }
      await outbox.drain();
    })().finally(() => { done = true; });

    const kills: string[] = [];
    const fates: number[] = [];
    const committed = async (ids: string[]) => count(`SELECT count(*) FROM mutations WHERE id IN (${ids.map(() => '?').join(', ')})`, ids);
    const kill = async (ids: string[] | undefined, before: number, when: string) => {
      await api.kill('SIGKILL');
      const kept = ids ? await committed(ids) : 0;
      fates.push(kept);
      const fate = !ids ? 'between pushes' : before > 0 ? 'a retry of a committed batch' : kept === 0 ? 'rolled back' : 'committed, answer lost';
      kills.push(`${when}, ${outbox.results.size} answered: ${fate}`);
    };
    const chaos = (async () => {
      for (const [k, mode] of (['at random', 'answer lost', 'at random'] as const).entries()) {
        const answered = outbox.results.size;
        // After each revival let one batch through, so the kills land at different points of the queue.
        while (!done && (!outbox.inFlight || (k > 0 && outbox.results.size === answered))) await sleep(1);
        if (done) break;
        const before = await committed(outbox.inFlight!); // non-zero: a retry of a batch committed earlier
        if (mode === 'answer lost') {
          // The worst moment: the server committed the batch and died before the client read why.
          await new Promise<void>((lost) => {
            outbox.loseNextAnswer = async () => {
              await kill(outbox.inFlight, before, 'after a commit');
              lost();
            };
          });
        } else {
          const delay = Math.floor(Math.random() * outbox.lastPushMs);
          await sleep(delay);
          await kill(outbox.inFlight, before, `${delay} ms into a push`);
        }
        await api.revive();
      }
    })();
    await Promise.all([pushing, chaos]);

    expect(kills, 'the process was killed three times').toHaveLength(3);
    // A push is one transaction: a batch the process died on is all there or not there at all.
    for (const kept of fates) expect([0, BATCH], kills.join('; ')).toContain(kept);
    expect(fates, kills.join('; ')).toContain(BATCH);
    expect(outbox.networkErrors, kills.join('; ')).toBeGreaterThanOrEqual(3);
    const results = [...outbox.results.values()];
    expect(results).toHaveLength(CASES * 4);
    expect(results.filter((result) => !result.ok)).toEqual([]);

    // Exactly one case per createCase, numbered 1..N without a gap or a repeat.
    const caseIds = creates.map((create) => outbox.results.get(create.id)!.result!.case!.id);
    expect(new Set(caseIds).size).toBe(CASES);
    const rows = (await db.execute('SELECT id, number, version, priority, status FROM cases ORDER BY number')).rows;
    expect(rows.map((row) => Number(row.number))).toEqual(Array.from({ length: CASES }, (_, i) => i + 1));
    expect(rows.map((row) => String(row.id)).sort()).toEqual([...caseIds].sort());
    expect(await count('SELECT count(*) FROM posts')).toBe(CASES);
    expect(await count('SELECT count(*) FROM case_posts')).toBe(CASES);
    expect(await count('SELECT count(*) FROM mutations')).toBe(CASES * 4);

    // Each case: made, re-prioritised, replied to (which opened it) and noted, once each.
    const timeline = await db.execute('SELECT case_id, group_concat(type, \',\') AS types FROM (SELECT case_id, type FROM events ORDER BY type) GROUP BY case_id');
    expect(timeline.rows).toHaveLength(CASES);
    for (const row of timeline.rows) expect(String(row.types)).toBe('created,note,priority,reply,status');
    // Versions: 1 at creation, +1 for the priority, +1 for the reply; the answers said the same.
    for (const row of rows) expect([Number(row.version), row.priority, row.status]).toEqual([3, 'high', 'open']);
    for (const result of results.filter((r) => r.result?.event)) {
      expect(await count('SELECT count(*) FROM events WHERE id = ?', [result.result!.event!.id])).toBe(1);
    }
    const replies = results.filter((r) => r.result?.case && r.result.event);
    expect(replies.map((r) => r.result!.case!.version)).toEqual(Array(CASES).fill(3));
  }, 40_000);
});

describe('pushes delivered twice and out of order', () => {
  it('answer every mutation the same each time and apply it once', async () => {
    const push = async (mutations: Mutation[]) => {
      const reply = await api.call('POST', '/sync/push', { mutations });
      expect(reply.status).toBe(200);
      return reply.body.results as Result[];
    };
    const made = await push([0, 1, 2].map((i) => ({ id: uuidv7(), name: 'createCase', args: { post: post(1000 + i) } })));
    const [one, two, three] = made.map((result) => result.result!.case!);
    const batch: Mutation[] = [
      { id: uuidv7(), name: 'createCase', args: { post: post(2000) } },
      { id: uuidv7(), name: 'createCase', args: { post: post(2001) } },
      { id: uuidv7(), name: 'updateCase', args: { caseId: one!.id, status: 'pending', version: 1 } },
      { id: uuidv7(), name: 'linkPost', args: { caseId: one!.id, post: post(2002) } },
      { id: uuidv7(), name: 'recordReply', args: { caseId: two!.id, text: 'Sorry about that' } },
      { id: uuidv7(), name: 'addNote', args: { caseId: three!.id, body: 'Called the courier' } },
    ];
    const [first, second] = await Promise.all([push(batch), push(batch)]);
    expect(first.every((result) => result.ok)).toBe(true);
    expect(second).toEqual(first);
    const reversed = await push([...batch].reverse());
    expect(reversed).toEqual([...first].reverse());

    const created = [first[0]!, first[1]!].map((result) => result.result!.case!);
    for (const kase of created) expect(await count('SELECT count(*) FROM cases WHERE id = ?', [kase.id])).toBe(1);
    expect(await count('SELECT count(*) FROM posts WHERE external_id IN (?, ?, ?)', [post(2000).externalId, post(2001).externalId, post(2002).externalId])).toBe(3);
    const events = async (caseId: string, type: string) => count('SELECT count(*) FROM events WHERE case_id = ? AND type = ?', [caseId, type]);
    expect([await events(one!.id, 'status'), await events(one!.id, 'post_linked'), await events(two!.id, 'reply'), await events(three!.id, 'note')]).toEqual([1, 1, 1, 1]);
    const versions = (await db.execute({ sql: 'SELECT id, version FROM cases WHERE id IN (?, ?)', args: [one!.id, two!.id] })).rows;
    expect(Object.fromEntries(versions.map((row) => [String(row.id), Number(row.version)]))).toEqual({
      [one!.id]: first[3]!.result!.case!.version, [two!.id]: first[4]!.result!.case!.version,
    });
    expect(first[3]!.result!.case!.version).toBe(3);
  });
});
