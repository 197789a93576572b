/** A bar's feedback tag: set, changed or removed through the background, shown at once and put back if refused. */
import type { FeedbackKindT } from '../../api/contract.js';
import { ask, errorOf } from '../messaging.js';
import { toPostInput } from './postInput.js';
import type { OverlayStore } from './store.js';

/** The kinds a post can be tagged with, in the order the bar offers them. */
export const feedbackKinds = ['idea', 'bug', 'praise', 'question'] as const satisfies readonly FeedbackKindT[];
export const feedbackWords: Record<FeedbackKindT, string> = { idea: 'Idea', bug: 'Bug', praise: 'Praise', question: 'Question' };

export function createFeedbackActions(store: OverlayStore) {
  return {
    async tagFeedback(key: string, kind: FeedbackKindT, theme: string): Promise<void> {
      const bar = store.bar(key);
      if (!bar) return;
      const before = bar.feedback;
      const wanted = theme.trim();
      store.update(key, { feedback: { kind, theme: wanted, pending: true }, notice: undefined });
      try {
        const { feedback } = await ask({ type: 'feedback.tag', post: toPostInput(bar.post), kind, ...(wanted ? { theme: wanted } : {}) });
        store.update(key, { feedback, feedbackAt: Date.now(), notice: { kind: 'info', text: `Tagged ${feedbackWords[feedback.kind].toLowerCase()}${feedback.theme ? `: ${feedback.theme}` : ''}` } });
      } catch (error) {
        store.update(key, { feedback: before, feedbackAt: Date.now(), notice: { kind: 'error', text: `Parley could not tag this post: ${errorOf(error).message}` } });
      }
    },

    async removeFeedback(key: string): Promise<void> {
      const bar = store.bar(key);
      if (!bar?.feedback) return;
      const before = bar.feedback;
      store.update(key, { feedback: null, feedbackAt: Number.POSITIVE_INFINITY, notice: undefined });
      try {
        await ask({ type: 'feedback.remove', platform: bar.post.platform, externalId: bar.post.externalId });
        store.update(key, { feedbackAt: Date.now(), notice: { kind: 'info', text: 'Feedback tag removed' } });
      } catch (error) {
        store.update(key, { feedback: before, feedbackAt: Date.now(), notice: { kind: 'error', text: `Parley could not remove the tag: ${errorOf(error).message}` } });
      }
    },
  };
}
