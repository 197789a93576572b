// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { readComposerText } from '../../../extension/sites/compose.js';
import { facebookAdapter } from '../../../extension/sites/facebook/adapter.js';
import { facebookSelectors } from '../../../extension/sites/facebook/selectors.js';
import type { SentReply } from '../../../extension/sites/types.js';
import { installClipboardEvents, loadPage, must } from './load.js';

type FixtureWindow = { __sent: { inReplyTo: string; text: string }[] };
/** jsdom makes every event synthetic; these tests stand in for the agent's own clicks and keys. */
const asAgent = () => true;

function open({ byAgent = true } = {}) {
  const page = loadPage('facebookPost', { scripts: true });
  installClipboardEvents(page.window);
  const sent: SentReply[] = [];
  const stop = facebookAdapter.watchSentReplies(page.document, (reply) => sent.push(reply), byAgent ? asAgent : undefined);
  const [post, jane, acmeReply, janeReply, omar, priya] = facebookAdapter.findPosts(page.document).map((element) => must(element));
  const pageSent = (page.window as unknown as FixtureWindow).__sent;
  const pressEnter = (editor: Element, init: KeyboardEventInit = {}) =>
    editor.dispatchEvent(new page.window.KeyboardEvent('keydown', { key: 'Enter', bubbles: true, cancelable: true, ...init }));
  return { ...page, sent, stop, pageSent, pressEnter, post: must(post), jane: must(jane), acmeReply: must(acmeReply), janeReply: must(janeReply), omar: must(omar), priya: must(priya) };
}

const textOf = (editor: Element) => readComposerText(editor, facebookSelectors.editorBlock);

describe('Facebook composer', () => {
  it('gives the post’s open comment box', async () => {
    const page = open();
    const editor = await facebookAdapter.openComposer(page.post);
    expect(editor?.getAttribute('aria-label')).toBe('Write a comment…');
  });

  it('opens a reply box under a comment with the comment’s own Reply button', async () => {
    const page = open();
    const editor = must(await facebookAdapter.openComposer(page.omar, 1000));
    expect(editor.getAttribute('aria-label')).toBe('Write a reply…');
    expect(editor.closest('li')).toBe(page.omar.closest('li'));
    expect(await facebookAdapter.openComposer(page.omar, 1000)).toBe(editor);
    expect(page.document.querySelectorAll('[data-lexical-editor="true"]')).toHaveLength(2);
  });

  it('opens the reply box of the comment’s thread for a reply', async () => {
    const page = open();
    const editor = must(await facebookAdapter.openComposer(page.janeReply, 1000));
    expect(editor.closest('[data-fixture="comments"] > li')).toBe(page.jane.closest('li'));
  });

  it('reports a comment sent with Enter, reading the box before it is cleared', async () => {
    const page = open();
    const editor = must(await facebookAdapter.openComposer(page.post));
    expect(await facebookAdapter.insertText(editor, 'Thanks all, we are on it.')).toEqual({ ok: true });
    page.pressEnter(editor);
    expect(page.sent).toEqual([{ inReplyTo: facebookAdapter.readPost(page.post), text: 'Thanks all, we are on it.' }]);
    expect(page.pageSent).toEqual([{ inReplyTo: 'pfbid02kLm8ZqS7vYtR3nWcX9aHdJ4uE6oPfB1gQ5sT2yVzN8xKmC7rDjA3hLl', text: 'Thanks all, we are on it.' }]);
    expect(textOf(editor)).toBe('');
    const after = facebookAdapter.findPosts(page.document).map((element) => facebookAdapter.readPost(element));
    expect(after).toHaveLength(7);
    expect(after[6]).toMatchObject({ externalId: '1800000000000001', author: { handle: 'AcmeCare' }, text: 'Thanks all, we are on it.' });
  });

  it('records nothing for a send a page script makes, by default; the page still sends it', async () => {
    const page = open({ byAgent: false });
    const editor = must(await facebookAdapter.openComposer(page.post));
    await facebookAdapter.insertText(editor, 'Forged by the page');
    page.pressEnter(editor);
    expect(page.sent).toEqual([]);
    expect(page.pageSent.map((reply) => reply.text)).toEqual(['Forged by the page']);
  });

  it('does not report Shift+Enter, nor Enter while a mention menu is open', async () => {
    const page = open();
    const editor = must(await facebookAdapter.openComposer(page.post));
    await facebookAdapter.insertText(editor, '@Jane');
    page.pressEnter(editor, { shiftKey: true });
    editor.setAttribute('aria-activedescendant', 'mention-option-0');
    page.pressEnter(editor);
    expect(page.sent).toEqual([]);
  });

  it('reports a reply sent with the arrow button, credited to the comment it answers', async () => {
    const page = open();
    const editor = must(await facebookAdapter.openComposer(page.omar, 1000));
    await facebookAdapter.insertText(editor, 'That message was not from us. Please report it.');
    must(editor.closest('form')?.querySelector<HTMLElement>('[aria-label="Comment"][role="button"]')).click();
    expect(page.sent).toEqual([{ inReplyTo: facebookAdapter.readPost(page.omar), text: 'That message was not from us. Please report it.' }]);
    expect(page.pageSent).toEqual([{ inReplyTo: '845512345678904', text: 'That message was not from us. Please report it.' }]);
  });

  it('credits a reply box the agent opened by hand to the comment above it', async () => {
    const page = open();
    const replyButton = Array.from(page.priya.querySelectorAll<HTMLElement>('[role="button"]')).find((button) => button.textContent === 'Reply');
    must(replyButton).click();
    const editor = must(page.priya.closest('li')?.querySelector('[data-lexical-editor="true"]'));
    await facebookAdapter.insertText(editor as HTMLElement, 'Sending you a DM, Priya.');
    page.pressEnter(editor);
    expect(page.sent.map((reply) => [reply.inReplyTo.externalId, reply.text])).toEqual([['845512345678905', 'Sending you a DM, Priya.']]);
    const after = facebookAdapter.findPosts(page.document).map((element) => facebookAdapter.readPost(element));
    expect(after[6]).toMatchObject({ externalId: '1800000000000001', url: expect.stringContaining('comment_id=845512345678905&reply_comment_id=1800000000000001') });
  });

  it('stops reporting once the remover is called', async () => {
    const page = open();
    page.stop();
    const editor = must(await facebookAdapter.openComposer(page.post));
    await facebookAdapter.insertText(editor, 'Quiet');
    page.pressEnter(editor);
    expect(page.sent).toEqual([]);
    expect(page.pageSent).toHaveLength(1);
    expect(page.errors).toEqual([]);
  });

  it('knows which post or comment a box answers, for presence, and nothing outside boxes', async () => {
    const page = open();
    const commentBox = must(await facebookAdapter.openComposer(page.post));
    expect(facebookAdapter.composerTarget(commentBox)?.externalId).toBe(facebookAdapter.readPost(page.post)?.externalId);
    const replyBox = must(await facebookAdapter.openComposer(page.omar, 1000));
    expect(facebookAdapter.composerTarget(replyBox)?.externalId).toBe(facebookAdapter.readPost(page.omar)?.externalId);
    expect(facebookAdapter.composerTarget(page.omar)).toBeUndefined();
  });

  it('gives up after the timeout when no reply box appears', async () => {
    const { document } = loadPage('facebookPost'); // no page code: Reply does nothing
    const comment = must(facebookAdapter.findPosts(document)[1]);
    expect(await facebookAdapter.openComposer(comment, 150)).toBeUndefined();
  });
});
