import { defineContentScript } from 'wxt/utils/define-content-script';
import { startOverlay } from '../overlay/runtime.js';
import { xAdapter } from '../sites/x/adapter.js';

export default defineContentScript({
  matches: ['https://x.com/*', 'https://twitter.com/*'],
  runAt: 'document_idle',
  cssInjectionMode: 'manual',
  main(ctx) {
    startOverlay(ctx, xAdapter);
  },
});
