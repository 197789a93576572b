/**
 * The people of `npm run bench:load`: agents seeded straight into the database (sign-in is
 * throttled, and 200 argon2 hashes would be most of the setup), each holding an event stream the
 * way the extension opens it, and writers working their own cases one request at a time.
 */
import http from 'node:http';
import { performance } from 'node:perf_hooks';
import { createParser } from 'eventsource-parser';
import { v7 as uuidv7 } from 'uuid';
import { hashPassword } from '../../api/auth/passwords.js';
import { newToken } from '../../api/auth/tokens.js';
import type { Database } from '../../api/db/client.js';
import { newId } from '../../api/db/ids.js';
import { tokens } from '../../api/db/schema.js';
import { createAgent, createOrg } from '../../api/ops/orgs.js';

export interface Person {
  id: string;
  orgId: string;
  token: string;
}

/** `sizes[i]` agents in organisation i (its admin is the first of them). */
export async function seedPeople(db: Database, sizes: number[]): Promise<Person[][]> {
  const passwordHash = await hashPassword('load bench password');
  const now = new Date();
  return db.tx(async (tx) => {
    const orgs: Person[][] = [];
    for (const [o, size] of sizes.entries()) {
      const { org, agent: admin } = await createOrg(tx, `Load org ${o}`, { email: `admin${o}@load.test`, name: `Admin ${o}`, passwordHash }, now);
      const ids = [admin.id];
      for (let i = 1; i < size; i += 1) {
        const agent = await createAgent(tx, { orgId: org.id, agentId: admin.id }, { email: `agent${o}-${i}@load.test`, name: `Agent ${o}-${i}`, role: 'agent', passwordHash }, now);
        ids.push(agent.id);
      }
      const people = ids.map((id) => ({ id, orgId: org.id, ...newToken() }));
      await tx.insert(tokens).values(people.map((person) => ({
        id: newId(), tokenHash: person.hash, agentId: person.id, orgId: org.id, createdAt: now, expiresAt: new Date(now.getTime() + 86_400_000),
      })));
      orgs.push(people.map(({ id, orgId, token }) => ({ id, orgId, token })));
    }
    return orgs;
  });
}

/** Writers' requests share kept-alive sockets; every stream has its own (agent: false). */
let keptAlive = new http.Agent({ keepAlive: true, maxSockets: 512 });

/**
 * Closes the writers' idle sockets. Between rounds a stopped server lets them pass its keep-alive
 * timeout; one reused as the server closes it would fail a request for a reason no desk meets.
 */
export function closeIdleConnections(): void {
  keptAlive.destroy();
  keptAlive = new http.Agent({ keepAlive: true, maxSockets: 512 });
}

export interface Answer {
  status: number;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- each caller reads the fields it expects
  body: any;
}

export function call(base: string, method: string, path: string, token?: string, body?: unknown): Promise<Answer> {
  const payload = body === undefined ? undefined : JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const request = http.request(`${base}${path}`, {
      method, agent: keptAlive,
      headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(payload ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) } : {}) },
    }, (response) => {
      let text = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (text += chunk));
      response.on('end', () => {
        try {
          resolve({ status: response.statusCode ?? 0, body: text ? JSON.parse(text) : undefined });
        } catch (error) {
          reject(error);
        }
      });
      response.on('error', reject);
    });
    request.on('error', reject);
    request.end(payload);
  });
}

export interface Stream {
  person: Person;
  /** The API process it is connected to. */
  base: string;
  /** Every `change` event: its cursor and when it arrived (performance.now()). */
  changes: { cursor: number; at: number }[];
  /** Set when the stream failed: refused, dropped by the server, or a socket error. */
  failure?: string;
  /** Resolves at the first event (the current cursor). */
  ready: Promise<void>;
  close(): void;
}

/** `GET /events` as the extension's live link opens it, parsed with a real SSE parser. */
export function openStream(base: string, person: Person): Stream {
  let closing = false;
  let markReady!: () => void;
  const stream: Stream = {
    person, base, changes: [], ready: new Promise<void>((resolve) => (markReady = resolve)),
    close() {
      closing = true;
      request.destroy();
    },
  };
  const fail = (why: string) => {
    if (closing || stream.failure) return;
    stream.failure = why;
    markReady(); // a failed stream is counted, not waited for
  };
  const parser = createParser({
    onEvent(event) {
      if (event.event !== 'change') return;
      stream.changes.push({ cursor: Number((JSON.parse(event.data) as { cursor: string }).cursor), at: performance.now() });
      markReady();
    },
  });
  const request = http.get(`${base}/events`, { agent: false, headers: { authorization: `Bearer ${person.token}`, accept: 'text/event-stream' } }, (response) => {
    if (response.statusCode !== 200) {
      fail(`events answered ${response.statusCode}`);
      response.resume();
      return;
    }
    response.setEncoding('utf8');
    response.on('data', (chunk: string) => parser.feed(chunk));
    response.on('end', () => fail('the server ended the stream'));
    response.on('error', (error) => fail(`stream error: ${error.message}`));
  });
  request.on('error', (error) => fail(`stream error: ${error.message}`));
  return stream;
}

export type WriteKind = 'create' | 'note' | 'status' | 'assign' | 'pushNote';
/** One acknowledged write and what names it in the change log: a new case, a new event, or the case's next row. */
export interface Write {
  writer: number;
  /** The API process it was written through. */
  base: string;
  orgId: string;
  kind: WriteKind;
  caseId: string;
  eventId?: string;
  sentAt: number;
  ackAt: number;
}

// A desk's round on one case before it opens the next.
const round: WriteKind[] = ['create', 'note', 'status', 'assign', 'pushNote', 'status', 'note', 'assign'];

/**
 * One writer: one request at a time until `until` (performance.now()), on cases only it touches,
 * so each case's rows in the change log follow this writer's order. Failures go to `errors`.
 */
export async function runWriter(base: string, writer: number, me: Person, team: Person[], until: number, writes: Write[], errors: string[]): Promise<void> {
  let current: { id: string; version: number } | undefined;
  let step = 0;
  let opened = 0;
  while (performance.now() < until) {
    const kind: WriteKind = current ? round[step % round.length]! : 'create';
    const sentAt = performance.now();
    let answer: Answer;
    try {
      answer = await writeOnce(base, kind, me, team, writer, opened, step, current);
    } catch (error) {
      errors.push(`writer ${writer} ${kind}: ${(error as Error).message}`);
      current = undefined;
      continue;
    }
    const ackAt = performance.now();
    if (answer.status < 200 || answer.status > 299) {
      errors.push(`writer ${writer} ${kind}: ${answer.status} ${JSON.stringify(answer.body).slice(0, 200)}`);
      current = undefined; // start afresh on a case whose state is known
      step = 0;
      continue;
    }
    const body = answer.body;
    if (kind === 'create') {
      opened += 1;
      current = { id: body.case.id, version: body.case.version };
    }
    if (kind === 'status' || kind === 'assign') current!.version = body.case.version;
    const eventId = kind === 'note' ? body.event.id : kind === 'pushNote' ? body.results[0]?.result?.event?.id : undefined;
    if (kind === 'pushNote' && !body.results[0]?.ok) errors.push(`writer ${writer} pushNote: ${JSON.stringify(body.results[0])}`);
    else writes.push({ writer, base, orgId: me.orgId, kind, caseId: current!.id, eventId, sentAt, ackAt });
    step += 1;
  }
}

function writeOnce(base: string, kind: WriteKind, me: Person, team: Person[], writer: number, opened: number, step: number, current?: { id: string; version: number }): Promise<Answer> {
  switch (kind) {
    case 'create': {
      const externalId = `${7_000_000 + writer}${String(opened).padStart(8, '0')}`;
      const handle = `load_${writer}`;
      return call(base, 'POST', '/cases', me.token, {
        post: { platform: 'x', externalId, url: `https://x.com/${handle}/status/${externalId}`, author: { handle, displayName: `Customer ${writer}` }, text: `Order ${externalId} has not arrived`, postedAt: new Date().toISOString() },
      });
    }
    case 'note':
      return call(base, 'POST', `/cases/${current!.id}/notes`, me.token, { body: `Checked with the carrier (${step})` });
    case 'status':
      return call(base, 'PATCH', `/cases/${current!.id}`, me.token, { status: step % round.length === 2 ? 'open' : 'pending', version: current!.version });
    case 'assign':
      return call(base, 'PATCH', `/cases/${current!.id}`, me.token, { assigneeId: team[(writer + step) % team.length]!.id, version: current!.version });
    case 'pushNote':
      return call(base, 'POST', '/sync/push', me.token, { mutations: [{ id: uuidv7(), name: 'addNote', args: { caseId: current!.id, body: `Pushed note (${step})` } }] });
  }
}
