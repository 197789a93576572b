/**
 * How writes are gathered into groups when COMMITs are slow: writers a group answered join the
 * next group instead of splitting it, and a writer alone never waits for company. The transaction
 * here only takes time to commit, as an fsync does; test/api/db/groupCommit.test.ts runs the
 * groups on a real libSQL file.
 */
import { describe, expect, it } from 'vitest';
import { groupCommit, type WriteTransaction } from '../../../api/db/groupCommit.js';

const COMMIT_MS = 3;
const turn = () => new Promise<void>((done) => setImmediate(done));

/** Group sizes, in order, and the pause before each group after the one before it committed. */
function slowCommits() {
  const sizes: number[] = [];
  const pauses: number[] = [];
  let committedAt: number | undefined;
  const tx = groupCommit(async (): Promise<WriteTransaction> => {
    if (committedAt !== undefined) pauses.push(performance.now() - committedAt);
    sizes.push(0);
    const nothing = async () => ({ rows: [], columns: [], columnTypes: [], rowsAffected: 0, lastInsertRowid: undefined, toJSON: () => ({}) });
    return {
      execute: nothing,
      first: async () => undefined,
      batch: async (stmts) => Promise.all(stmts.map(nothing)),
      commit: async () => {
        await new Promise((done) => setTimeout(done, COMMIT_MS));
        committedAt = performance.now();
      },
      rollback: async () => {},
      close: () => {},
    };
  });
  const write = () => tx(async () => {
    sizes[sizes.length - 1]! += 1;
  });
  return { sizes, pauses, write };
}

/** A writer sending `count` writes one after another, a moment apart, as a client does. */
async function writer(write: () => Promise<void>, count: number): Promise<void> {
  for (let i = 0; i < count; i++) {
    await write();
    await turn();
  }
}

describe('gathering writes into groups', () => {
  it('lets the writers one group answered join the next, instead of the groups splitting in two', async () => {
    const { sizes, write } = slowCommits();
    // Half the writers start a moment after the first group did: it holds four, the next the others.
    const first = Array.from({ length: 4 }, () => writer(write, 10));
    await turn();
    const second = Array.from({ length: 4 }, () => writer(write, 10));
    await Promise.all([...first, ...second]);
    expect(sizes.reduce((sum, size) => sum + size, 0)).toBe(80);
    // Without gathering the groups stay 4, 4, 4 … (20 COMMITs); gathered, they become whole.
    expect(sizes[0]).toBe(4);
    expect(sizes.slice(1, -1)).toEqual(Array.from({ length: sizes.length - 2 }, () => 8));
    expect(sizes.length).toBeLessThanOrEqual(12);
  });

  it('does not keep a writer alone waiting for writers that have gone', async () => {
    const { sizes, pauses, write } = slowCommits();
    await Promise.all(Array.from({ length: 8 }, () => writer(write, 3)));
    const before = sizes.length;
    await writer(write, 20);
    expect(sizes.slice(before)).toEqual(Array.from({ length: 20 }, () => 1));
    // Once the others are forgotten (one a group), each write starts as soon as the last
    // committed: a wait for company would take at least GATHER_MS (1 ms).
    const settled = pauses.slice(-10).sort((a, b) => a - b);
    expect(settled[5]!).toBeLessThan(0.9);
  });
});
