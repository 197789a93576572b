/**
 * What the page has shown of authors' reach. A post never shows its author's followers; a profile
 * header or a hover card does. Kept for the tab's life (the sites change pages without loading
 * one), it goes with each of that author's posts: into the case made from it (the server keeps it
 * on the author's profile), the suggested priority and, on search and mentions, the alert.
 */
import { normalizeHandle } from '../../api/domain/handles.js';
import type { Platform, PostData, ReachReading } from '../sites/types.js';
import { loadTones } from './link.js';
import type { OverlayStore } from './store.js';

export class ReachMemory {
  readonly #followers = new Map<string, number>();

  constructor(private readonly platform: Platform) {}

  /** Keeps the readings; answers the handles whose count is new or changed. */
  remember(readings: readonly ReachReading[]): Set<string> {
    const changed = new Set<string>();
    for (const { handle, followers } of readings) {
      const key = normalizeHandle(this.platform, handle);
      if (this.#followers.get(key) === followers) continue;
      this.#followers.set(key, followers);
      changed.add(key);
    }
    return changed;
  }

  /** The post with its author's followers, when the page has shown them. */
  withReach(post: PostData): PostData {
    const followers = this.#followers.get(normalizeHandle(this.platform, post.author.handle));
    return followers === undefined || post.author.followers === followers ? post : { ...post, author: { ...post.author, followers } };
  }

  /** Gives the bars of these authors' posts their reach; on a listening page, asks again how far they stand out. */
  apply(store: OverlayStore, handles: ReadonlySet<string>): void {
    const keys: string[] = [];
    for (const key of store.keys()) {
      const post = store.bar(key)?.post;
      if (!post || !handles.has(normalizeHandle(this.platform, post.author.handle))) continue;
      store.update(key, { post: this.withReach(post) });
      keys.push(key);
    }
    if (keys.length > 0 && store.page.listening) void loadTones(store, this.platform, keys).catch(() => undefined);
  }
}
