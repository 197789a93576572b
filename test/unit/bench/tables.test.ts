import { describe, expect, it } from 'vitest';
import { BenchResults, figure } from '../../bench/results.js';
import { rewriteTables } from '../../bench/tables.js';

const run = { command: 'npm run bench:api', at: '2026-12-06T21:30:00.000Z', node: 'v24.0.0' };
const api = (ratio: number): BenchResults => ({
  run,
  figures: { 'lookup.ratioToHealth': figure(ratio, '×', { atLeast: 0.5 }), 'health.rps': figure(9000, 'req/s') },
});

describe('figures a machine can read', () => {
  it('judges a figure by its goal, and a figure with none is only reported', () => {
    expect(figure(0.46, '×', { atLeast: 0.5 })).toEqual({ value: 0.46, unit: '×', target: '≥ 0.5', met: false });
    expect(figure(1.04, '×', { atMost: 1.1 })).toMatchObject({ target: '≤ 1.1', met: true });
    expect(figure(0, 'count', { equals: 0 })).toMatchObject({ met: true });
    expect(figure(3, 'ms')).toEqual({ value: 3, unit: 'ms', target: '–', met: true });
    expect(BenchResults.safeParse({ figures: { x: { value: '1', unit: 'ms', target: '', met: true } } }).success).toBe(false);
  });
});

describe('BENCHMARKS.md tables rewritten from bench-results', () => {
  const doc = '# Benchmarks\n\nPreamble.\n\n## API throughput\n\nProse that stays.\n';

  it('adds a missing table under a new section before the first benchmark, and keeps the prose', () => {
    const text = rewriteTables(doc, { api: api(0.46) });
    expect(text.indexOf('## Latest figures')).toBeGreaterThan(text.indexOf('Preamble.'));
    expect(text.indexOf('## Latest figures')).toBeLessThan(text.indexOf('## API throughput'));
    expect(text).toContain('| `lookup.ratioToHealth` | 0.46 | × | ≥ 0.5 | **✗** |');
    expect(text).toContain('| `health.rps` | 9,000 | req/s | – |  |');
    expect(text).toContain('Prose that stays.');
  });

  it('replaces a table in place on the next run, leaving one copy', () => {
    const first = rewriteTables(doc, { api: api(0.46) });
    const second = rewriteTables(first, { api: api(0.61) });
    expect(second).toContain('| `lookup.ratioToHealth` | 0.61 | × | ≥ 0.5 | ✓ |');
    expect(second).not.toContain('0.46');
    expect(second.match(/<!-- figures:api -->/g)).toHaveLength(1);
    // A second benchmark's table joins the same section.
    const third = rewriteTables(second, { load: { figures: { 'load.errors.1p': figure(0, 'count', { equals: 0 }) } } });
    expect(third.match(/## Latest figures/g)).toHaveLength(1);
    expect(third.indexOf('<!-- figures:load -->')).toBeLessThan(third.indexOf('## API throughput'));
    expect(third.indexOf('<!-- figures:load -->')).toBeGreaterThan(third.indexOf('<!-- /figures:api -->'));
  });

  it('escapes a pipe in a unit or target so the table keeps its columns', () => {
    const text = rewriteTables(doc, { x: { figures: { a: { value: 1, unit: 'a|b', target: '≤ 2', met: true } } } });
    expect(text).toContain('| `a` | 1 | a\\|b | ≤ 2 | ✓ |');
  });
});
