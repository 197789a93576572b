/**
 * Opening a case in full in the side panel, from a bar or a notification. Chrome opens its side
 * panel only within the agent's click, so `open` calls it before anything else; Firefox opens its
 * sidebar only from its own buttons and the extension's pages, so there (or when Chrome refuses) a
 * panel already showing gets the case, and otherwise the panel's page opens in a tab.
 */
import type { Browser } from 'wxt/browser';
import type { TabMessage } from '../protocol.js';

/** A panel that opens within this long of the request shows the case asked for. */
export const FRESH_MS = 15_000;

export interface ChromeSidePanel {
  open(options: { tabId?: number; windowId?: number }): Promise<void>;
}

type Port = Pick<Browser.runtime.Port, 'postMessage' | 'sender'>;

export interface PanelHost {
  /** The panels connected now: Chrome's side panel or Firefox's sidebar (no tab), or the panel's page in a tab. */
  panels(): Port[];
  /** Chrome's side panel API; absent in Firefox. */
  sidePanel: ChromeSidePanel | undefined;
  /** Brings a tab (and its window) to the front. */
  showTab(tabId: number, windowId: number | undefined): Promise<void>;
  /** Opens the panel's page at `#case=<id>` in a new tab. */
  openTab(caseId: string, windowId: number | undefined): Promise<void>;
  now?: () => number;
}

export interface PanelOpener {
  /** Shows the case in the panel; `where` is the tab or window the agent acted in. */
  open(caseId: string, where: { tabId?: number | undefined; windowId?: number | undefined }): Promise<{ opened: 'panel' | 'tab' }>;
  /** A panel connected: it shows the case asked for just before it opened. */
  connected(port: Port): void;
}

export function createPanelOpener(host: PanelHost): PanelOpener {
  const now = host.now ?? Date.now;
  let asked: { caseId: string; at: number } | undefined;
  const tell = (port: Port, caseId: string) => {
    try {
      port.postMessage({ type: 'panel.show', caseId } satisfies TabMessage);
    } catch {
      // A panel closing as it is told: the next one asks again.
    }
  };

  async function fallBack(caseId: string, windowId: number | undefined): Promise<{ opened: 'panel' | 'tab' }> {
    const open = host.panels();
    // A sidebar already open (it has no tab) was told: it shows the case where the agent is.
    if (open.some((port) => !port.sender?.tab)) return { opened: 'panel' };
    const page = open.map((port) => port.sender?.tab).find((tab) => tab?.id !== undefined);
    asked = undefined;
    if (page?.id !== undefined) await host.showTab(page.id, page.windowId);
    else await host.openTab(caseId, windowId);
    return { opened: 'tab' };
  }

  return {
    open(caseId, where) {
      asked = { caseId, at: now() };
      // First, while the click still counts: the browser's own side panel.
      let opening: Promise<void> | undefined;
      try {
        if (host.sidePanel && where.tabId !== undefined) opening = host.sidePanel.open({ tabId: where.tabId });
        else if (host.sidePanel && where.windowId !== undefined) opening = host.sidePanel.open({ windowId: where.windowId });
      } catch (error) {
        opening = Promise.reject(error);
      }
      for (const port of host.panels()) tell(port, caseId);
      if (!opening) return fallBack(caseId, where.windowId);
      return opening.then(() => ({ opened: 'panel' as const }), () => fallBack(caseId, where.windowId));
    },
    connected(port) {
      if (asked && now() - asked.at < FRESH_MS) tell(port, asked.caseId);
      asked = undefined;
    },
  };
}
