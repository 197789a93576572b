/**
 * The team's webhook endpoints, for the options page: read and written through the public API with
 * the agent's token (the server lets only admins). Secrets pass through here once and are kept nowhere.
 */
import { z } from 'zod';
import {
  WebhookDeliveryList, WebhookDeliveryResponse, WebhookList, WebhookResponse, WebhookWithSecret, type WebhookEventTypeT,
} from '../../api/contract.js';
import { callSignedIn } from './session.js';

export const webhooks = async () => callSignedIn('GET', '/webhooks', WebhookList);

/** Refused when the address is not one the server sends to (422) or the body is not an endpoint (400). */
export const createWebhook = async (webhook: { url: string; events: WebhookEventTypeT[]; description?: string | undefined }) =>
  callSignedIn('POST', '/webhooks', WebhookWithSecret, webhook);

export const updateWebhook = async (id: string, change: { url?: string | undefined; events?: WebhookEventTypeT[] | undefined; description?: string | undefined; disabled?: boolean | undefined }) =>
  callSignedIn('PATCH', `/webhooks/${id}`, WebhookResponse, change);

export async function deleteWebhook(id: string): Promise<Record<string, never>> {
  await callSignedIn('DELETE', `/webhooks/${id}`, z.undefined());
  return {};
}

/** A new secret, answered once; the server keeps signing with the old one beside it for a while. */
export const rotateWebhookSecret = async (id: string) => callSignedIn('POST', `/webhooks/${id}/rotate-secret`, WebhookWithSecret);

export const webhookDeliveries = async (id: string) => callSignedIn('GET', `/webhooks/${id}/deliveries?limit=20`, WebhookDeliveryList);

export const redeliverWebhook = async (id: string, deliveryId: string) =>
  callSignedIn('POST', `/webhooks/${id}/deliveries/${deliveryId}/redeliver`, WebhookDeliveryResponse);
