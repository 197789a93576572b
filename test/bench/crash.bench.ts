/**
 * `npm run bench:crash`: the crash test's run (test/api/crash-driver.ts) with more kills —
 * CRASH_KILLS, 500 by default — and its figures in bench-results/crash.json.
 */
import { loadavg } from 'node:os';
import { crashRun } from '../api/crash-driver.js';
import { percentile, Results } from './results.js';

const kills = Number(process.env.CRASH_KILLS ?? 500);
const outboxes = Number(process.env.CRASH_OUTBOXES ?? 5);
const slots = Number(process.env.CRASH_SLOTS ?? 2);

const load = () => loadavg()[0]!.toFixed(1);
const loadBefore = load();
const report = await crashRun({ kills, outboxes, slots, drainMs: 120_000, log: (line) => console.log(line) });
const loadAfter = load();

const results = new Results('crash');
results.add('crash.kills', report.kills, 'kills', { atLeast: 100 });
results.add('crash.killsMidRequest', report.killsMidRequest, 'kills');
results.add('crash.integrityChecks', report.integrityChecks, 'checks');
results.add('crash.integrityFailures', report.integrityFailures.length, 'checks', { equals: 0 });
results.add('crash.acknowledged', report.acknowledged, 'mutations');
results.add('crash.resent', report.resent, 'mutations');
results.add('crash.replayed', report.replayed, 'mutations');
results.add('crash.lost', report.lost.length, 'mutations', { equals: 0 });
results.add('crash.duplicated', report.duplicated.length, 'mutations', { equals: 0 });
results.add('crash.undrained', report.undrained, 'mutations', { equals: 0 });
results.add('crash.refused', report.refused.length, 'mutations', { equals: 0 });
results.add('crash.internalErrors', report.internalErrors, 'results');
results.add('crash.startFailures', report.startFailures.length, 'starts');
results.add('crash.restart.p50', Math.round(percentile(report.restartMs, 50)), 'ms');
results.add('crash.restart.p95', Math.round(percentile(report.restartMs, 95)), 'ms');
results.add('crash.pushes', report.pushes, 'requests');
results.add('crash.elapsed', Math.round(report.elapsedMs / 1000), 's');
const note = `${kills} kills, ${outboxes} outboxes, ${slots} API processes on one file; load average ${loadBefore} before, ${loadAfter} after`;
const path = results.write(note);

console.log(`\nnode ${process.version}, ${note}\n`);
console.log('| figure | value | target |\n|---|---:|---:|');
for (const [name, entry] of Object.entries(results.figures)) {
  console.log(`| ${name} | ${entry.value} ${entry.unit} | ${entry.target}${entry.target === '–' ? '' : entry.met ? ' ✓' : ' ✗'} |`);
}
for (const [what, items] of [['integrity', report.integrityFailures], ['lost', report.lost], ['duplicated', report.duplicated], ['start failures', report.startFailures]] as const) {
  if (items.length > 0) console.log(`\n${what}:\n${items.slice(0, 20).join('\n')}`);
}
if (report.refused.length > 0) console.log(`\nrefused:\n${report.refused.slice(0, 20).map((r) => `${r.name} ${r.id}: ${r.error.code} ${r.error.message}`).join('\n')}`);
console.log(`\nwritten to ${path}`);
