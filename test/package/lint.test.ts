import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildExtension, listFiles, root, scratchDir, sh } from './build.js';

interface LintMessage {
  code: string;
  message: string;
  file?: string;
  line?: number;
  column?: number;
}
interface LintReport {
  summary: { errors: number; notices: number; warnings: number };
  errors: LintMessage[];
  notices: LintMessage[];
  warnings: LintMessage[];
}

/**
 * The warnings `web-ext lint` may still give, each with where it comes from (README, "web-ext lint").
 * A warning is explained when the code at its place is that dependency's own: none from Parley's code.
 */
const explained: { code: string; source: string; at: RegExp }[] = [
  // react-dom writes `dangerouslySetInnerHTML` through `innerHTML`; Parley never passes it.
  { code: 'UNSAFE_VAR_ASSIGNMENT', source: 'react-dom', at: /__html[\s\S]*\.innerHTML\s*=/ },
  // core-js 2 (bundled by twitter-text) finds the global object with `Function('return this')`.
  { code: 'DANGEROUS_EVAL', source: 'core-js 2 via twitter-text', at: /Function\(\s*[`'"]return this[`'"]\s*\)/ },
];

/** The code around a message's place in the built file. */
async function codeAt(dir: string, message: LintMessage): Promise<string> {
  if (!message.file || !message.line) return '';
  const line = (await readFile(join(dir, message.file), 'utf8')).split('\n')[message.line - 1] ?? '';
  const column = message.column ?? 0;
  return line.slice(Math.max(0, column - 400), column + 200);
}

let outDir: string;
let built: string;
let report: LintReport;

beforeAll(async () => {
  outDir = await scratchDir('lint');
  built = await buildExtension('firefox', outDir);
  // web-ext exits non-zero on errors; the JSON report says which, so read it either way.
  const printed = await sh('npx', ['web-ext', 'lint', '--source-dir', built, '--output=json', '--no-input'], root).catch(
    (error: Error) => error.message.slice(error.message.indexOf('{')),
  );
  report = JSON.parse(printed.slice(printed.indexOf('{'), printed.lastIndexOf('}') + 1)) as LintReport;
}, 180_000);
afterAll(() => rm(outDir, { recursive: true, force: true }));

it('web-ext lint finds no error in the Firefox build', () => {
  expect(report.errors).toEqual([]);
  expect(report.summary.errors).toBe(0);
});

it("every warning left is a dependency's own, from the explained list", async () => {
  const unexplained: string[] = [];
  for (const warning of [...report.warnings, ...report.notices]) {
    const code = await codeAt(built, warning);
    if (!explained.some((known) => known.code === warning.code && known.at.test(code))) {
      unexplained.push(`${warning.code} ${warning.file ?? ''}:${warning.line ?? ''} ${warning.message}`);
    }
  }
  expect(unexplained).toEqual([]);
});

it("zod's JIT probe is not in the package: no DANGEROUS_EVAL besides core-js's", async () => {
  for (const warning of report.warnings.filter((w) => w.code === 'DANGEROUS_EVAL')) {
    expect(await codeAt(built, warning)).toMatch(explained[1]!.at);
  }
});

it("Parley's own code writes no HTML and builds no code from strings, so the warnings above cannot be its own", async () => {
  const found: string[] = [];
  for (const file of await listFiles(join(root, 'extension'))) {
    if (!/\.(ts|tsx)$/.test(file)) continue;
    const text = await readFile(join(root, 'extension', file), 'utf8');
    if (/dangerouslySetInnerHTML|\.(inner|outer)HTML\s*=|insertAdjacentHTML|\beval\(|new Function\b/.test(text)) found.push(file);
  }
  expect(found).toEqual([]);
});
