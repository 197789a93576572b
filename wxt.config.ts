import { defineConfig } from 'wxt';

// The extension's source lives in extension/ (entrypoints, site adapters, overlay, store, sync).
export default defineConfig({
  srcDir: 'extension',
  manifest: ({ browser }) => ({
    name: 'Parley',
    description: 'Social customer care on x.com and facebook.com: who the customer is, what to answer, where the case stands.',
    ...(browser === 'firefox'
      ? { browser_specific_settings: { gecko: { id: 'parley@parley.app', data_collection_permissions: { required: ['none'] } } } }
      : {}),
  }),
});
