// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { insertText, readComposerText } from '../../../extension/sites/compose.js';
import { facebookAdapter } from '../../../extension/sites/facebook/adapter.js';
import { facebookSelectors } from '../../../extension/sites/facebook/selectors.js';
import { xAdapter } from '../../../extension/sites/x/adapter.js';
import { xSelectors } from '../../../extension/sites/x/selectors.js';
import { installClipboardEvents, installExecCommand, loadPage, must, settle, type LoadedPage } from './load.js';

const reply = 'Hi Dana, so sorry about this!\nPlease DM us your order number.';

function inlineEditor(page: LoadedPage): HTMLElement {
  return must(page.document.querySelector<HTMLElement>('[data-testid="tweetTextarea_0"]'), 'inline editor');
}

function stubClipboard(page: LoadedPage, writeText: (text: string) => Promise<void>): void {
  Object.defineProperty(page.window.navigator, 'clipboard', { value: { writeText }, configurable: true });
}

/** A contenteditable that takes nothing: no paste handler, no execCommand. */
function deafEditor(page: LoadedPage, text = ''): HTMLElement {
  const editor = page.document.createElement('div');
  editor.setAttribute('contenteditable', 'true');
  editor.tabIndex = 0;
  editor.textContent = text;
  page.document.body.append(editor);
  return editor;
}

describe('insertText', () => {
  it('pastes into the Draft.js-like box and confirms the text landed after its re-render', async () => {
    const page = loadPage('xStatus', { scripts: true });
    installClipboardEvents(page.window);
    const editor = inlineEditor(page);
    expect(await xAdapter.insertText(editor, reply)).toEqual({ ok: true });
    expect(readComposerText(editor, xSelectors.editorBlock)).toBe(reply);
    expect(page.document.querySelector('[data-testid="tweetButtonInline"]')?.getAttribute('aria-disabled')).toBe('false');
    expect(page.document.activeElement).toBe(editor);
    expect(page.errors).toEqual([]);
  });

  it('adds to what the agent already typed', async () => {
    const page = loadPage('xStatus', { scripts: true });
    installClipboardEvents(page.window);
    const editor = inlineEditor(page);
    expect(await xAdapter.insertText(editor, 'Hello! ')).toEqual({ ok: true });
    expect(await xAdapter.insertText(editor, 'Hello! ')).toEqual({ ok: true });
    expect(readComposerText(editor, xSelectors.editorBlock)).toBe('Hello! Hello!');
  });

  it('pastes into the Lexical-like box on Facebook, one paragraph per line', async () => {
    const page = loadPage('facebookPost', { scripts: true });
    installClipboardEvents(page.window);
    const editor = must(page.document.querySelector<HTMLElement>('[data-lexical-editor="true"]'));
    expect(await facebookAdapter.insertText(editor, reply)).toEqual({ ok: true });
    expect(editor.querySelectorAll('p')).toHaveLength(2);
    expect(readComposerText(editor, facebookSelectors.editorBlock)).toBe(reply);
    expect(must(page.document.getElementById('focused-state-composer-submit')).getAttribute('aria-disabled')).toBe('false');
  });

  it('falls back to execCommand when the browser cannot build a paste event', async () => {
    const page = loadPage('xStatus', { scripts: true });
    installExecCommand(page.window);
    const editor = inlineEditor(page);
    expect(await xAdapter.insertText(editor, reply)).toEqual({ ok: true });
    expect(readComposerText(editor, xSelectors.editorBlock)).toBe(reply);
  });

  it('does not count text the editor undoes on its next render', async () => {
    const page = loadPage('xStatus', { scripts: true });
    installExecCommand(page.window, { fireInput: false }); // the DOM changes but the editor is never told
    const copied: string[] = [];
    stubClipboard(page, async (text) => void copied.push(text));
    const editor = inlineEditor(page);
    expect(await xAdapter.insertText(editor, reply)).toEqual({ ok: false, copied: true });
    expect(readComposerText(editor, xSelectors.editorBlock)).toBe('');
    expect(copied).toEqual([reply]);
  });

  it('copies to the clipboard when the editor takes nothing', async () => {
    const page = loadPage('xStatus');
    const copied: string[] = [];
    stubClipboard(page, async (text) => void copied.push(text));
    expect(await insertText(deafEditor(page), reply, xSelectors.editorBlock)).toEqual({ ok: false, copied: true });
    expect(copied).toEqual([reply]);
  });

  it('says nothing was copied when the clipboard refuses or is missing', async () => {
    const refused = loadPage('xStatus');
    stubClipboard(refused, () => Promise.reject(new Error('NotAllowedError')));
    expect(await insertText(deafEditor(refused), reply, [])).toEqual({ ok: false, copied: false });
    expect(await insertText(deafEditor(loadPage('xStatus')), reply, [])).toEqual({ ok: false, copied: false });
  });

  it('does not take text that was already in the box for text that landed', async () => {
    const page = loadPage('xStatus');
    installClipboardEvents(page.window);
    const started = Date.now();
    const outcome = await insertText(deafEditor(page, 'Thanks!'), 'Thanks!', []);
    expect(outcome).toEqual({ ok: false, copied: false });
    expect(Date.now() - started).toBeGreaterThanOrEqual(280); // it waited for a re-render that never came
  });

  it('has nothing to do for empty text', async () => {
    const page = loadPage('xStatus');
    expect(await insertText(deafEditor(page), '', [])).toEqual({ ok: true });
  });
});

describe('the fixture editors behave like the sites', () => {
  it('X: a direct DOM edit is undone on the next render and the button stays off', async () => {
    const page = loadPage('xStatus', { scripts: true });
    const editor = inlineEditor(page);
    editor.textContent = 'typed behind the editor';
    await settle();
    expect(readComposerText(editor, xSelectors.editorBlock)).toBe('');
    expect(page.document.querySelector('[data-testid="tweetButtonInline"]')?.hasAttribute('disabled')).toBe(true);
  });

  it('Facebook: a direct DOM edit is undone on the next render', async () => {
    const page = loadPage('facebookPost', { scripts: true });
    const editor = must(page.document.querySelector<HTMLElement>('[data-lexical-editor="true"]'));
    editor.textContent = 'typed behind the editor';
    await settle();
    expect(readComposerText(editor, facebookSelectors.editorBlock)).toBe('');
  });
});
