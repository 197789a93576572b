/**
 * `npm run bench`: every benchmark and evaluation in turn (one failing does not stop the rest), then BENCHMARKS.md's
 * tables rewritten from the figures they wrote to `bench-results/`. Exits non-zero when a benchmark
 * failed or a figure missed its target. BENCH_ONLY=api,load runs some of them.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { readResults, resultsDir, type BenchResults } from './results.js';
import { rewriteTables } from './tables.js';

const root = resolve(import.meta.dirname, '../..');
// Each writes bench-results/<name>.json; the two evaluations measure quality, not speed, and run here too.
const scripts: Record<string, string> = {
  db: 'bench:db', api: 'bench:api', overlay: 'bench:overlay', sync: 'bench:sync', load: 'bench:load', crash: 'bench:crash',
  tone: 'eval:tone', suggest: 'eval:suggest',
};
const benches = Object.keys(scripts);
const only = process.env.BENCH_ONLY?.split(',').map((name) => name.trim()).filter(Boolean);
const chosen = only ? benches.filter((name) => only.includes(name)) : benches;

const failed: string[] = [];
for (const name of chosen) {
  // A figure left from an earlier run must not pass for this one's.
  rmSync(resolve(resultsDir, `${name}.json`), { force: true });
  console.log(`\n== npm run ${scripts[name]}`);
  const run = spawnSync('npm', ['run', scripts[name]!], { cwd: root, stdio: 'inherit' });
  if (run.status !== 0) failed.push(`${scripts[name]} exited with ${run.status ?? run.signal}`);
}

const all: Record<string, BenchResults> = {};
for (const name of benches) {
  const results = readResults(name);
  if (!results) {
    if (chosen.includes(name)) failed.push(`${scripts[name]} wrote no bench-results/${name}.json`);
    continue;
  }
  all[name] = results;
  for (const [figure, entry] of Object.entries(results.figures)) {
    if (!entry.met) failed.push(`${name}.json ${figure} = ${entry.value} ${entry.unit}, target ${entry.target}`);
  }
}
const path = resolve(root, 'BENCHMARKS.md');
writeFileSync(path, rewriteTables(readFileSync(path, 'utf8'), all));
console.log(`\nBENCHMARKS.md: tables of ${Object.keys(all).join(', ') || 'no benchmark'} rewritten`);
if (failed.length > 0) {
  console.log(`\nnot met or failed:\n${failed.map((line) => `- ${line}`).join('\n')}`);
  process.exitCode = 1;
}
