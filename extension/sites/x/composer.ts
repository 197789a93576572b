import { fromUser } from '../../trusted.js';
import { readComposerText, sendReporter, waitFor } from '../compose.js';
import { asHTMLElement, closestMatch, isDisabled, selectAll, selectFirst, targetElement } from '../dom.js';
import type { PostData, SentReply } from '../types.js';
import { focusedStatusId, ownership, readTweet } from './read.js';
import { xSelectors as sel } from './selectors.js';

/** The post each editor was opened for, so a send is credited to the right tweet. */
const openedFor = new WeakMap<Element, PostData>();

/** The tweet a reply dialog answers: the copy of it shown above the box. */
function dialogTarget(dialog: Element): PostData | undefined {
  for (const post of selectAll(dialog, sel.post)) {
    const data = readTweet(post);
    if (data) return data;
  }
  return undefined;
}

const editorIn = (root: Element) => asHTMLElement(selectFirst(root, sel.editor));

/** The status page's inline reply editor (outside any dialog). */
function inlineEditor(doc: Document): HTMLElement | undefined {
  return asHTMLElement(selectAll(doc, sel.editor).find((editor) => !closestMatch(editor, sel.dialog)));
}

/** An open composer that answers the tweet `target`. */
function openComposerFor(doc: Document, target: PostData, dialogsBefore?: Set<Element>): HTMLElement | undefined {
  for (const dialog of selectAll(doc, sel.replyDialog)) {
    const answers = dialogTarget(dialog);
    const isOurs = answers ? answers.externalId === target.externalId : dialogsBefore && !dialogsBefore.has(dialog);
    if (isOurs) return editorIn(dialog);
  }
  return focusedStatusId(doc) === target.externalId ? inlineEditor(doc) : undefined;
}

export async function openTweetComposer(post: Element, timeoutMs = 3000): Promise<HTMLElement | undefined> {
  const target = readTweet(post);
  if (!target) return undefined;
  const doc = post.ownerDocument;
  const open = openComposerFor(doc, target);
  if (open) {
    openedFor.set(open, target);
    return open;
  }
  const button = asHTMLElement(selectFirst(post, sel.replyButton, ownership(post)));
  if (!button) return undefined;
  const dialogsBefore = new Set(selectAll(doc, sel.replyDialog));
  button.click();
  const editor = await waitFor(doc, () => openComposerFor(doc, target, dialogsBefore), timeoutMs);
  if (editor) openedFor.set(editor, target);
  return editor;
}

/** The tweet a composer's editor answers: the one it was opened for, else what the page shows. */
function replyTarget(editor: Element): PostData | undefined {
  const remembered = openedFor.get(editor);
  if (remembered) return remembered;
  const dialog = closestMatch(editor, sel.dialog);
  if (dialog) return dialogTarget(dialog);
  const doc = editor.ownerDocument;
  const focusedId = focusedStatusId(doc);
  if (!focusedId) return undefined; // the home composer writes a new post, not a reply
  for (const post of selectAll(doc, sel.post)) {
    const data = readTweet(post);
    if (data?.externalId === focusedId && !closestMatch(post, sel.dialog)) return data;
  }
  return undefined;
}

/** The tweet answered by the editor `element` is in; none for an element outside editors, or the home composer. */
export function tweetComposerTarget(element: Element): PostData | undefined {
  const editor = closestMatch(element, sel.editor);
  return editor ? replyTarget(editor) : undefined;
}

/** The editors of the composer a send button belongs to: the nearest ancestor holding any. */
function editorsNear(button: Element): Element[] {
  for (let node = button.parentElement; node; node = node.parentElement) {
    const editors = selectAll(node, sel.editor);
    if (editors.length > 0) return editors;
  }
  return [];
}

export function watchTweetReplies(doc: Document, onSent: (reply: SentReply) => void, accept: (event: Event) => boolean = fromUser): () => void {
  const report = sendReporter(onSent);
  const reportFrom = (editors: Element[]) => {
    const first = editors[0];
    if (!first) return;
    const text = editors.map((editor) => readComposerText(editor, sel.editorBlock)).filter(Boolean).join('\n\n');
    const inReplyTo = text ? replyTarget(first) : undefined;
    if (inReplyTo) report(inReplyTo, text);
  };
  // Capture phase: read the composer before the site's own handler clears it.
  const onClick = (event: Event) => {
    if (!accept(event)) return;
    try {
      const target = targetElement(event);
      const button = target && closestMatch(target, sel.sendButton);
      if (button && !isDisabled(button)) reportFrom(editorsNear(button));
    } catch {
      // never break the page's own send
    }
  };
  const onKeyDown = (event: Event) => {
    if (!accept(event)) return;
    try {
      const key = event as KeyboardEvent;
      if (key.key !== 'Enter' || !(key.ctrlKey || key.metaKey) || key.isComposing) return;
      const target = targetElement(event);
      const editor = target && closestMatch(target, sel.editor);
      if (editor) reportFrom(editorsNear(editor));
    } catch {
      // never break the page's own send
    }
  };
  doc.addEventListener('click', onClick, true);
  doc.addEventListener('keydown', onKeyDown, true);
  return () => {
    doc.removeEventListener('click', onClick, true);
    doc.removeEventListener('keydown', onKeyDown, true);
  };
}
