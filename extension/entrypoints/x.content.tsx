import { defineContentScript } from 'wxt/utils/define-content-script';
import { startOverlay } from '../overlay/runtime.js';
import { xAdapter } from '../sites/x/adapter.js';

export default defineContentScript({
  matches: ['https://x.com/*', 'https://twitter.com/*'],
  runAt: 'document_idle',
  cssInjectionMode: 'manual',
  // The page needs no word of Parley starting (WXT's coming default; a CustomEvent still tells older instances).
  noScriptStartedPostMessage: true,
  main(ctx) {
    startOverlay(ctx, xAdapter);
  },
});
