// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { readComposerText } from '../../../extension/sites/compose.js';
import type { SentReply } from '../../../extension/sites/types.js';
import { xAdapter } from '../../../extension/sites/x/adapter.js';
import { xSelectors } from '../../../extension/sites/x/selectors.js';
import { installClipboardEvents, loadPage, must, type LoadedPage } from './load.js';

type FixtureWindow = { __sent: { inReplyTo: string | null; text: string }[] };
/** jsdom makes every event synthetic; these tests stand in for the agent's own clicks and keys. */
const asAgent = () => true;

function open(page: 'xStatus' | 'xTimeline') {
  const loaded = loadPage(page, { scripts: true });
  installClipboardEvents(loaded.window);
  const sent: SentReply[] = [];
  const stop = xAdapter.watchSentReplies(loaded.document, (reply) => sent.push(reply), asAgent);
  const posts = xAdapter.findPosts(loaded.document);
  const pageSent = (loaded.window as unknown as FixtureWindow).__sent;
  return { ...loaded, sent, stop, posts, pageSent };
}

const dialogs = (page: LoadedPage) => page.document.querySelectorAll('[role="dialog"]');
const button = (page: LoadedPage, testId: string) => must(page.document.querySelector<HTMLElement>(`[data-testid="${testId}"]`), testId);

describe('X composer on a status page', () => {
  it('gives the inline box for the focused tweet, without clicking anything', async () => {
    const page = open('xStatus');
    const editor = await xAdapter.openComposer(must(page.posts[0]));
    expect(editor?.getAttribute('data-testid')).toBe('tweetTextarea_0');
    expect(editor?.closest('[data-testid="cellInnerDiv"]')?.getAttribute('data-fixture')).toBe('inline-composer');
    expect(dialogs(page)).toHaveLength(0);
  });

  it('opens a reply dialog for another tweet with its own reply button, and reuses it', async () => {
    const page = open('xStatus');
    const reply = must(page.posts[1]);
    const editor = must(await xAdapter.openComposer(reply, 1000));
    expect(editor.closest('[role="dialog"]')).not.toBeNull();
    expect(page.window.location.pathname).toBe('/compose/post');
    expect(await xAdapter.openComposer(reply, 1000)).toBe(editor);
    expect(dialogs(page)).toHaveLength(1);
    expect(xAdapter.findPosts(page.document)).toEqual(page.posts); // the dialog's copy gets no bar
  });

  it('reports a reply sent with the inline button, reading the box before it is cleared', async () => {
    const page = open('xStatus');
    const editor = must(await xAdapter.openComposer(must(page.posts[0])));
    expect(await xAdapter.insertText(editor, 'Hi Dana, DM us please.')).toEqual({ ok: true });
    button(page, 'tweetButtonInline').click();
    expect(page.sent).toEqual([{ inReplyTo: xAdapter.readPost(must(page.posts[0])), text: 'Hi Dana, DM us please.' }]);
    expect(page.pageSent).toEqual([{ inReplyTo: '1851234567890123456', text: 'Hi Dana, DM us please.' }]);
    expect(readComposerText(editor, xSelectors.editorBlock)).toBe('');
    const after = xAdapter.findPosts(page.document).map((post) => xAdapter.readPost(post));
    expect(after[1]?.author.handle).toBe('ParleyBrand'); // the brand's reply, right under the box
    expect(after[1]?.text).toBe('Hi Dana, DM us please.');
  });

  it('records nothing for a send a page script makes, by default; the page still sends it', async () => {
    const page = loadPage('xStatus', { scripts: true });
    installClipboardEvents(page.window);
    const sent: SentReply[] = [];
    xAdapter.watchSentReplies(page.document, (reply) => sent.push(reply));
    const editor = must(page.document.querySelector<HTMLElement>('[data-testid="tweetTextarea_0"]'));
    await xAdapter.insertText(editor, 'Forged by the page');
    button(page, 'tweetButtonInline').click();
    await xAdapter.insertText(editor, 'Forged again');
    editor.dispatchEvent(new page.window.KeyboardEvent('keydown', { key: 'Enter', ctrlKey: true, bubbles: true, cancelable: true }));
    expect(sent).toEqual([]);
    expect((page.window as unknown as FixtureWindow).__sent.map((reply) => reply.text)).toEqual(['Forged by the page', 'Forged again']);
  });

  it('credits the inline box to the focused tweet even when it was not opened through the adapter', async () => {
    const page = open('xStatus');
    const editor = must(page.document.querySelector<HTMLElement>('[data-testid="tweetTextarea_0"]'));
    await xAdapter.insertText(editor, 'On it!');
    editor.dispatchEvent(new page.window.KeyboardEvent('keydown', { key: 'Enter', ctrlKey: true, bubbles: true, cancelable: true }));
    expect(page.sent.map((reply) => [reply.inReplyTo.externalId, reply.text])).toEqual([['1851234567890123456', 'On it!']]);
    expect(page.pageSent).toHaveLength(1);
  });

  it('credits a dialog reply to the tweet it was opened for', async () => {
    const page = open('xStatus');
    const hostile = must(page.posts[2]);
    const editor = must(await xAdapter.openComposer(hostile, 1000));
    await xAdapter.insertText(editor, 'Please do not run scripts from strangers.');
    button(page, 'tweetButton').click();
    expect(page.sent).toEqual([{ inReplyTo: xAdapter.readPost(hostile), text: 'Please do not run scripts from strangers.' }]);
    expect(page.pageSent).toEqual([{ inReplyTo: '1851241122334455667', text: 'Please do not run scripts from strangers.' }]);
    expect(dialogs(page)).toHaveLength(0);
  });

  it('credits a dialog the agent opened by hand to the tweet shown in it', async () => {
    const page = open('xStatus');
    const quote = must(page.posts[3]);
    must(quote.querySelector<HTMLElement>('[data-testid="reply"]')).click();
    const editor = must(page.document.querySelector<HTMLElement>('[role="dialog"] [data-testid="tweetTextarea_0"]'));
    await xAdapter.insertText(editor, 'It was, sorry for the confusion.');
    button(page, 'tweetButton').click();
    expect(page.sent.map((reply) => reply.inReplyTo.externalId)).toEqual(['1851245566778899001']);
  });

  it('ignores a send button the page has switched off', async () => {
    const page = open('xStatus');
    await xAdapter.insertText(must(page.document.querySelector<HTMLElement>('[data-testid="tweetTextarea_0"]')), 'Not yet');
    const send = button(page, 'tweetButtonInline');
    send.setAttribute('aria-disabled', 'true'); // X keeps the button focusable but off while a post is in flight
    send.click();
    expect(page.sent).toEqual([]);
    expect(page.pageSent).toEqual([]);
  });

  it('stops reporting once the remover is called', async () => {
    const page = open('xStatus');
    page.stop();
    await xAdapter.insertText(must(page.document.querySelector<HTMLElement>('[data-testid="tweetTextarea_0"]')), 'Quiet');
    button(page, 'tweetButtonInline').click();
    expect(page.sent).toEqual([]);
    expect(page.pageSent).toHaveLength(1);
  });

  it('never lets a failing listener break the page’s own send', async () => {
    const page = loadPage('xStatus', { scripts: true });
    installClipboardEvents(page.window);
    xAdapter.watchSentReplies(page.document, () => {
      throw new Error('listener failed');
    }, asAgent);
    await xAdapter.insertText(must(page.document.querySelector<HTMLElement>('[data-testid="tweetTextarea_0"]')), 'Still sent');
    button(page, 'tweetButtonInline').click();
    expect((page.window as unknown as FixtureWindow).__sent).toEqual([{ inReplyTo: '1851234567890123456', text: 'Still sent' }]);
    expect(page.errors).toEqual([]);
  });
});

describe('which tweet a reply box answers, for presence', () => {
  it('is the focused tweet for the inline box, from a line deep inside it', () => {
    const page = open('xStatus');
    const line = must(page.document.querySelector('[data-testid="tweetTextarea_0"] [data-text="true"], [data-testid="tweetTextarea_0"]'));
    expect(xAdapter.composerTarget(line)?.externalId).toBe('1851234567890123456');
  });

  it('is the tweet a dialog was opened for', async () => {
    const page = open('xStatus');
    const editor = must(await xAdapter.openComposer(must(page.posts[1]), 1000));
    expect(xAdapter.composerTarget(editor)?.externalId).toBe(xAdapter.readPost(must(page.posts[1]))?.externalId);
  });

  it('is nothing outside a reply box, and nothing for the home box', () => {
    const status = open('xStatus');
    expect(xAdapter.composerTarget(must(status.posts[0]))).toBeUndefined();
    const home = open('xTimeline');
    expect(xAdapter.composerTarget(must(home.document.querySelector('[data-testid="tweetTextarea_0"]')))).toBeUndefined();
  });
});

describe('X composer on the home timeline', () => {
  it('opens the reply dialog of a timeline tweet', async () => {
    const page = open('xTimeline');
    const editor = must(await xAdapter.openComposer(must(page.posts[4]), 1000));
    const shown = must(editor.closest('[role="dialog"]')?.querySelector('article'));
    expect(xAdapter.readPost(shown)?.externalId).toBe('1852100000000000006');
    await xAdapter.insertText(editor, 'Looking into #50987 now.');
    button(page, 'tweetButton').click();
    expect(page.sent.map((reply) => [reply.inReplyTo.externalId, reply.text])).toEqual([['1852100000000000006', 'Looking into #50987 now.']]);
    expect(page.document.querySelector('[data-testid="toast"]')?.textContent).toBe('Your post was sent.');
  });

  it('does not report a new post from the home box as a reply', async () => {
    const page = open('xTimeline');
    await xAdapter.insertText(must(page.document.querySelector<HTMLElement>('[data-testid="tweetTextarea_0"]')), 'Big news!');
    button(page, 'tweetButtonInline').click();
    expect(page.pageSent).toEqual([{ inReplyTo: null, text: 'Big news!' }]);
    expect(page.sent).toEqual([]);
  });

  it('gives up after the timeout when no reply box appears', async () => {
    const { document } = loadPage('xTimeline'); // no page code: the reply button does nothing
    const started = Date.now();
    expect(await xAdapter.openComposer(must(xAdapter.findPosts(document)[0]), 150)).toBeUndefined();
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
  });
});
