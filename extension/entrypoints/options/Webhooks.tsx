import { useEffect, useState, type FormEvent } from 'react';
import type { WebhookT } from '../../../api/contract.js';
import { ask, errorOf, ParleyError } from '../../messaging.js';
import { emptyDraft, EndpointFields, problemOf, timeOf, type Act } from './WebhookFields.js';
import { WebhookRow, type SecretShown } from './WebhookRow.js';

/** A signing secret, shown this once, with a copy button and what the receiver does with it. */
function SecretNotice({ shown, onDone }: { shown: SecretShown; onDone: () => void }) {
  const [copied, setCopied] = useState<string | undefined>();
  const copy = () => navigator.clipboard.writeText(shown.secret).then(
    () => setCopied('Copied'),
    () => setCopied('Could not copy: select the secret and copy it by hand'),
  );
  return (
    <div className="notice webhook-secret" role="status" data-testid="parley-webhook-secret-notice">
      <p>
        {shown.previousUntil ? 'The new signing secret' : 'The signing secret'} for <strong>{shown.url}</strong>, shown only now: Parley will
        not show it again. The receiving system checks each delivery&apos;s <code>webhook-signature</code> with it.
      </p>
      <p><code data-testid="parley-webhook-secret">{shown.secret}</code></p>
      {shown.previousUntil && (
        <p data-testid="parley-webhook-secret-overlap">
          Until {timeOf(shown.previousUntil)} every delivery also carries a signature made with the old secret, so the receiver keeps
          working while it is switched over to the new one.
        </p>
      )}
      <div className="row">
        <button type="button" data-testid="parley-webhook-copy" onClick={() => void copy()}>Copy secret</button>
        <button type="button" className="quiet" data-testid="parley-webhook-secret-done" onClick={onDone}>I have kept it</button>
        {copied && <span data-testid="parley-webhook-copied">{copied}</span>}
      </div>
    </div>
  );
}

/** Registers an endpoint; its secret is handed to `onCreated`, to be shown once. */
function AddWebhook({ act, onCreated }: { act: Act; onCreated: (shown: SecretShown) => Promise<void> }) {
  const [draft, setDraft] = useState(emptyDraft);

  async function add(event: FormEvent) {
    event.preventDefault();
    await act(async () => {
      const problem = problemOf(draft);
      if (problem) throw new ParleyError('invalid', problem);
      const description = draft.description.trim();
      const { webhook, secret } = await ask({
        type: 'settings.webhooks.create', webhook: { url: draft.url.trim(), events: draft.events, ...(description ? { description } : {}) },
      });
      setDraft(emptyDraft);
      await onCreated({ url: webhook.url, secret });
    });
  }

  return (
    <form className="settings-form" data-testid="parley-webhook-form" aria-label="Add a webhook endpoint" onSubmit={(event) => void add(event)}>
      <h3>Add an endpoint</h3>
      <EndpointFields draft={draft} onChange={setDraft} />
      <button type="submit" data-testid="parley-webhook-add">Add endpoint</button>
    </form>
  );
}

/** The team's webhooks (admins): endpoints that get its events, signed, and what was delivered to them. */
export function Webhooks() {
  const [list, setList] = useState<WebhookT[] | undefined>();
  const [shown, setShown] = useState<SecretShown | undefined>();
  const [error, setError] = useState<string | undefined>();

  const act: Act = async (work, { quiet = false } = {}) => {
    if (!quiet) setError(undefined);
    try {
      await work();
      return true;
    } catch (failure) {
      setError(errorOf(failure).message);
      return false;
    }
  };
  const reload = async () => setList((await ask({ type: 'settings.webhooks.list' })).webhooks);
  useEffect(() => void act(reload), []);

  return (
    <section data-testid="parley-webhooks" aria-labelledby="parley-webhooks-title">
      <h2 id="parley-webhooks-title">Webhooks</h2>
      <p className="muted">
        Parley sends the team&apos;s events to these addresses as they happen, each signed by the Standard Webhooks rules, and tries again
        when a delivery fails.
      </p>
      {list?.length === 0 && <p className="muted">No endpoints yet.</p>}
      <ul className="template-list">
        {(list ?? []).map((webhook) => <WebhookRow key={webhook.id} webhook={webhook} act={act} reload={reload} showSecret={setShown} />)}
      </ul>
      {shown && <SecretNotice key={shown.secret} shown={shown} onDone={() => setShown(undefined)} />}
      <AddWebhook act={act} onCreated={async (created) => { setShown(created); await reload(); }} />
      {error && <p className="error" role="alert" data-testid="parley-webhook-error">{error}</p>}
    </section>
  );
}
