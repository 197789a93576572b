import { describe, expect, it } from 'vitest';
import { createPanelOpener, FRESH_MS, type PanelHost } from '../../../extension/background/panel.js';

type Port = ReturnType<PanelHost['panels']>[number];

/** A panel's port: what it was told. */
const port = (tab?: { id: number; windowId: number }) => {
  const told: unknown[] = [];
  return { told, port: { postMessage: (message: unknown) => told.push(message), sender: tab ? { tab } : {} } as unknown as Port };
};

function host(options: { sidePanel?: 'opens' | 'refuses' | 'absent'; panels?: Port[] } = {}) {
  const calls: string[] = [];
  let clock = 1_000_000;
  const panels = options.panels ?? [];
  const mode = options.sidePanel ?? 'opens';
  const value: PanelHost = {
    panels: () => panels,
    sidePanel: mode === 'absent' ? undefined : {
      open: (where) => {
        calls.push(`sidePanel.open ${JSON.stringify(where)}`);
        return mode === 'opens' ? Promise.resolve() : Promise.reject(new Error('sidePanel.open() may only be called in response to a user gesture.'));
      },
    },
    showTab: async (tabId, windowId) => void calls.push(`showTab ${tabId} ${windowId}`),
    openTab: async (caseId, windowId) => void calls.push(`openTab ${caseId} ${windowId}`),
    now: () => clock,
  };
  return { value, calls, panels, tick: (ms: number) => (clock += ms) };
}

const CASE = '0190f0e0-0000-7000-8000-000000000001';

describe('opening a case in the side panel', () => {
  it('opens the browser\'s side panel in the agent\'s tab at once, and the panel that connects shows the case', async () => {
    const { value, calls } = host();
    const opener = createPanelOpener(value);
    const answer = opener.open(CASE, { tabId: 7, windowId: 3 });
    // Called before anything is awaited: Chrome allows it only within the click.
    expect(calls).toEqual(['sidePanel.open {"tabId":7}']);
    expect(await answer).toEqual({ opened: 'panel' });
    const panel = port();
    opener.connected(panel.port);
    expect(panel.told).toEqual([{ type: 'panel.show', caseId: CASE }]);
    // Told once: a panel opened later shows the queue.
    const later = port();
    opener.connected(later.port);
    expect(later.told).toEqual([]);
  });

  it('tells a panel that is already open', async () => {
    const open = port();
    const { value } = host({ panels: [open.port] });
    expect(await createPanelOpener(value).open(CASE, { tabId: 7 })).toEqual({ opened: 'panel' });
    expect(open.told).toEqual([{ type: 'panel.show', caseId: CASE }]);
  });

  it('where the side panel cannot open, opens the panel\'s page in a tab at the case', async () => {
    for (const sidePanel of ['refuses', 'absent'] as const) {
      const { value, calls } = host({ sidePanel });
      expect(await createPanelOpener(value).open(CASE, { tabId: 7, windowId: 3 })).toEqual({ opened: 'tab' });
      expect(calls.at(-1)).toBe(`openTab ${CASE} 3`);
    }
  });

  it('where it cannot open, a sidebar already open shows the case, or the tab with the panel\'s page comes to the front', async () => {
    const sidebar = port();
    const withSidebar = host({ sidePanel: 'absent', panels: [sidebar.port] });
    expect(await createPanelOpener(withSidebar.value).open(CASE, { tabId: 7 })).toEqual({ opened: 'panel' });
    expect(sidebar.told).toHaveLength(1);
    expect(withSidebar.calls).toEqual([]);

    const page = port({ id: 12, windowId: 4 });
    const withPage = host({ sidePanel: 'refuses', panels: [page.port] });
    expect(await createPanelOpener(withPage.value).open(CASE, { tabId: 7 })).toEqual({ opened: 'tab' });
    expect(page.told).toEqual([{ type: 'panel.show', caseId: CASE }]);
    expect(withPage.calls.at(-1)).toBe('showTab 12 4');
  });

  it('a panel opened long after the request shows the queue, not an old case', async () => {
    const { value, tick } = host();
    const opener = createPanelOpener(value);
    await opener.open(CASE, { windowId: 3 });
    tick(FRESH_MS + 1);
    const late = port();
    opener.connected(late.port);
    expect(late.told).toEqual([]);
  });
});
