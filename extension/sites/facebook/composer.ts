import { fromUser } from '../../trusted.js';
import { readComposerText, sendReporter, waitFor } from '../compose.js';
import { asHTMLElement, closestMatch, isDisabled, matchesAny, selectAll, selectFirst, targetElement } from '../dom.js';
import { readName } from '../text.js';
import type { PostData, SentReply } from '../types.js';
import { isComment, ownership, readFacebookPost } from './read.js';
import { facebookSelectors as sel, facebookTexts } from './selectors.js';

/** The post or comment each editor was opened for, so a send is credited to it. */
const openedFor = new WeakMap<Element, PostData>();
const commentSelectors = [...sel.comment, ...sel.reply, ...sel.commentAnyLanguage];

/** The comment threads around a comment, innermost first (a reply sits in its comment's thread). */
function threadsAround(comment: Element): Element[] {
  const threads: Element[] = [];
  for (let thread = closestMatch(comment, sel.commentThread); thread; ) {
    threads.push(thread);
    thread = thread.parentElement ? closestMatch(thread.parentElement, sel.commentThread) : undefined;
  }
  return threads;
}

/** The comment a thread holds (its first article), if the list item is a comment thread. */
const threadComment = (thread: Element) => selectFirst(thread, commentSelectors);

/** An open box that answers `article`: a reply box in its thread, or the post's own comment box. */
function openBoxFor(article: Element): HTMLElement | undefined {
  if (isComment(article)) {
    for (const thread of threadsAround(article)) {
      const box = selectAll(thread, sel.editor).find((editor) => closestMatch(editor, sel.commentThread) === thread);
      if (box) return asHTMLElement(box);
    }
    return undefined;
  }
  const own = ownership(article);
  const box = selectAll(article, sel.editor).find((editor) => {
    if (!own(editor)) return false;
    const thread = closestMatch(editor, sel.commentThread);
    return !thread || !article.contains(thread) || !threadComment(thread);
  });
  return asHTMLElement(box);
}

function replyButtonOf(article: Element): HTMLElement | undefined {
  if (!isComment(article)) {
    return asHTMLElement(selectFirst(article, sel.commentButton, ownership(article)));
  }
  const labels: readonly string[] = facebookTexts.replyButton;
  const own = ownership(article);
  const button = selectAll(article, sel.commentAction).find(
    (candidate) =>
      own(candidate) &&
      (labels.includes(readName(candidate)) || labels.includes(candidate.getAttribute('aria-label') ?? '')),
  );
  return asHTMLElement(button);
}

export async function openFacebookComposer(article: Element, timeoutMs = 3000): Promise<HTMLElement | undefined> {
  const target = readFacebookPost(article);
  if (!target) return undefined;
  const open = openBoxFor(article);
  if (open) {
    openedFor.set(open, target);
    return open;
  }
  const button = replyButtonOf(article);
  if (!button) return undefined;
  button.click();
  const editor = await waitFor(article.ownerDocument, () => openBoxFor(article), timeoutMs);
  if (editor) openedFor.set(editor, target);
  return editor;
}

/** What a box answers: what it was opened for, else its thread's comment, else its post. */
function replyTarget(editor: Element): PostData | undefined {
  const remembered = openedFor.get(editor);
  if (remembered) return remembered;
  const thread = closestMatch(editor, sel.commentThread);
  const comment = thread && threadComment(thread);
  if (comment) return readFacebookPost(comment);
  const post = closestMatch(editor, sel.post);
  return post ? readFacebookPost(post) : undefined;
}

/** The post or comment answered by the box `element` is in; none outside reply boxes. */
export function facebookComposerTarget(element: Element): PostData | undefined {
  const editor = closestMatch(element, sel.editor);
  return editor ? replyTarget(editor) : undefined;
}

function editorNear(button: Element): Element | undefined {
  for (let node = button.parentElement; node; node = node.parentElement) {
    const editor = selectFirst(node, sel.editor);
    if (editor) return editor;
  }
  return undefined;
}

export function watchFacebookReplies(doc: Document, onSent: (reply: SentReply) => void, accept: (event: Event) => boolean = fromUser): () => void {
  const report = sendReporter(onSent);
  const reportFrom = (editor: Element | undefined) => {
    const text = editor ? readComposerText(editor, sel.editorBlock) : '';
    const inReplyTo = editor && text ? replyTarget(editor) : undefined;
    if (inReplyTo) report(inReplyTo, text);
  };
  // Capture phase: read the box before the site's own handler clears it.
  const onKeyDown = (event: Event) => {
    if (!accept(event)) return;
    try {
      const key = event as KeyboardEvent;
      if (key.key !== 'Enter' || key.shiftKey || key.ctrlKey || key.metaKey || key.altKey || key.isComposing) return;
      const target = targetElement(event);
      const editor = target && closestMatch(target, sel.editor);
      if (editor && !matchesAny(editor, sel.editorWithMenu)) reportFrom(editor);
    } catch {
      // never break the page's own send
    }
  };
  const onClick = (event: Event) => {
    if (!accept(event)) return;
    try {
      const target = targetElement(event);
      const button = target && closestMatch(target, sel.sendButton);
      if (button && !isDisabled(button)) reportFrom(editorNear(button));
    } catch {
      // never break the page's own send
    }
  };
  doc.addEventListener('keydown', onKeyDown, true);
  doc.addEventListener('click', onClick, true);
  return () => {
    doc.removeEventListener('keydown', onKeyDown, true);
    doc.removeEventListener('click', onClick, true);
  };
}
