/**
 * On a thread, a reply by one of the team's own profiles answers the post above it: the nearest
 * post by someone else. When that post is in a case, the reply's bar says it is the team's answer
 * on that case, and offers to record it there.
 */
import type { OverlayStore } from './store.js';

type ElementFor = (key: string) => Element | undefined;

/** The bars in the order their posts stand on the page. */
function inPageOrder(store: OverlayStore, elementFor: ElementFor): { key: string; element: Element }[] {
  const placed = [...store.keys()].flatMap((key) => {
    const element = elementFor(key);
    return element ? [{ key, element }] : [];
  });
  return placed.sort((a, b) => (a.element.compareDocumentPosition(b.element) & Node.DOCUMENT_POSITION_FOLLOWING ? -1 : 1));
}

export function linkAnswers(store: OverlayStore, elementFor: ElementFor): void {
  // Off a thread, or with no reply of the team's on it, nothing answers anything: no need to order the page.
  if (!store.page.thread || ![...store.keys()].some((key) => store.bar(key)!.brand)) {
    for (const key of store.keys()) if (store.bar(key)!.answering) store.update(key, { answering: undefined });
    return;
  }
  let above: { postKey: string; caseId: string; number: number; open: boolean } | undefined;
  for (const { key } of inPageOrder(store, elementFor)) {
    const bar = store.bar(key)!;
    if (!bar.brand) {
      const kase = bar.kase;
      // A post in no case (or in one being opened here, with no number yet) is answered by nobody's case.
      above = kase && !kase.provisional ? { postKey: key, caseId: kase.id, number: kase.number, open: ['new', 'open', 'pending'].includes(kase.status) } : undefined;
      continue;
    }
    if (JSON.stringify(above) !== JSON.stringify(bar.answering)) store.update(key, { answering: above });
  }
}
