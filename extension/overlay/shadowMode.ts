/**
 * How Parley's shadow roots are made: closed in the store build, so the page can neither read nor
 * click what Parley shows; open only in the end-to-end build (`npm run build:test`).
 */
export const shadowMode: 'open' | 'closed' = import.meta.env.PARLEY_SHADOW_MODE === 'open' ? 'open' : 'closed';

declare global {
  interface ImportMetaEnv {
    /** Set by wxt.config.ts at build time. */
    readonly PARLEY_SHADOW_MODE?: 'open' | 'closed';
  }
}
