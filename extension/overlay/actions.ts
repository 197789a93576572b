/** What the bars do, carried out through the background and the site's adapter. */
import type { Priority } from '../../api/domain/sla.js';
import { ask, errorOf } from '../messaging.js';
import type { CaseView, PageRequestT, Responses } from '../protocol.js';
import { provisionalCase } from '../provisional.js';
import type { PostData, SentReply, SiteAdapter } from '../sites/types.js';
import { createFeedbackActions } from './feedback.js';
import { toPostInput } from './postInput.js';

type MutationName = Extract<PageRequestT, { type: 'mutate' }>['name'];
import type { OverlayActions } from './context.js';
import type { OverlayStore } from './store.js';

interface Deps {
  store: OverlayStore;
  adapter: SiteAdapter;
  elementFor: (key: string) => Element | undefined;
  refresh: (keys: string[]) => void;
}

/** What the case form needs of a post to suggest its priority. */
const formPost = (post: PostData) => ({
  handle: post.author.handle, text: post.text.slice(0, 65_536),
  ...(post.postedAt ? { postedAt: post.postedAt } : {}),
  ...(post.author.followers === undefined ? {} : { followers: post.author.followers }),
});

export function createActions({ store, adapter, elementFor, refresh }: Deps) {
  /** Queues an action in the background's outbox; a queued answer means the server is out of reach. */
  const mutate = async (post: PostData, name: MutationName, args: Record<string, unknown>) => {
    const answer = await ask({ type: 'mutate', platform: post.platform, externalId: post.externalId, name, args });
    if (answer.queued !== undefined) store.updatePage({ offline: true, waiting: answer.queued });
    return answer;
  };
  const notify = (key: string, kind: 'info' | 'error', text: string) => store.update(key, { notice: { kind, text } });
  /** Tells the team this agent is answering the post, so nobody answers it twice. */
  const announceReplying = (post: PostData) =>
    void ask({ type: 'presence.announce', platform: post.platform, externalId: post.externalId, activity: 'replying' }).catch(() => undefined);
  const replying = (key: string) => {
    const post = store.bar(key)?.post;
    if (post) announceReplying(post);
  };

  const actions = {
    ...createFeedbackActions(store),

    setPanel(key, panel) {
      store.update(key, (bar) => ({ panel, notice: undefined, excerpt: panel === 'form' ? bar.excerpt : '' }));
      if (panel === 'form') replying(key);
    },

    async suggestions(key) {
      const bar = store.bar(key);
      if (!bar) return [];
      const answer = await ask({ type: 'suggestions', post: toPostInput(bar.post) });
      return answer.suggestions;
    },

    async insert(key, text, templateId) {
      const element = elementFor(key);
      if (!element) return;
      replying(key);
      try {
        const editor = await adapter.openComposer(element);
        if (!editor) {
          const copied = await navigator.clipboard.writeText(text).then(() => true, () => false);
          notify(key, copied ? 'info' : 'error', copied
            ? 'The reply box did not open: the reply is copied, paste it there (Ctrl+V)'
            : 'The reply box did not open and the reply could not be copied');
          return;
        }
        // Named before the text lands: a send while the insertion settles still carries the template.
        store.update(key, { inserted: templateId ? { templateId } : undefined });
        const outcome = await adapter.insertText(editor, text);
        if (outcome.ok) notify(key, 'info', 'Inserted: read it over, then send it with the site\'s Reply button');
        else if (outcome.copied) notify(key, 'info', 'The reply box refused the text: it is copied, paste it there (Ctrl+V)');
        else {
          store.update(key, { inserted: undefined }); // what the agent types instead is not the template's
          notify(key, 'error', 'The reply box refused the text and it could not be copied');
        }
      } catch (error) {
        notify(key, 'error', errorOf(error).message);
      }
    },

    caseForm(key) {
      const post = store.bar(key)?.post;
      return ask({
        type: 'case.form', platform: adapter.platform,
        ...(post ? { post: formPost(post) } : {}),
      });
    },

    /** From a search or mentions page: a case in one click, with the priority the post suggests. */
    async openCaseNow(key) {
      try {
        await actions.createCase(key, { excerpt: '', priority: undefined, assigneeId: null });
      } catch (error) {
        notify(key, 'error', errorOf(error).message);
      }
    },

    async createCase(key, form: { excerpt: string; priority: Priority | undefined; assigneeId: string | null }) {
      const bar = store.bar(key);
      if (!bar) return;
      const request = {
        post: toPostInput(bar.post), assigneeId: form.assigneeId,
        ...(form.priority ? { priority: form.priority } : {}),
        ...(form.excerpt ? { excerpt: form.excerpt } : {}),
      };
      // The badge shows in this frame; the form stays until the background has the case safe.
      const before = bar.kase;
      store.update(key, { kase: provisionalCase({ id: `here:${key}`, args: request, queuedAt: Date.now() }, bar.customer?.customer.id ?? '') });
      let answer: Responses['case.create'];
      try {
        answer = await ask({ type: 'case.create', ...request });
      } catch (error) {
        store.update(key, { kase: before });
        throw error;
      }
      if (!answer.case) {
        store.update(key, { panel: 'none', excerpt: '', notice: { kind: 'info', text: 'Parley\'s server is out of reach: the case is saved here and will be opened when it is back' } });
        store.updatePage({ offline: true, waiting: answer.queued ?? store.page.waiting });
        return;
      }
      store.update(key, { kase: answer.case, panel: 'none', excerpt: '', notice: { kind: 'info', text: `Case #${answer.case.number} is open` } });
      refresh([key]);
    },

    async setStatus(key, status) {
      await actions.changeCase(key, { status });
    },

    async changeCase(key, patch) {
      const bar = store.bar(key);
      const before = bar?.kase;
      if (!bar || !before || before.provisional) return;
      const changes = (Object.keys(patch) as (keyof typeof patch)[]).filter((name) => JSON.stringify(patch[name]) !== JSON.stringify(before[name]));
      if (changes.length === 0) return;
      // The bar moves at once; the server's answer confirms it or puts it back.
      store.update(key, { kase: { ...before, ...patch, pending: true }, notice: undefined });
      try {
        const answer = await mutate(bar.post, 'updateCase', { caseId: before.id, version: before.version, ...patch });
        const kase = answer.result?.case as CaseView | undefined;
        if (kase) {
          const what = patch.status ? `now ${kase.status}` : 'updated';
          store.update(key, { kase, notice: { kind: 'info', text: `Case #${kase.number} is ${what}` } });
        }
      } catch (error) {
        const { code, message } = errorOf(error);
        store.update(key, {
          kase: before,
          notice: { kind: 'error', text: code === 'version_conflict' ? 'Someone changed this case first: here it is as it is now' : message },
        });
        refresh([key]);
      }
    },

    async openInPanel(key, caseId) {
      try {
        await ask({ type: 'panel.open', caseId });
      } catch (error) {
        notify(key, 'error', errorOf(error).message);
      }
    },

    async linkPost(key, caseId) {
      const bar = store.bar(key);
      if (!bar) return;
      const before = bar.kase;
      const chosen = bar.customer?.cases.find((summary) => summary.id === caseId);
      if (chosen) store.update(key, { kase: { ...chosen, pending: true } });
      try {
        const answer = await mutate(bar.post, 'linkPost', { caseId, post: toPostInput(bar.post) });
        const kase = answer.result?.case as CaseView | undefined;
        store.update(key, { panel: 'none', notice: { kind: 'info', text: kase ? `Added to case #${kase.number}` : 'Added here: the case gets it when Parley\'s server is back' } });
        refresh([key]);
      } catch (error) {
        store.update(key, { kase: before, notice: { kind: 'error', text: errorOf(error).message } });
      }
    },

    async editCustomer(key, patch) {
      const bar = store.bar(key);
      const before = bar?.customer;
      if (!bar || !before) return false;
      store.update(key, { customer: { ...before, customer: { ...before.customer, ...patch }, pending: true } });
      try {
        const answer = await mutate(bar.post, 'updateCustomer', { customerId: before.customer.id, ...patch });
        notify(key, 'info', answer.result ? `${patch.name ?? before.customer.name} is saved` : 'Saved here: the team gets it when Parley\'s server is back');
        return true;
      } catch (error) {
        store.update(key, { customer: before, notice: { kind: 'error', text: errorOf(error).message } });
        return false;
      }
    },

    async mergeCustomer(key, platform, handle) {
      const bar = store.bar(key);
      const card = bar?.customer;
      if (!bar || !card) return 'This customer is not known yet';
      try {
        const { customer: other } = await ask({ type: 'customer.find', platform, handle });
        if (!other) return `No customer has the handle ${handle}`;
        if (other.id === card.customer.id) return `${handle} is already ${card.customer.name}`;
        const answer = await mutate(bar.post, 'mergeCustomers', { customerId: card.customer.id, otherCustomerId: other.id });
        notify(key, 'info', answer.result ? `${other.name} is merged into ${card.customer.name}` : `${other.name} will be merged when Parley's server is back`);
        refresh([key]);
        return undefined;
      } catch (error) {
        return errorOf(error).message;
      }
    },

    openOptions() {
      void ask({ type: 'options.open' }).catch(() => undefined);
    },

    /** A brand reply on the page, sent from anywhere: recorded as the team's reply on the case of the post it answers, once. */
    async recordAnswer(key: string) {
      const bar = store.bar(key);
      const target = bar?.answering && store.bar(bar.answering.postKey);
      if (!bar?.brand || !target) return;
      const { post } = bar;
      // Posted before the case was opened: the customer had the team's answer from the start.
      const opened = target.kase?.createdAt;
      const postedAt = post.postedAt && opened && post.postedAt < opened ? opened : post.postedAt;
      try {
        const answer = await ask({
          type: 'reply.record', platform: target.post.platform, externalId: target.post.externalId, text: post.text.slice(0, 10_000) || '(no text)',
          answer: { externalId: post.externalId, ...(postedAt ? { postedAt } : {}) },
        });
        if (answer.recorded && answer.case) {
          store.update(bar.answering!.postKey, { kase: answer.case });
          store.update(key, { answered: { caseId: answer.case.id, number: answer.case.number }, notice: { kind: 'info', text: `Recorded as the reply on case #${answer.case.number}` } });
        } else if (answer.queued !== undefined) {
          store.update(key, { notice: { kind: 'info', text: 'Parley\'s server is out of reach: the reply will be recorded when it is back' } });
          store.updatePage({ offline: true, waiting: answer.queued });
        }
      } catch (error) {
        notify(key, 'error', `Parley could not record this reply: ${errorOf(error).message}`);
      }
    },
  } satisfies OverlayActions;

  const told = new Map<string, number>();

  return {
    ...actions,
    /** The agent is in the site's own reply box for a post: the team sees it, told again while they stay (it lasts 30 s). */
    composing(post: PostData) {
      const key = `${post.platform}:${post.externalId}`;
      const now = Date.now();
      if ((told.get(key) ?? 0) > now - 20_000) return;
      told.set(key, now);
      announceReplying(post);
    },
    /** The agent highlighted text in a post: open the case form with it. */
    createFromSelection(key: string, excerpt: string) {
      // The team's own posts are not a customer's: no case from them.
      if (store.bar(key)?.brand) return;
      store.update(key, { panel: 'form', excerpt, notice: undefined });
      replying(key);
    },
    async recordReply(reply: SentReply) {
      const key = `${reply.inReplyTo.platform}:${reply.inReplyTo.externalId}`;
      const templateId = store.bar(key)?.inserted?.templateId;
      store.update(key, { inserted: undefined });
      try {
        const answer = await ask({
          type: 'reply.record', platform: reply.inReplyTo.platform, externalId: reply.inReplyTo.externalId, text: reply.text.slice(0, 10_000),
          ...(templateId ? { templateId } : {}),
        });
        if (answer.recorded && answer.case) {
          store.update(key, { kase: answer.case, notice: { kind: 'info', text: `Reply recorded on case #${answer.case.number}` } });
        } else if (answer.queued !== undefined) {
          store.update(key, { notice: { kind: 'info', text: 'Parley\'s server is out of reach: the reply will be recorded when it is back' } });
          store.updatePage({ offline: true, waiting: answer.queued });
        }
      } catch (error) {
        notify(key, 'error', `The reply was sent but Parley could not record it: ${errorOf(error).message}`);
      }
    },
  };
}

export type Actions = ReturnType<typeof createActions>;
