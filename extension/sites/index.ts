import { facebookAdapter } from './facebook/adapter.js';
import type { SiteAdapter } from './types.js';
import { xAdapter } from './x/adapter.js';

export type { InsertOutcome, Platform, PostData, SentReply, SiteAdapter } from './types.js';
export { facebookAdapter, xAdapter };

/** Every site Parley works on. */
export const adapters: readonly SiteAdapter[] = [xAdapter, facebookAdapter];

/** The adapter for the page at `url`, if Parley works there. */
export function adapterFor(url: URL): SiteAdapter | undefined {
  return adapters.find((adapter) => adapter.matches(url));
}
