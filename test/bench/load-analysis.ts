/**
 * What a load run delivered, judged against the change log itself: each acknowledged write is
 * found by the row that names it, and an agent has it once its stream told a cursor at or past
 * that row. Events are cursors only, so a cursor that is not one of the agent's organisation's
 * rows is a change told to the wrong organisation.
 */
import { performance } from 'node:perf_hooks';
import type { Queryable } from '../../api/db/client.js';
import type { Stream, Write } from './load-agents.js';

export interface Delivery {
  writes: number;
  /** Acknowledged writes some agent of the organisation never heard of. */
  undelivered: number;
  /** Cursors an agent was told that are not its organisation's. */
  wrongOrg: number;
  /** A stream told a cursor not past the one before it. */
  notIncreasing: number;
  /** Acknowledged writes with no row in the change log. */
  unlogged: number;
  writeMs: number[];
  /** From the write's acknowledgement to the moment the last agent of its organisation was told. */
  deliveredMs: number[];
  /** From the acknowledgement to the first agent of the organisation told: the rest is fan-out. */
  firstToldMs: number[];
  /** From the change's time in the log (the server's clock as the write began, before its commit) to the last agent told. */
  madeToToldMs: number[];
  /** Acknowledgement → the last agent told, among agents on the process the write went through, and on the others. */
  sameProcessMs: number[];
  otherProcessMs: number[];
  events: number;
}


/** For each stream, the running highest cursor: the first entry at or past a seq is when the agent knew of it. */
function knownFrom(stream: Stream): { cursor: number; at: number }[] {
  let highest = -1;
  const known: { cursor: number; at: number }[] = [];
  for (const change of stream.changes) {
    if (change.cursor <= highest) continue;
    highest = change.cursor;
    known.push(change);
  }
  return known;
}

function firstAtOrPast(known: { cursor: number; at: number }[], seq: number): number | undefined {
  let low = 0;
  let high = known.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (known[mid]!.cursor >= seq) high = mid;
    else low = mid + 1;
  }
  return known[low]?.at;
}

export async function judge(db: Queryable, writes: Write[], streams: Stream[], sinceSeq: number): Promise<Delivery> {
  const orgOfSeq = new Map<number, string>();
  const madeAt = new Map<number, number>(); // seq → its created_at on this process's performance clock
  const eventSeq = new Map<string, number>();
  const caseSeqs = new Map<string, number[]>();
  for (const row of (await db.execute({ sql: 'SELECT seq, org_id, entity, entity_id, created_at FROM changes ORDER BY seq' })).rows) {
    const seq = Number(row[0]);
    orgOfSeq.set(seq, String(row[1]));
    if (seq <= sinceSeq) continue;
    madeAt.set(seq, Number(row[4]) - performance.timeOrigin);
    if (row[2] === 'event') eventSeq.set(String(row[3]), seq);
    if (row[2] === 'case') caseSeqs.set(String(row[3]), [...(caseSeqs.get(String(row[3])) ?? []), seq]);
  }

  let wrongOrg = 0;
  let notIncreasing = 0;
  let events = 0;
  for (const stream of streams) {
    let last = -1;
    for (const { cursor } of stream.changes) {
      events += 1;
      if (cursor !== 0 && orgOfSeq.get(cursor) !== stream.person.orgId) wrongOrg += 1;
      if (cursor <= last) notIncreasing += 1;
      last = cursor;
    }
  }

  // A writer's writes are in its order; a case's next row after the writer's last write is this one's.
  const lastSeqOf = new Map<number, number>();
  const seqOf = (write: Write): number | undefined => {
    if (write.eventId) return eventSeq.get(write.eventId);
    const after = lastSeqOf.get(write.writer) ?? sinceSeq;
    return caseSeqs.get(write.caseId)?.find((seq) => seq > after);
  };
  type Known = { base: string; known: { cursor: number; at: number }[] };
  const byOrg = new Map<string, Known[]>();
  for (const stream of streams) byOrg.set(stream.person.orgId, [...(byOrg.get(stream.person.orgId) ?? []), { base: stream.base, known: knownFrom(stream) }]);

  const result: Delivery = { writes: writes.length, undelivered: 0, wrongOrg, notIncreasing, unlogged: 0, writeMs: [], deliveredMs: [], firstToldMs: [], madeToToldMs: [], sameProcessMs: [], otherProcessMs: [], events };
  for (const write of [...writes].sort((a, b) => a.writer - b.writer || a.sentAt - b.sentAt)) {
    result.writeMs.push(write.ackAt - write.sentAt);
    const seq = seqOf(write);
    if (seq === undefined) {
      result.unlogged += 1;
      continue;
    }
    lastSeqOf.set(write.writer, seq);
    let firstTold = Infinity;
    let lastTold = -Infinity;
    let lastSame = -Infinity;
    let lastOther = -Infinity;
    let missed = false;
    for (const { base, known } of byOrg.get(write.orgId) ?? []) {
      const at = firstAtOrPast(known, seq);
      if (at === undefined) missed = true;
      else {
        firstTold = Math.min(firstTold, at);
        lastTold = Math.max(lastTold, at);
        if (base === write.base) lastSame = Math.max(lastSame, at);
        else lastOther = Math.max(lastOther, at);
      }
    }
    if (missed) result.undelivered += 1;
    else {
      result.deliveredMs.push(lastTold - write.ackAt);
      result.firstToldMs.push(firstTold - write.ackAt);
      result.madeToToldMs.push(lastTold - madeAt.get(seq)!);
      if (lastSame > -Infinity) result.sameProcessMs.push(lastSame - write.ackAt);
      if (lastOther > -Infinity) result.otherProcessMs.push(lastOther - write.ackAt);
    }
  }
  return result;
}
