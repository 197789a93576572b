import { mkdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildEnv, listFiles, readJson, root, scratchDir, sh } from './build.js';

/**
 * AMO's reviewers unpack the sources archive, install with `npm ci` and build; the result must be
 * the Firefox package, file by file. This test does the same, in a folder of its own.
 */
const needed = ['package.json', 'package-lock.json', 'wxt.config.ts', 'tsconfig.json', 'api/contract.ts'];
const neededFolders = ['extension/entrypoints/', 'api/domain/', 'public/'];
const keptOut = [/^test\//, /^node_modules\//, /^\.output\//, /^data\//, /^scratch\//, /^api\/(db|routes|ops)\//, /^\.ci\//];

let work: string;
let zips: { firefox: string; sources: string };
let sources: string[];

beforeAll(async () => {
  work = await scratchDir('sources');
  const out = join(work, 'out');
  await sh('npx', ['wxt', 'zip', '-b', 'firefox'], root, buildEnv({ PARLEY_OUT_DIR: out }));
  const { version } = await readJson<{ version: string }>(join(root, 'package.json'));
  zips = { firefox: join(out, `parley-${version}-firefox.zip`), sources: join(out, `parley-${version}-sources.zip`) };
  sources = (await sh('unzip', ['-Z1', zips.sources], work)).split('\n').filter((line) => line && !line.endsWith('/'));
}, 120_000);
afterAll(() => rm(work, { recursive: true, force: true }));

it('the sources archive holds what a rebuild needs', () => {
  for (const file of needed) expect(sources).toContain(file);
  for (const folder of neededFolders) expect(sources.some((file) => file.startsWith(folder)), folder).toBe(true);
});

it('the sources archive leaves out tests, their data, build output, installed packages and the server side', () => {
  expect(sources.filter((file) => keptOut.some((pattern) => pattern.test(file)))).toEqual([]);
});

it('npm ci and the Firefox build in the unpacked sources give the Firefox package, byte for byte', async () => {
  const unpacked = join(work, 'unpacked');
  const packaged = join(work, 'packaged');
  await mkdir(unpacked);
  await mkdir(packaged);
  await sh('unzip', ['-q', zips.sources, '-d', unpacked], work);
  await sh('unzip', ['-q', zips.firefox, '-d', packaged], work);

  const started = Date.now();
  await sh('npm', ['ci', '--no-audit', '--no-fund'], unpacked);
  console.info(`npm ci in the unpacked sources: ${((Date.now() - started) / 1000).toFixed(1)} s`);
  await sh('npm', ['run', 'build:firefox'], unpacked);

  const rebuilt = join(unpacked, '.output', 'firefox-mv3');
  const files = await listFiles(packaged);
  expect(await listFiles(rebuilt)).toEqual(files);
  const differing: string[] = [];
  for (const file of files) {
    const [a, b] = await Promise.all([readFile(join(packaged, file)), readFile(join(rebuilt, file))]);
    if (!a.equals(b)) differing.push(file);
  }
  expect(differing).toEqual([]);
}, 600_000);
