import { defineConfig } from 'wxt';

/**
 * `npm run build:test` (PARLEY_BUILD=test) is the store build with open shadow roots, so end-to-end
 * tests can reach the bars; it goes to its own folder and nothing else differs.
 */
const testBuild = process.env.PARLEY_BUILD === 'test';

// The extension's source lives in extension/ (entrypoints, site adapters, overlay, store).
export default defineConfig({
  srcDir: 'extension',
  ...(testBuild ? { outDirTemplate: '{{browser}}-mv{{manifestVersion}}-test' } : {}),
  vite: () => ({ define: { 'import.meta.env.PARLEY_SHADOW_MODE': JSON.stringify(testBuild ? 'open' : 'closed') } }),
  // Manifest V3 for Firefox too (WXT would default it to V2).
  manifestVersion: 3,
  modules: ['@wxt-dev/module-react'],
  // Every import is written out: a reader sees where each name comes from.
  imports: false,
  zip: { excludeSources: ['scratch/**', 'data/**', '.output/**'] },
  manifest: ({ browser }) => ({
    name: 'Parley',
    description: 'Social customer care on x.com and facebook.com: who the customer is, what to answer, where the case stands.',
    // notifications: a case assigned to the agent, or due soon; alarms: the minute's check for them.
    permissions: ['storage', 'contextMenus', 'clipboardWrite', 'notifications', 'alarms'],
    // The toolbar button opens the queue in the side panel (see the background).
    action: { default_title: 'Parley: the team\'s queue' },
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
      ? { browser_specific_settings: { gecko: { id: 'parley@parley.app', data_collection_permissions: { required: ['none'] } } } }
      : {}),
  }),
});
