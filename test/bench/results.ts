/**
 * Benchmark figures a machine can read: each benchmark writes `bench-results/<name>.json` as
 * `{"figures": {"<figure>": {"value", "unit", "target", "met"}}}`, so a later run can be compared
 * with this one without reading prose. `npm run bench` (./all.ts) rewrites BENCHMARKS.md's tables
 * from these files.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { z } from 'zod';

export const resultsDir = resolve(import.meta.dirname, '../../bench-results');

export const Figure = z.object({
  value: z.number(),
  unit: z.string(),
  /** What the figure must be, as text (`≤ 1.10`), or `–` for a figure only reported. */
  target: z.string(),
  met: z.boolean(),
});
export type Figure = z.infer<typeof Figure>;

export const BenchResults = z.object({
  figures: z.record(z.string(), Figure),
  /** When and how the run was made: the command, the date, the machine. */
  run: z.object({ command: z.string(), at: z.string(), node: z.string(), note: z.string().optional() }).optional(),
});
export type BenchResults = z.infer<typeof BenchResults>;

type Goal = { atMost: number } | { atLeast: number } | { equals: number };

/** A figure with a goal: `met` is computed from the goal, and the target reads as the goal does. */
export function figure(value: number, unit: string, goal?: Goal, target?: string): Figure {
  if (!goal) return { value, unit, target: target ?? '–', met: true };
  if ('atMost' in goal) return { value, unit, target: target ?? `≤ ${goal.atMost}`, met: value <= goal.atMost };
  if ('atLeast' in goal) return { value, unit, target: target ?? `≥ ${goal.atLeast}`, met: value >= goal.atLeast };
  return { value, unit, target: target ?? `= ${goal.equals}`, met: value === goal.equals };
}

/** Collects one benchmark's figures and writes them to `bench-results/<name>.json`. */
export class Results {
  readonly figures: Record<string, Figure> = {};
  constructor(readonly name: string, private readonly command = `npm run bench:${name}`) {}

  add(name: string, value: number, unit: string, goal?: Goal, target?: string): Figure {
    const made = figure(value, unit, goal, target);
    this.figures[name] = made;
    return made;
  }

  /** True when every figure with a goal met it. */
  get met(): boolean {
    return Object.values(this.figures).every((entry) => entry.met);
  }

  write(note?: string): string {
    const results: BenchResults = {
      figures: this.figures,
      run: { command: this.command, at: new Date().toISOString(), node: process.version, ...(note ? { note } : {}) },
    };
    mkdirSync(resultsDir, { recursive: true });
    const path = resolve(resultsDir, `${this.name}.json`);
    writeFileSync(path, `${JSON.stringify(BenchResults.parse(results), null, 2)}\n`);
    return path;
  }
}

/** The p-th percentile (0–100) of `values`, the value at that rank in sorted order; NaN when there are none. */
export function percentile(values: number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

export const median = (values: number[]) => percentile(values, 50);

export function readResults(name: string): BenchResults | undefined {
  try {
    return BenchResults.parse(JSON.parse(readFileSync(resolve(resultsDir, `${name}.json`), 'utf8')));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}
