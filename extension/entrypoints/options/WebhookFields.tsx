import type { WebhookEventTypeT, WebhookT } from '../../../api/contract.js';

/** What each event means to the team, beside its name on the wire (every type the contract has: the Record says so). */
export const eventWords: Record<WebhookEventTypeT, string> = {
  'case.created': 'a case is opened',
  'case.updated': 'a case changes (status, priority, assignee, tags)',
  'case.resolved': 'a case is resolved',
  'reply.recorded': 'a reply is sent',
  'note.added': 'an internal note is added',
  'customer.merged': 'two customers are merged',
};
// Types only from the contract: the page's bundle stays without zod.
const eventTypes = Object.keys(eventWords) as WebhookEventTypeT[];

/** Runs an action of the section and shows its failure; `quiet`: a background refresh, which leaves the message shown alone. */
export type Act = (work: () => Promise<void>, options?: { quiet?: boolean }) => Promise<boolean>;

export const timeOf = (iso: string) => <time dateTime={iso}>{new Date(iso).toLocaleString()}</time>;

export interface EndpointDraft {
  url: string;
  description: string;
  events: WebhookEventTypeT[];
}

export const emptyDraft: EndpointDraft = { url: '', description: '', events: ['case.created', 'case.updated', 'case.resolved'] };
export const draftOf = (webhook: WebhookT): EndpointDraft => ({ url: webhook.url, description: webhook.description, events: [...webhook.events] });

/** What is wrong with a draft before it is sent, if anything; the server checks the address itself. */
export const problemOf = (draft: EndpointDraft): string | undefined =>
  draft.events.length === 0 ? 'Choose at least one event to send' : undefined;

/** Only what an edit changed: an unchanged address is not looked up again. */
export function changesOf(webhook: WebhookT, draft: EndpointDraft): { url?: string; description?: string; events?: WebhookEventTypeT[] } {
  const url = draft.url.trim();
  const description = draft.description.trim();
  const sameEvents = draft.events.length === webhook.events.length && draft.events.every((event) => webhook.events.includes(event));
  return {
    ...(url !== webhook.url ? { url } : {}),
    ...(description !== webhook.description ? { description } : {}),
    ...(sameEvents ? {} : { events: draft.events }),
  };
}

/** The address, the description and the events of an endpoint, for adding one or editing it. */
export function EndpointFields({ draft, onChange }: { draft: EndpointDraft; onChange: (draft: EndpointDraft) => void }) {
  const toggle = (event: WebhookEventTypeT, on: boolean) =>
    onChange({ ...draft, events: on ? eventTypes.filter((type) => type === event || draft.events.includes(type)) : draft.events.filter((type) => type !== event) });
  return (
    <>
      <label>
        Address (https)
        <input type="url" data-testid="parley-webhook-url" required maxLength={2048} placeholder="https://hooks.example.com/parley"
          value={draft.url} onChange={(event) => onChange({ ...draft, url: event.target.value })} />
      </label>
      <label>
        Description
        <input data-testid="parley-webhook-description" maxLength={500} placeholder="CRM sync"
          value={draft.description} onChange={(event) => onChange({ ...draft, description: event.target.value })} />
      </label>
      <fieldset className="webhook-events">
        <legend>Send when</legend>
        {eventTypes.map((type) => (
          <label key={type}>
            <input type="checkbox" data-testid={`parley-webhook-event-${type}`} checked={draft.events.includes(type)}
              onChange={(event) => toggle(type, event.target.checked)} />
            {' '}{eventWords[type]} <code>{type}</code>
          </label>
        ))}
      </fieldset>
    </>
  );
}
