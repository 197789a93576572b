/**
 * BENCHMARKS.md's tables of figures, rewritten from `bench-results/*.json`: each table sits between
 * `<!-- figures:<name> -->` and `<!-- /figures:<name> -->`, and a benchmark whose table is not in the
 * file yet gets one at the end of the "Latest figures" section.
 */
import type { BenchResults } from './results.js';

const SECTION = '## Latest figures — `npm run bench`';

const number = (value: number) => {
  if (!Number.isFinite(value)) return String(value);
  const digits = Math.abs(value) >= 100 || Number.isInteger(value) ? 0 : Math.abs(value) >= 1 ? 2 : 3;
  return value.toLocaleString('en-GB', { maximumFractionDigits: digits, minimumFractionDigits: 0 });
};

const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');

export function table(name: string, results: BenchResults): string {
  const lines = [
    `<!-- figures:${name} -->`,
    `\`bench-results/${name}.json\`${results.run ? `, ${results.run.at.slice(0, 16).replace('T', ' ')} UTC, \`${results.run.command}\`, node ${results.run.node}` : ''}${results.run?.note ? ` — ${cell(results.run.note)}` : ''}:`,
    '',
    '| figure | value | unit | target | met |',
    '|---|---:|---|---:|:---:|',
    ...Object.entries(results.figures).map(([figure, entry]) =>
      `| \`${figure}\` | ${number(entry.value)} | ${cell(entry.unit)} | ${cell(entry.target)} | ${entry.target === '–' ? '' : entry.met ? '✓' : '**✗**'} |`),
    `<!-- /figures:${name} -->`,
  ];
  return lines.join('\n');
}

/** The markdown with every named table replaced by the one built from its results. */
export function rewriteTables(markdown: string, all: Record<string, BenchResults>): string {
  let text = markdown;
  const missing: string[] = [];
  for (const [name, results] of Object.entries(all)) {
    const begin = `<!-- figures:${name} -->`;
    const end = `<!-- /figures:${name} -->`;
    const from = text.indexOf(begin);
    const to = text.indexOf(end, from);
    if (from === -1 || to === -1) {
      missing.push(name);
      continue;
    }
    text = text.slice(0, from) + table(name, results) + text.slice(to + end.length);
  }
  if (missing.length === 0) return text;
  const added = missing.map((name) => table(name, all[name]!)).join('\n\n');
  const at = text.indexOf(SECTION);
  if (at === -1) {
    // The section goes before the first benchmark's own section, after the file's preamble.
    const first = text.indexOf('\n## ');
    const section = `${SECTION}\n\nEach table is rewritten by \`npm run bench\` from the figures the benchmarks write; the sections below\nsay how each figure is measured and keep earlier runs.\n\n${added}\n`;
    return first === -1 ? `${text.trimEnd()}\n\n${section}` : `${text.slice(0, first + 1)}\n${section}${text.slice(first)}`;
  }
  const next = text.indexOf('\n## ', at + SECTION.length);
  const insertAt = next === -1 ? text.length : next;
  return `${text.slice(0, insertAt).trimEnd()}\n\n${added}\n${text.slice(insertAt)}`;
}
