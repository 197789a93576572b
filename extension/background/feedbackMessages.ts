/** A bar's feedback messages, one handler each, after the background checked them with zod (`PageRequest`). */
import type { PageRequestT, Responses } from '../protocol.js';
import { removeFeedback, tagFeedback } from './feedback.js';

type FeedbackType = Extract<PageRequestT['type'], `feedback.${string}`>;
type Message<K extends FeedbackType> = Extract<PageRequestT, { type: K }>;
export type FeedbackMessage = Message<FeedbackType>;

const handlers: { [K in FeedbackType]: (message: Message<K>) => Promise<Responses[K]> } = {
  'feedback.tag': (message) => tagFeedback(message),
  'feedback.remove': (message) => removeFeedback(message),
};

export const isFeedbackMessage = (message: PageRequestT): message is FeedbackMessage => Object.hasOwn(handlers, message.type);

/** The post whose bars show the change, in every tab. */
export const feedbackPostKey = (message: FeedbackMessage) =>
  message.type === 'feedback.tag' ? `${message.post.platform}:${message.post.externalId}` : `${message.platform}:${message.externalId}`;

export function handleFeedback(message: FeedbackMessage): Promise<unknown> {
  return (handlers[message.type] as (message: FeedbackMessage) => Promise<unknown>)(message);
}
