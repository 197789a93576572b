/**
 * What the bars on one page show, kept outside React: each bar subscribes to its own post only,
 * so an answer about one post re-renders one bar.
 */
import type { CaseView, CustomerCard, PostFeedback, PostTone, PresenceNote, SessionState } from '../protocol.js';
import type { PostData } from '../sites/types.js';

export type Panel = 'none' | 'customer' | 'editCustomer' | 'case' | 'suggest' | 'form';

export interface BarState {
  post: PostData;
  /** undefined: not known yet; null: the post is in no case. */
  kase: CaseView | null | undefined;
  customer: CustomerCard | null | undefined;
  panel: Panel;
  /** Text the agent highlighted, prefilled as the case excerpt. */
  excerpt: string;
  /** A short line under the bar: what just happened, or why something failed. */
  notice?: { kind: 'info' | 'error'; text: string };
  /** Other agents on this post right now. */
  presence: PresenceNote[];
  /** How the post reads, on search and mentions pages. */
  tone?: PostTone;
  /** Written by one of the team's own profiles. */
  brand?: boolean;
  /** The template of the suggestion last put into this post's reply box: the reply sent next came from it. */
  inserted?: { templateId: string } | undefined;
  /** A brand post recorded as the team's reply on this case. */
  answered?: { caseId: string; number: number };
  /** The post's voice-of-the-customer tag: undefined not known yet, null none; `pending` until the server has it. */
  feedback?: (PostFeedback & { pending?: boolean }) | null;
  /** When the agent's last change to the tag settled here (Infinity while one is on its way): answers asked before it are older. */
  feedbackAt?: number;
  /** A brand post on a thread: the post in a case it answers, the nearest above it by someone else. */
  answering?: { postKey: string; caseId: string; number: number; open: boolean };
}

export interface PageState {
  session: SessionState | undefined;
  /** Actions waiting for the server, and whether it is out of reach. */
  waiting: number;
  offline: boolean;
  /** The agent's changes set aside for their decision, in Parley's options. */
  held: number;
  agents: Record<string, string>;
  theme: 'light' | 'dark';
  now: number;
  /** A search or mentions page: bars show how posts read, and open a case in one click. */
  listening: boolean;
  /** A post with its replies below it (an X status page, a Facebook post): the team's replies answer the posts above. */
  thread: boolean;
}

type Listener = () => void;

/** Values from messages are plain data: the same JSON is the same value. */
function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  return JSON.stringify(a) === JSON.stringify(b);
}

export class OverlayStore {
  #bars = new Map<string, BarState>();
  #barListeners = new Map<string, Set<Listener>>();
  #page: PageState = { session: undefined, waiting: 0, offline: false, held: 0, agents: {}, theme: 'light', now: Date.now(), listening: false, thread: false };
  #pageListeners = new Set<Listener>();
  #anyListeners = new Set<Listener>();

  bar(key: string): BarState | undefined {
    return this.#bars.get(key);
  }

  keys(): IterableIterator<string> {
    return this.#bars.keys();
  }

  add(key: string, post: PostData): void {
    if (!this.#bars.has(key)) this.#bars.set(key, { post, kase: undefined, customer: undefined, panel: 'none', excerpt: '', presence: [] });
  }

  delete(key: string): void {
    this.#bars.delete(key);
    this.#barListeners.delete(key);
  }

  update(key: string, change: Partial<BarState> | ((bar: BarState) => Partial<BarState>)): void {
    const bar = this.#bars.get(key);
    if (!bar) return;
    const patch = typeof change === 'function' ? change(bar) : change;
    if ((Object.keys(patch) as (keyof BarState)[]).every((name) => sameValue(patch[name], bar[name]))) return;
    const next = { ...bar, ...patch };
    this.#bars.set(key, next);
    for (const listener of this.#barListeners.get(key) ?? []) listener();
    for (const listener of this.#anyListeners) listener();
  }

  /** Any bar's change (what the bars say about each other follows it). */
  subscribeAny(listener: Listener): () => void {
    this.#anyListeners.add(listener);
    return () => this.#anyListeners.delete(listener);
  }

  subscribeBar(key: string, listener: Listener): () => void {
    let listeners = this.#barListeners.get(key);
    if (!listeners) this.#barListeners.set(key, (listeners = new Set()));
    listeners.add(listener);
    return () => listeners.delete(listener);
  }

  get page(): PageState {
    return this.#page;
  }

  updatePage(change: Partial<PageState>): void {
    // Every bar listens to the page state: an answer that says the same again must not re-render them all.
    const changed = (Object.keys(change) as (keyof PageState)[]).some((name) => !sameValue(change[name], this.#page[name]));
    if (!changed) return;
    this.#page = { ...this.#page, ...change };
    for (const listener of this.#pageListeners) listener();
  }

  subscribePage(listener: Listener): () => void {
    this.#pageListeners.add(listener);
    return () => this.#pageListeners.delete(listener);
  }

  /** Every change a bar renders: its own post's, and the page's. */
  subscribeUpdates(key: string, listener: Listener): () => void {
    const stopBar = this.subscribeBar(key, listener);
    const stopPage = this.subscribePage(listener);
    return () => {
      stopBar();
      stopPage();
    };
  }
}
