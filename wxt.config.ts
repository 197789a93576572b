import { defineConfig } from 'wxt';
import type { Plugin } from 'vite';

/**
 * `npm run build:test` (PARLEY_BUILD=test) is the store build with open shadow roots, so end-to-end
 * tests can reach the bars; it goes to its own folder and nothing else differs.
 */
const testBuild = process.env.PARLEY_BUILD === 'test';

/**
 * zod runs jitless in the extension: MV3's CSP forbids eval, and zod's JIT probe (`new Function`)
 * is what `web-ext lint` reports as DANGEROUS_EVAL. `z.config({ jitless: true })` is zod's switch
 * at run time; answering "no eval" in zod's own check does the same from zod's first line, in every
 * entrypoint, before any schema is built, and lets the minifier drop the probe: the package carries
 * no Function constructor from zod.
 */
const ZOD_JIT_CHECK = 'if (globalConfig.jitless) {';
function zodJitless(): Plugin {
  return {
    name: 'parley:zod-jitless',
    transform(code, id) {
      if (!/[\\/]zod[\\/]v4[\\/]core[\\/]util\.js$/.test(id)) return null;
      // A zod that moved its check must fail the build, not ship the probe again.
      if (!code.includes(ZOD_JIT_CHECK)) this.error(`zod's JIT check is gone from ${id}: update parley:zod-jitless`);
      return { code: code.replace(ZOD_JIT_CHECK, 'if (true) {'), map: null };
    },
  };
}

// The extension's source lives in extension/ (entrypoints, site adapters, overlay, store).
export default defineConfig({
  srcDir: 'extension',
  ...(testBuild ? { outDirTemplate: '{{browser}}-mv{{manifestVersion}}-test' } : {}),
  vite: () => ({ plugins: [zodJitless()], define: {
    'import.meta.env.PARLEY_SHADOW_MODE': JSON.stringify(testBuild ? 'open' : 'closed'),
    'import.meta.env.PARLEY_COUNT_COSTS': JSON.stringify(testBuild),
  } }),
  // Manifest V3 for Firefox too (WXT would default it to V2).
  manifestVersion: 3,
  // webextension-polyfill: `browser` is the same promise-based API on Chrome and Firefox.
  modules: ['@wxt-dev/module-react', '@wxt-dev/webextension-polyfill'],
  // Every import is written out: a reader sees where each name comes from.
  imports: false,
  // Package tests build into folders of their own (PARLEY_OUT_DIR), so they never race each other.
  ...(process.env.PARLEY_OUT_DIR ? { outDir: process.env.PARLEY_OUT_DIR } : {}),
  zip: {
    // The Firefox sources archive holds what a rebuild needs, and nothing else: the extension, the
    // parts of api/ it imports (the wire contract, the pure domain), public assets, the configs and
    // the lockfile. Tests, their data and the API's server side stay out.
    includeSources: [
      'package.json',
      'package-lock.json',
      'wxt.config.ts',
      'tsconfig.json',
      'README.md',
      'PRIVACY.md',
      'extension/**',
      'api/contract.ts',
      'api/contract/**',
      'api/domain/**',
      'public/**',
    ],
    excludeSources: ['scratch/**', 'data/**', '.output/**', 'test/**'],
  },
  manifest: ({ browser }) => ({
    name: 'Parley',
    description: 'Social customer care on x.com and facebook.com: who the customer is, what to answer, where the case stands.',
    // notifications: a case assigned to the agent, or due soon; alarms: the minute's check for them.
    permissions: ['storage', 'contextMenus', 'clipboardWrite', 'notifications', 'alarms'],
    // The toolbar button opens the queue in the side panel (see the background).
    action: { default_title: 'Parley: the team\'s queue', default_icon: { 16: 'icon/16.png', 32: 'icon/32.png', 48: 'icon/48.png', 128: 'icon/128.png' } },
    // A server on this machine needs no prompt; any other server is asked for at sign-in, and the
    // API answers CORS for extension origins until it is granted.
    host_permissions: ['http://127.0.0.1/*', 'http://localhost/*'],
    optional_host_permissions: ['https://*/*', 'http://*/*'],
    commands: {
      'create-case': {
        suggested_key: { default: 'Alt+Shift+C' },
        description: 'Create a Parley case from the selected text',
      },
    },
    ...(browser === 'firefox'
      ? {
          browser_specific_settings: {
            gecko: {
              id: 'parley@parley.app',
              // What goes to the team's server (docs/store/permissions.md): the text and links of the
              // posts the agent acts on and the replies recorded, customers' names and handles, the
              // agent's sign-in.
              data_collection_permissions: {
                required: ['websiteContent', 'websiteActivity', 'personallyIdentifyingInfo', 'authenticationInfo'],
              },
            },
          },
        }
      : {}),
  }),
});
