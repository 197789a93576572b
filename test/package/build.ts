import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** The repository's root: package tests run its own scripts. */
export const root = join(import.meta.dirname, '..', '..');

/**
 * The environment a developer's shell would give a build: vitest's own variables (NODE_ENV=test
 * among them) would change what Vite builds, and a test build must not leak into a store build.
 */
export function buildEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (key === 'NODE_ENV' || key.startsWith('VITEST') || key.startsWith('PARLEY_')) continue;
    env[key] = value;
  }
  return { ...env, ...extra };
}

/** Runs a command to its end and returns what it printed; a failure carries its output. */
export async function sh(command: string, args: string[], cwd: string, env = buildEnv()): Promise<string> {
  try {
    const { stdout } = await run(command, args, { cwd, env, maxBuffer: 64 * 1024 * 1024 });
    return stdout;
  } catch (error) {
    const failed = error as { stdout?: string; stderr?: string; message: string };
    throw new Error(`${command} ${args.join(' ')} failed in ${cwd}\n${failed.stdout ?? ''}\n${failed.stderr ?? failed.message}`);
  }
}

/** A folder of its own for one test's build output. */
export const scratchDir = (name: string) => mkdtemp(join(tmpdir(), `parley-${name}-`));

/**
 * Builds the store extension for one browser into `outDir` (as `npm run build` would, with the
 * output folder moved) and returns the built folder.
 */
export async function buildExtension(browser: 'chrome' | 'firefox', outDir: string): Promise<string> {
  await sh('npx', ['wxt', 'build', '-b', browser], root, buildEnv({ PARLEY_OUT_DIR: outDir }));
  return join(outDir, `${browser}-mv3`);
}

/** Every file under `dir`, as sorted paths relative to it. */
export async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => relative(dir, join(entry.parentPath, entry.name)).replaceAll('\\', '/'))
    .sort();
}

export const readJson = async <T>(path: string): Promise<T> => JSON.parse(await readFile(path, 'utf8')) as T;
