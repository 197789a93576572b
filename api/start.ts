/** `npm start`: build the extension (when present), then run the API and say where everything is. */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { runFromCli } from './main.js';

const root = resolve(import.meta.dirname, '..');
const entrypoints = resolve(root, 'extension/entrypoints');
const built = resolve(root, '.output/chrome-mv3');

let extensionLine = 'Extension: not part of this build yet.';
if (existsSync(entrypoints)) {
  execFileSync('npx', ['wxt', 'build'], { cwd: root, stdio: 'inherit' });
  extensionLine = `Extension built: load ${built} as an unpacked extension (chrome://extensions → Developer mode).`;
}

await runFromCli(() => [extensionLine]);
