import { readFileSync } from 'node:fs';
import { JSDOM, VirtualConsole, type DOMWindow } from 'jsdom';
import { afterEach } from 'vitest';
import { fixturePages, fixturePath, type FixturePageName } from '../../fixtures/pages.js';

const open: JSDOM[] = [];
afterEach(() => {
  // Fixture scripts keep timers; closing their windows after each test stops them.
  for (const dom of open.splice(0)) dom.window.close();
});

export interface LoadedPage {
  window: DOMWindow;
  document: Document;
  /** Errors the page's own scripts threw. */
  errors: string[];
}

/**
 * Loads a fixture page at the address the site serves it at. Without `scripts` the page is the
 * static markup; with them, its stand-in site code (composers, dialogs, infinite scroll) runs.
 */
export function loadPage(name: FixturePageName, { scripts = false } = {}): LoadedPage {
  const errors: string[] = [];
  const virtualConsole = new VirtualConsole();
  virtualConsole.on('jsdomError', (error) => errors.push(error.message));
  const dom = new JSDOM(readFileSync(fixturePath(name), 'utf8'), {
    url: fixturePages[name].url,
    pretendToBeVisual: true,
    virtualConsole,
    ...(scripts ? { runScripts: 'dangerously' as const } : {}),
  });
  if (scripts) open.push(dom);
  return { window: dom.window, document: dom.window.document, errors };
}

/**
 * Gives a jsdom window the DataTransfer and ClipboardEvent constructors Chromium has, so the
 * paste path can run against the fixture editors.
 */
export function installClipboardEvents(window: DOMWindow): void {
  class TestDataTransfer {
    readonly #data = new Map<string, string>();
    setData(type: string, value: string) {
      this.#data.set(type, value);
    }
    getData(type: string) {
      return this.#data.get(type) ?? '';
    }
  }
  class TestClipboardEvent extends window.Event {
    readonly clipboardData: TestDataTransfer | null;
    constructor(type: string, init: EventInit & { clipboardData?: TestDataTransfer } = {}) {
      super(type, init);
      this.clipboardData = init.clipboardData ?? null;
    }
  }
  Object.assign(window, { DataTransfer: TestDataTransfer, ClipboardEvent: TestClipboardEvent });
}

/**
 * Chromium's `execCommand('insertText')`: the browser edits the DOM at the caret itself and fires
 * a non-cancelable `input` per line (a line break is an `insertText` without data), no `beforeinput`.
 */
export function installExecCommand(window: DOMWindow, { fireInput = true } = {}): void {
  const doc = window.document;
  const input = (target: Element, data: string) =>
    target.dispatchEvent(new window.InputEvent('input', { inputType: 'insertText', data, bubbles: true }));
  Object.assign(doc, {
    execCommand: (command: string, _showUi: boolean, value: string) => {
      const target = doc.activeElement;
      const selection = window.getSelection();
      if (command !== 'insertText' || !target || !selection?.rangeCount) return false;
      value.split('\n').forEach((line, index) => {
        if (index > 0 && fireInput) input(target, '');
        selection.getRangeAt(0).insertNode(doc.createTextNode(line));
        if (fireInput) input(target, line);
      });
      return true;
    },
  });
}

/** Waits for the fixture editors' asynchronous re-render. */
export const settle = (ms = 60) => new Promise((resolve) => setTimeout(resolve, ms));

export function must<T>(value: T | null | undefined, what = 'value'): T {
  if (value === null || value === undefined) throw new Error(`missing ${what}`);
  return value;
}
