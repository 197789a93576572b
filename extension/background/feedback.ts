/**
 * Voice of the customer on the bars: a post tagged idea, bug, praise or question, kept in the
 * cache beside the post's case so a bar shows its tag at once, and asked of the server with it.
 */
import { z } from 'zod';
import { FeedbackResponse, PostCases } from '../../api/contract.js';
import type { PageRequestT, PostFeedback, Responses } from '../protocol.js';
import { openStore, postKey, type Store } from '../store/db.js';
import { ApiFailure, queryString } from './api.js';
import { callSignedIn } from './session.js';

type Req<T extends PageRequestT['type']> = Extract<PageRequestT, { type: T }>;
type Kept = PostFeedback & { id: string };


/** Where a post's tag is remembered, in `meta`: null when the server said it has none. */
const feedbackKey = (key: string) => `feedback:${key}`;

/** Within the transaction that stores the posts' cases: the tag of each post asked about, or none. */
export function keepFeedback(meta: { put(value: unknown, key: string): unknown }, platform: 'x' | 'facebook', externalIds: string[], found: z.infer<typeof PostCases>['feedback']): void {
  const byPost = new Map(found.map((each) => [each.externalId, each]));
  for (const id of externalIds) {
    const each = byPost.get(id);
    void meta.put(each ? { id: each.id, kind: each.kind, theme: each.theme } satisfies Kept : null, feedbackKey(postKey(platform, id)));
  }
}

/** The cached tag of each post (keyed by page text: no prototype); posts never asked about are absent. */
export async function cachedFeedback(store: Store, platform: 'x' | 'facebook', externalIds: string[]): Promise<Responses['posts.state']['feedback']> {
  const feedback: Responses['posts.state']['feedback'] = Object.create(null);
  // One read transaction for the whole batch of posts, its reads side by side.
  const meta = store.transaction('meta').store;
  const kept = await Promise.all(externalIds.map((id) => meta.get(feedbackKey(postKey(platform, id))) as Promise<Kept | null | undefined>));
  externalIds.forEach((id, i) => {
    const tag = kept[i];
    if (tag !== undefined) feedback[id] = tag && { kind: tag.kind, theme: tag.theme };
  });
  return feedback;
}

export async function tagFeedback(request: Req<'feedback.tag'>): Promise<Responses['feedback.tag']> {
  const { post, kind, theme } = request;
  const answer = await callSignedIn('POST', '/feedback', FeedbackResponse, { post, kind, ...(theme === undefined ? {} : { theme }) });
  const kept: Kept = { id: answer.feedback.id, kind: answer.feedback.kind, theme: answer.feedback.theme };
  await (await openStore()).put('meta', kept, feedbackKey(postKey(post.platform, post.externalId)));
  return { feedback: { kind: kept.kind, theme: kept.theme } };
}

/** The post's tag, as the server has it: the cache may be older than a colleague's change. */
async function currentTag(platform: 'x' | 'facebook', externalId: string): Promise<string | undefined> {
  const answer = await callSignedIn('GET', `/posts/cases?${queryString({ platform, externalIds: externalId })}`, PostCases);
  return answer.feedback.find((each) => each.externalId === externalId)?.id;
}

export async function removeFeedback(request: Req<'feedback.remove'>): Promise<Responses['feedback.remove']> {
  const { platform, externalId } = request;
  const store = await openStore();
  const key = feedbackKey(postKey(platform, externalId));
  const kept = (await store.get('meta', key)) as Kept | null | undefined;
  const id = kept?.id ?? (await currentTag(platform, externalId));
  if (id) {
    try {
      await callSignedIn('DELETE', `/feedback/${encodeURIComponent(id)}`, z.unknown());
    } catch (error) {
      // Already removed (by a colleague, say): the post has no tag, which is what was asked.
      if (!(error instanceof ApiFailure && error.status === 404)) throw error;
    }
  }
  await store.put('meta', null, key);
  return {};
}
