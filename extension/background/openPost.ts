/**
 * "Open the post" from the side panel: the tab already showing the case's post comes to the
 * front, else a new tab opens at the post's address; either way the post is scrolled into view
 * and its bar says it was opened from the queue. Tabs are asked through their content scripts'
 * ports, so Parley needs no permission to read the agent's tabs.
 */
import { browser, type Browser } from 'wxt/browser';
import { CaseDetail } from '../../api/contract.js';
import { openStore } from '../store/db.js';
import type { TabMessage } from '../protocol.js';
import { callApi } from './api.js';
import { currentSession } from './session.js';

const LOCATE_MS = 800;
/** How long a new tab has to load its content script before the post is no longer looked for there. */
const NEW_TAB_MS = 60_000;

export function createPostOpener(tabPorts: () => Browser.runtime.Port[]) {
  let nextRequest = 1;
  const located = new Map<number, (found: boolean) => void>();
  // Tabs opened for a post: the post to show once their content script is there.
  const awaited = new Map<number, { postKey: string; until: number }>();

  const send = (port: Browser.runtime.Port, message: TabMessage) => {
    try {
      port.postMessage(message);
    } catch {
      // The tab went away.
    }
  };

  /** The case's posts, first first; and where the first can be opened. */
  async function postsOf(caseId: string): Promise<{ keys: string[]; url: string | null }> {
    const store = await openStore();
    const keys = (await store.getAllKeysFromIndex('postCases', 'byCase', caseId)).map(String).sort();
    const session = await currentSession();
    if (session && !session.expired) {
      try {
        const detail = await callApi({ serverUrl: session.serverUrl, token: session.token }, 'GET', `/cases/${caseId}`, CaseDetail);
        const first = detail.posts[0];
        if (first) return { keys: [...new Set([`${first.platform}:${first.externalId}`, ...keys])], url: first.url };
      } catch {
        // Out of reach: the cache knows enough for X.
      }
    }
    const x = keys.find((key) => key.startsWith('x:'));
    return { keys, url: x ? `https://x.com/i/web/status/${x.slice(2)}` : null };
  }

  async function locate(port: Browser.runtime.Port, postKeys: string[]): Promise<boolean> {
    const requestId = nextRequest++;
    const answer = new Promise<boolean>((resolve) => {
      located.set(requestId, resolve);
      setTimeout(() => resolve(false), LOCATE_MS);
    });
    send(port, { type: 'post.locate', requestId, postKeys });
    const found = await answer;
    located.delete(requestId);
    return found;
  }

  return {
    /** Answers where the post was shown: an open tab, a new one, or nowhere (no address known). */
    async open(caseId: string): Promise<{ opened: 'tab' | 'new' | 'none' }> {
      const { keys, url } = await postsOf(caseId);
      if (keys.length === 0 && !url) return { opened: 'none' };
      const ports = tabPorts().filter((port) => port.sender?.frameId === 0 && port.sender.tab?.id !== undefined);
      const answers = await Promise.all(ports.map(async (port) => ((await locate(port, keys)) ? port : undefined)));
      const port = answers.find((each) => each !== undefined);
      if (port) {
        const tab = port.sender!.tab!;
        await browser.tabs.update(tab.id!, { active: true });
        if (tab.windowId !== undefined) await browser.windows.update(tab.windowId, { focused: true }).catch(() => undefined);
        send(port, { type: 'post.focus', postKeys: keys });
        return { opened: 'tab' };
      }
      if (!url) return { opened: 'none' };
      const created = await browser.tabs.create({ url, active: true });
      if (created.id !== undefined) awaited.set(created.id, { postKey: keys[0] ?? '', until: Date.now() + NEW_TAB_MS });
      return { opened: 'new' };
    },
    /** A content script connected: if its tab was opened for a post, show it. */
    connected(port: Browser.runtime.Port): void {
      const tabId = port.sender?.tab?.id;
      const waiting = tabId === undefined ? undefined : awaited.get(tabId);
      if (!waiting || port.sender?.frameId !== 0) return;
      awaited.delete(tabId!);
      if (waiting.until > Date.now() && waiting.postKey) send(port, { type: 'post.focus', postKeys: [waiting.postKey] });
    },
    /** A tab's answer to `post.locate`. */
    answered(requestId: number, found: boolean): void {
      located.get(requestId)?.(found);
    },
  };
}
