/**
 * What the file holds of each acknowledged mutation, counted from a read-only connection: its row
 * in the applied-mutation table, and its effect — a case by its post's external id, a note by its
 * body, a case's status and assignment events and its version by the changes acknowledged on it.
 */
import type { Settled } from './crash-outbox.js';
import { openReader } from './crash-processes.js';

/**
 * `replayed`: acknowledged by a push sent after the server had recorded it, i.e. the push that
 * applied it lost its answer to a kill, and the stored result was sent instead.
 */
export function countEffects(path: string, settled: Settled[]): { lost: string[]; duplicated: string[]; replayed: number } {
  const db = openReader(path);
  const count = (sql: string, ...args: unknown[]) => Number((db.prepare(sql).raw(true).get(args) as unknown[])[0]);
  // The keys' own columns first, so each count is an index look-up: the run has one organisation.
  const org = String((db.prepare('SELECT id FROM orgs').raw(true).get([]) as unknown[])[0]);
  const lost: string[] = [];
  const duplicated: string[] = [];
  const expectOne = (what: string, n: number) => {
    if (n === 0) lost.push(what);
    if (n > 1) duplicated.push(`${what} ×${n}`);
  };
  try {
    let replayed = 0;
    for (const mutation of settled) {
      const appliedAt = db.prepare('SELECT created_at FROM mutations WHERE org_id = ? AND id = ?').raw(true).get([org, mutation.id]) as [number] | undefined;
      if (appliedAt && appliedAt[0] < mutation.sentAt) replayed += 1;
    }
    const updates = new Map<string, { status: number; assigned: number; last?: string; assignee?: string }>();
    for (const mutation of settled) {
      expectOne(`${mutation.name} ${mutation.id} in mutations`, count('SELECT COUNT(*) FROM mutations WHERE org_id = ? AND id = ?', org, mutation.id));
      if (mutation.name === 'createCase') {
        const externalId = (mutation.args.post as { externalId: string }).externalId;
        const caseId = (mutation.result.case as { id: string }).id;
        expectOne(`post ${externalId}`, count(`SELECT COUNT(*) FROM posts WHERE org_id = ? AND platform = 'x' AND external_id = ?`, org, externalId));
        // The case the answer named is the one the post is on: a retry was answered with the first result.
        expectOne(`case ${caseId} of post ${externalId}`, count(
          `SELECT COUNT(*) FROM case_posts JOIN posts ON posts.id = case_posts.post_id WHERE posts.org_id = ? AND posts.platform = 'x' AND posts.external_id = ? AND case_posts.case_id = ?`, org, externalId, caseId,
        ));
        expectOne(`created event of ${caseId}`, count(`SELECT COUNT(*) FROM events WHERE case_id = ? AND type = 'created'`, caseId));
        updates.set(caseId, updates.get(caseId) ?? { status: 0, assigned: 0 });
      } else if (mutation.name === 'addNote') {
        expectOne(`note ${mutation.id}`, count(
          `SELECT COUNT(*) FROM events WHERE type = 'note' AND case_id = ? AND json_extract(data, '$.body') = ?`, mutation.args.caseId, mutation.args.body,
        ));
      } else if (mutation.name === 'updateCase') {
        const caseId = String(mutation.args.caseId);
        const seen = updates.get(caseId) ?? { status: 0, assigned: 0 };
        if (mutation.args.status) Object.assign(seen, { status: seen.status + 1, last: mutation.args.status });
        if (mutation.args.assigneeId) Object.assign(seen, { assigned: seen.assigned + 1, assignee: mutation.args.assigneeId });
        updates.set(caseId, seen);
      }
    }
    // Each case is changed by the one outbox that opened it, in order: its events and version follow from what was acknowledged.
    for (const [caseId, want] of updates) {
      const events = (type: string) => count('SELECT COUNT(*) FROM events WHERE case_id = ? AND type = ?', caseId, type);
      for (const [type, n] of [['status', want.status], ['assigned', want.assigned]] as const) {
        const got = events(type);
        if (got < n) lost.push(`${n - got} ${type} events of case ${caseId}`);
        if (got > n) duplicated.push(`${got - n} ${type} events of case ${caseId} more than acknowledged`);
      }
      const row = db.prepare('SELECT version, status, assignee_id FROM cases WHERE id = ?').raw(true).get([caseId]) as [number, string, string | null] | undefined;
      const version = 1 + want.status + want.assigned;
      if (!row) lost.push(`case ${caseId}`);
      else if (row[0] !== version || row[1] !== (want.last ?? 'new') || row[2] !== (want.assignee ?? null)) {
        (row[0] > version ? duplicated : lost).push(`case ${caseId} at version ${row[0]} (${row[1]}, ${row[2]}), acknowledged ${version} (${want.last}, ${want.assignee})`);
      }
    }
    // Nothing more than was acknowledged: no note, post or case of a change applied twice under another row.
    const notes = settled.filter((m) => m.name === 'addNote').length;
    const opened = settled.filter((m) => m.name === 'createCase').length;
    for (const [what, want, got] of [
      ['notes', notes, count(`SELECT COUNT(*) FROM events WHERE type = 'note'`)],
      ['posts', opened, count('SELECT COUNT(*) FROM posts')],
      ['cases', opened, count('SELECT COUNT(*) FROM cases')],
      ['applied mutations', settled.length, count('SELECT COUNT(*) FROM mutations')],
    ] as const) {
      if (got > want) duplicated.push(`${got - want} ${what} more than acknowledged`);
    }
    return { lost, duplicated, replayed };
  } finally {
    db.close();
  }
}
