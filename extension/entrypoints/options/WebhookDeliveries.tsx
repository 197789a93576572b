import { useEffect, useState } from 'react';
import type { WebhookDeliveryT, WebhookT } from '../../../api/contract.js';
import { ask } from '../../messaging.js';
import { timeOf, type Act } from './WebhookFields.js';

// While the list is open it follows the sending, which the server retries on its own schedule.
const REFRESH_MS = 2000;
const statusWords: Record<WebhookDeliveryT['status'], string> = { pending: 'Pending', delivered: 'Delivered', failed: 'Failed' };

/** When it was made, last tried, and delivered or next tried. */
function DeliveryTimes({ delivery }: { delivery: WebhookDeliveryT }) {
  return (
    <ul className="webhook-times">
      <li>made {timeOf(delivery.createdAt)}</li>
      {delivery.lastAttemptAt && <li>last tried {timeOf(delivery.lastAttemptAt)}</li>}
      {delivery.deliveredAt && <li>delivered {timeOf(delivery.deliveredAt)}</li>}
      {delivery.nextAttemptAt && <li>next try {timeOf(delivery.nextAttemptAt)}</li>}
    </ul>
  );
}

function DeliveryRow({ delivery, canResend, onRedeliver }: { delivery: WebhookDeliveryT; canResend: boolean; onRedeliver: () => void }) {
  return (
    <tr data-testid="parley-webhook-delivery" data-id={delivery.id} data-status={delivery.status}>
      <td><code>{delivery.type}</code></td>
      <td data-testid="parley-webhook-delivery-status">
        {statusWords[delivery.status]}{delivery.error ? `: ${delivery.error}` : ''}
      </td>
      <td data-testid="parley-webhook-delivery-attempts">{delivery.attempts}</td>
      <td data-testid="parley-webhook-delivery-response">{delivery.responseStatus ?? '—'}</td>
      <td><DeliveryTimes delivery={delivery} /></td>
      <td>
        {delivery.status !== 'pending' && (
          <button type="button" className="quiet" data-testid="parley-webhook-redeliver" disabled={!canResend} onClick={onRedeliver}>Redeliver</button>
        )}
      </td>
    </tr>
  );
}

/** An endpoint's latest deliveries, newest first, each of them sent again on request (same `webhook-id`). */
export function WebhookDeliveries({ webhook, act }: { webhook: WebhookT; act: Act }) {
  const [deliveries, setDeliveries] = useState<WebhookDeliveryT[] | undefined>();
  const load = () => act(async () => setDeliveries((await ask({ type: 'settings.webhooks.deliveries', id: webhook.id })).deliveries), { quiet: true });
  useEffect(() => {
    void load();
    const timer = setInterval(() => void load(), REFRESH_MS);
    return () => clearInterval(timer);
  }, [webhook.id]);

  const redeliver = (delivery: WebhookDeliveryT) => act(async () => {
    await ask({ type: 'settings.webhooks.redeliver', id: webhook.id, deliveryId: delivery.id });
    await load();
  });

  if (!deliveries) return null;
  return (
    <div className="webhook-deliveries" data-testid="parley-webhook-deliveries">
      {webhook.disabled && <p className="muted">The endpoint is disabled: enable it to send deliveries again.</p>}
      {deliveries.length === 0 ? (
        <p className="muted">No deliveries yet: each event sent to this endpoint is listed here.</p>
      ) : (
        <table>
          <caption>Latest deliveries to {webhook.url}</caption>
          <thead>
            <tr><th scope="col">Event</th><th scope="col">Status</th><th scope="col">Attempts</th><th scope="col">Response</th><th scope="col">When</th><th scope="col"><span className="sr-only">Action</span></th></tr>
          </thead>
          <tbody>
            {deliveries.map((delivery) => (
              <DeliveryRow key={delivery.id} delivery={delivery} canResend={!webhook.disabled} onRedeliver={() => void redeliver(delivery)} />
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
