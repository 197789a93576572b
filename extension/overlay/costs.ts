/**
 * What finding posts and mounting bars cost, counted in end-to-end builds only (`npm run
 * build:test`) so `npm run bench:overlay` can split Parley's time per post and per bar. The store
 * build has no counters: the constant below makes every use dead code.
 */
export interface Costs {
  /** Posts found and read (each one adopted by a scan). */
  found: number;
  findMs: number;
  /** Bars mounted beside posts. */
  mounted: number;
  mountMs: number;
}

export const costs: Costs | undefined = import.meta.env.PARLEY_COUNT_COSTS ? { found: 0, findMs: 0, mounted: 0, mountMs: 0 } : undefined;
// The content script's own global, in its isolated world: the page cannot see it, the bench reads it over CDP.
if (costs) (globalThis as { __parleyCosts?: Costs }).__parleyCosts = costs;

declare global {
  interface ImportMetaEnv {
    /** Set by wxt.config.ts: true in the end-to-end build. */
    readonly PARLEY_COUNT_COSTS?: boolean;
  }
}
