import { selectAll, type Selectors } from './dom.js';
import { stripDecoys } from './text.js';
import type { InsertOutcome, PostData, SentReply } from './types.js';

/** How long an editor gets to re-render after a paste before the next way is tried. */
export const insertSettleMs = 300;

/**
 * The text in a rich-text editor, one line per block (Draft.js `data-block`, Lexical `<p>`).
 * `blocks` comes from the site's selector table.
 */
export function readComposerText(editor: Element, blocks: Selectors): string {
  const found = selectAll(editor, blocks);
  const outermost = found.filter((block) => !found.some((other) => other !== block && other.contains(block)));
  const lines = outermost.length > 0 ? outermost.map((block) => block.textContent ?? '') : [editor.textContent ?? ''];
  return stripDecoys(lines.join('\n')).replace(/\u00A0/g, ' ').trim();
}

// Editors swap spaces for no-break spaces and split lines into blocks: compare loosely.
const loose = (text: string) => text.replace(/\s+/g, ' ').trim();

function occurrences(haystack: string, needle: string): number {
  if (!needle) return 0;
  let count = 0;
  for (let at = haystack.indexOf(needle); at !== -1; at = haystack.indexOf(needle, at + needle.length)) count++;
  return count;
}

function nextFrame(view: Window | null): Promise<void> {
  return new Promise((resolve) => {
    // Animation frames stop in background tabs; the timer keeps the wait bounded there.
    const timer = setTimeout(resolve, 32);
    view?.requestAnimationFrame?.(() => {
      clearTimeout(timer);
      resolve();
    });
  });
}

/** Resolves true as soon as `check()` holds (after a microtask, then once a frame), false after `timeoutMs`. */
export async function waitUntil(view: Window | null, check: () => boolean, timeoutMs: number): Promise<boolean> {
  await Promise.resolve();
  if (check()) return true;
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    await nextFrame(view);
    if (check()) return true;
  }
  return false;
}

/** Whether `check` holds within `timeoutMs` and still holds once the editor has re-rendered. */
async function holdsAfterRender(view: Window | null, check: () => boolean, timeoutMs: number): Promise<boolean> {
  if (!(await waitUntil(view, check, timeoutMs))) return false;
  // Editors undo DOM changes they did not make on their next render: the text must survive it.
  await nextFrame(view);
  await nextFrame(view);
  return check();
}

/** Resolves with what `find` returns once it returns something, or `undefined` after `timeoutMs`. */
export function waitFor<T>(doc: Document, find: () => T | undefined, timeoutMs: number): Promise<T | undefined> {
  const attempt = (): T | undefined => {
    try {
      return find();
    } catch {
      return undefined;
    }
  };
  const ready = attempt();
  if (ready !== undefined) return Promise.resolve(ready);
  return new Promise((resolve) => {
    let settled = false;
    const Observer = doc.defaultView?.MutationObserver;
    const finish = (value: T | undefined) => {
      if (settled) return;
      settled = true;
      observer?.disconnect();
      clearInterval(poll);
      clearTimeout(timer);
      resolve(value);
    };
    const check = () => {
      const value = attempt();
      if (value !== undefined) finish(value);
    };
    const observer = Observer ? new Observer(check) : undefined;
    observer?.observe(doc, { childList: true, subtree: true });
    // Changes the observer does not report (attributes, focus) still end the wait.
    const poll = setInterval(check, 100);
    const timer = setTimeout(() => finish(undefined), timeoutMs);
  });
}

/** Focuses the editor with the caret after its last character. */
export function placeCaretAtEnd(editor: HTMLElement): void {
  editor.focus();
  const doc = editor.ownerDocument;
  const selection = doc.defaultView?.getSelection();
  if (!selection) return;
  const range = doc.createRange();
  const walker = doc.createTreeWalker(editor, 4 /* NodeFilter.SHOW_TEXT */);
  let lastText: Node | null = null;
  for (let node = walker.nextNode(); node; node = walker.nextNode()) lastText = node;
  const breaks = editor.querySelectorAll('br');
  const lastBreak = breaks[breaks.length - 1];
  if (lastText) {
    range.setStart(lastText, lastText.nodeValue?.length ?? 0);
    range.collapse(true);
  } else if (lastBreak) {
    range.setStartBefore(lastBreak); // an empty line is a lone <br>: the caret goes in that line
    range.collapse(true);
  } else {
    range.selectNodeContents(editor);
    range.collapse(false);
  }
  selection.removeAllRanges();
  selection.addRange(range);
}

/** Dispatches the paste a user's Ctrl+V would; false when this browser cannot build one. */
function dispatchPaste(editor: HTMLElement, text: string): boolean {
  const view = editor.ownerDocument.defaultView;
  if (typeof view?.DataTransfer !== 'function' || typeof view.ClipboardEvent !== 'function') return false;
  try {
    const data = new view.DataTransfer();
    data.setData('text/plain', text);
    const paste = new view.ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true });
    if (paste.clipboardData?.getData('text/plain') !== text) return false;
    editor.dispatchEvent(paste);
    return true;
  } catch {
    return false;
  }
}

function execInsert(editor: HTMLElement, text: string): boolean {
  const doc = editor.ownerDocument;
  if (typeof doc.execCommand !== 'function') return false;
  try {
    return doc.execCommand('insertText', false, text);
  } catch {
    return false;
  }
}

async function copyToClipboard(view: Window | null, text: string): Promise<boolean> {
  try {
    const clipboard = view?.navigator?.clipboard;
    if (!clipboard || typeof clipboard.writeText !== 'function') return false;
    await clipboard.writeText(text);
    return true;
  } catch {
    return false; // no permission or no focus: the agent has to copy it
  }
}

/**
 * Puts `text` into a site's editor the way a user's paste would, checks it landed, then tries
 * `execCommand('insertText')`, and last copies it to the clipboard. Never sends.
 */
export async function insertText(editor: HTMLElement, text: string, blocks: Selectors): Promise<InsertOutcome> {
  const wanted = loose(stripDecoys(text));
  if (!wanted) return { ok: true };
  const view = editor.ownerDocument.defaultView;
  const count = () => occurrences(loose(readComposerText(editor, blocks)), wanted);
  const before = count();
  const landed = () => count() > before;

  placeCaretAtEnd(editor);
  if (dispatchPaste(editor, text) && (await holdsAfterRender(view, landed, insertSettleMs))) return { ok: true };
  placeCaretAtEnd(editor);
  if (execInsert(editor, text) && (await holdsAfterRender(view, landed, insertSettleMs))) return { ok: true };
  return { ok: false, copied: await copyToClipboard(view, text) };
}

/**
 * Wraps `onSent` so a page never sees our errors and one send reported twice (a click and a key
 * for the same action) counts once.
 */
export function sendReporter(onSent: (reply: SentReply) => void): (inReplyTo: PostData, text: string) => void {
  let last = { key: '', at: 0 };
  return (inReplyTo, text) => {
    const key = `${inReplyTo.platform}:${inReplyTo.externalId}:${text}`;
    const now = Date.now();
    if (key === last.key && now - last.at < 1000) return;
    last = { key, at: now };
    try {
      onSent({ inReplyTo, text });
    } catch {
      // the listener's failure is not the page's problem
    }
  };
}
