import { defineContentScript } from 'wxt/utils/define-content-script';
import { startOverlay } from '../overlay/runtime.js';
import { facebookAdapter } from '../sites/facebook/adapter.js';

export default defineContentScript({
  matches: ['https://www.facebook.com/*'],
  runAt: 'document_idle',
  cssInjectionMode: 'manual',
  // The page needs no word of Parley starting (WXT's coming default; a CustomEvent still tells older instances).
  noScriptStartedPostMessage: true,
  main(ctx) {
    startOverlay(ctx, facebookAdapter);
  },
});
