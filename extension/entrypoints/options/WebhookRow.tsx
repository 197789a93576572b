import { useId, useState, type FormEvent } from 'react';
import type { WebhookT } from '../../../api/contract.js';
import { ask, ParleyError } from '../../messaging.js';
import { WebhookDeliveries } from './WebhookDeliveries.js';
import { changesOf, draftOf, EndpointFields, problemOf, timeOf, type Act, type EndpointDraft } from './WebhookFields.js';

/** A signing secret just made, for the admin to keep: shown once. `previousUntil`: the old one's overlap, after a rotation. */
export interface SecretShown {
  url: string;
  secret: string;
  previousUntil?: string | null;
}

type Change = Extract<Parameters<typeof ask>[0], { type: 'settings.webhooks.update' }>['change'];

const reasonWords: Record<NonNullable<WebhookT['disabledReason']>, string> = {
  gone: 'the endpoint answered 410 Gone, which asks for no more deliveries',
  failing: 'every delivery to it failed for a day',
  admin: 'an admin switched it off',
};

/** Whether the endpoint is sent to; if not, why and since when; and a secret rotation's overlap. */
function WebhookStatus({ webhook }: { webhook: WebhookT }) {
  const reason = webhook.disabledReason;
  const overlap = webhook.previousSecretExpiresAt && Date.parse(webhook.previousSecretExpiresAt) > Date.now() ? webhook.previousSecretExpiresAt : null;
  return (
    <>
      {webhook.disabled ? (
        <p className={reason === 'admin' ? 'muted' : 'error'} data-testid="parley-webhook-status" data-reason={reason ?? undefined}>
          <strong>Disabled</strong>
          {webhook.disabledAt && <> since {timeOf(webhook.disabledAt)}</>}
          {reason && `: ${reasonWords[reason]}`}
          {reason === 'failing' && webhook.failingSince && <> (failing since {timeOf(webhook.failingSince)})</>}
          . Nothing is sent to it; enabled again, it gets the events from then on.
        </p>
      ) : (
        <p data-testid="parley-webhook-status">
          <strong>Enabled</strong>
          {webhook.failingSince && <>, but deliveries have failed since {timeOf(webhook.failingSince)}: after a day of failures Parley disables it</>}
        </p>
      )}
      {overlap && <p className="muted" data-testid="parley-webhook-overlap">The previous secret also signs each delivery until {timeOf(overlap)}.</p>}
    </>
  );
}

/** Asks inside the page before an endpoint and its delivery history go. */
function ConfirmDelete({ onDelete, onKeep }: { onDelete: () => void; onKeep: () => void }) {
  return (
    <div className="notice" role="group" aria-label="Confirm deleting the endpoint">
      <p>Delete this endpoint? Parley stops sending to it at once, and its delivery history goes with it.</p>
      <div className="row">
        <button type="button" data-testid="parley-webhook-delete-confirm" onClick={onDelete}>Delete endpoint</button>
        <button type="button" className="quiet" data-testid="parley-webhook-delete-cancel" autoFocus onClick={onKeep}>Keep it</button>
      </div>
    </div>
  );
}

/** One endpoint: what it gets and whether it is sent to, with its changes, its secret's rotation and its deliveries. */
export function WebhookRow({ webhook, act, reload, showSecret }: { webhook: WebhookT; act: Act; reload: () => Promise<void>; showSecret: (shown: SecretShown) => void }) {
  const [editing, setEditing] = useState<EndpointDraft | undefined>();
  const [confirming, setConfirming] = useState(false);
  const [deliveriesOpen, setDeliveriesOpen] = useState(false);
  const urlId = useId();
  const deliveriesId = useId();

  const update = (change: Change) => act(async () => {
    await ask({ type: 'settings.webhooks.update', id: webhook.id, change });
    await reload();
  });

  async function save(event: FormEvent) {
    event.preventDefault();
    if (!editing) return;
    const change = changesOf(webhook, editing);
    if (Object.keys(change).length === 0) return setEditing(undefined);
    const problem = problemOf(editing);
    const saved = problem ? await act(async () => { throw new ParleyError('invalid', problem); }) : await update(change);
    if (saved) setEditing(undefined);
  }

  const remove = () => act(async () => {
    setConfirming(false);
    await ask({ type: 'settings.webhooks.delete', id: webhook.id });
    await reload();
  });

  const rotate = () => act(async () => {
    const { webhook: rotated, secret } = await ask({ type: 'settings.webhooks.rotate', id: webhook.id });
    showSecret({ url: rotated.url, secret, previousUntil: rotated.previousSecretExpiresAt });
    await reload();
  });

  return (
    <li className="webhook" data-testid="parley-webhook-row" data-id={webhook.id} data-disabled={webhook.disabled ? 'true' : undefined}>
      <strong id={urlId} className="webhook-url">{webhook.url}</strong>
      {webhook.description && <p className="webhook-description" data-testid="parley-webhook-row-description">{webhook.description}</p>}
      <p className="muted" data-testid="parley-webhook-events">Events: {webhook.events.join(', ')}</p>
      <WebhookStatus webhook={webhook} />
      <div className="row">
        <button type="button" className="quiet" data-testid="parley-webhook-edit" aria-describedby={urlId} onClick={() => setEditing(draftOf(webhook))}>Edit</button>
        <button type="button" className="quiet" data-testid="parley-webhook-toggle" aria-describedby={urlId} onClick={() => void update({ disabled: !webhook.disabled })}>
          {webhook.disabled ? 'Enable' : 'Disable'}
        </button>
        <button type="button" className="quiet" data-testid="parley-webhook-rotate" aria-describedby={urlId} onClick={() => void rotate()}>Rotate secret</button>
        <button type="button" className="quiet" data-testid="parley-webhook-show-deliveries" aria-describedby={urlId} aria-expanded={deliveriesOpen}
          aria-controls={deliveriesOpen ? deliveriesId : undefined} onClick={() => setDeliveriesOpen(!deliveriesOpen)}>
          {deliveriesOpen ? 'Hide deliveries' : 'Deliveries'}
        </button>
        <button type="button" className="quiet" data-testid="parley-webhook-delete" aria-describedby={urlId} onClick={() => setConfirming(true)}>Delete</button>
      </div>
      {confirming && <ConfirmDelete onDelete={() => void remove()} onKeep={() => setConfirming(false)} />}
      {editing && (
        <form className="settings-form" data-testid="parley-webhook-edit-form" aria-label={`Edit ${webhook.url}`} onSubmit={(event) => void save(event)}>
          <EndpointFields draft={editing} onChange={setEditing} />
          <div className="row">
            <button type="submit" data-testid="parley-webhook-save">Save endpoint</button>
            <button type="button" className="quiet" onClick={() => setEditing(undefined)}>Cancel</button>
          </div>
        </form>
      )}
      {deliveriesOpen && <div id={deliveriesId}><WebhookDeliveries webhook={webhook} act={act} /></div>}
    </li>
  );
}
