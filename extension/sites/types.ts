/**
 * What every site adapter offers. Nothing outside `extension/sites/` touches a site's own DOM:
 * when X or Facebook change their markup, one adapter (and its selector table) changes.
 */
export type Platform = 'x' | 'facebook';

/** A post as read from the page: the shape of the API's `PostInput`. */
export interface PostData {
  platform: Platform;
  /** X: the tweet id; Facebook: the post id, or the `comment_id` of a comment or reply. */
  externalId: string;
  /** The post's permalink (absolute https URL). */
  url: string;
  author: {
    handle: string;
    displayName: string;
    profileUrl?: string;
    /** Followers, when the page has shown them (a profile header, a hover card): never in a post. */
    followers?: number;
  };
  text: string;
  /** ISO time, when the page shows one. */
  postedAt?: string;
}

/** An account's follower count as the page shows it. */
export interface ReachReading {
  handle: string;
  followers: number;
}

/** How inserting into the site's own composer went. */
export type InsertOutcome =
  | { ok: true }
  /** The editor did not take the text; it was copied to the clipboard for the agent to paste. */
  | { ok: false; copied: boolean };

/** A reply the agent sent with the site's own button. */
export interface SentReply {
  /** The post the composer answered (the case's post). */
  inReplyTo: PostData;
  text: string;
}

export interface SiteAdapter {
  platform: Platform;
  /** Whether this adapter handles the page at `url`. */
  matches(url: URL): boolean;
  /**
   * The post elements under `root` (including `root` itself), one per post a bar belongs to:
   * quoted tweets inside a tweet and promoted posts are not returned.
   */
  findPosts(root: ParentNode): Element[];
  /** Reads a post element; `undefined` when it cannot be read (the post then gets no bar). */
  readPost(element: Element): PostData | undefined;
  /** The element holding the post's text (selection inside it can become a case excerpt). */
  textElement(element: Element): Element | undefined;
  /** Where the bar goes: the overlay's host is inserted right after this node. */
  barAnchor(element: Element): Element;
  /**
   * Opens the site's reply composer for the post (clicking the post's own reply button when no
   * composer is open) and resolves with its editable element, or `undefined` after `timeoutMs`.
   */
  openComposer(element: Element, timeoutMs?: number): Promise<HTMLElement | undefined>;
  /**
   * Puts `text` into the composer the way a user's paste would (the editors ignore DOM edits),
   * checks it landed, and falls back to the clipboard. Never sends.
   */
  insertText(editor: HTMLElement, text: string): Promise<InsertOutcome>;
  /**
   * Calls `onSent` when the agent sends a reply with the site's own button (or Enter where the
   * site sends on Enter). Returns the function that stops watching.
   *
   * Only sends the agent made count (`accept`, by default: events the browser made from real
   * input), so a page script that clicks the send button records nothing.
   */
  watchSentReplies(root: Document, onSent: (reply: SentReply) => void, accept?: (event: Event) => boolean): () => void;
  /** Search results and mentions: where agents go looking for posts that are not cases yet. */
  isListening(url: URL): boolean;
  /** Whether `url` is one post with its replies below it, where the team's replies answer the posts above them. */
  isThread(url: URL): boolean;
  /** The post a reply composer answers, when `element` is inside that composer's editor. */
  composerTarget(element: Element): PostData | undefined;
  /** Follower counts the page shows under `root` (profile headers, hover cards), by handle. */
  readReach(root: ParentNode): ReachReading[];
}
