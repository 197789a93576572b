/** Signed webhooks on the wire: the endpoints admins register and the deliveries made to them. */
import { z } from 'zod';
import { Case, CaseEvent, Customer } from './resources.js';
import { id, isoTime } from './fields.js';

export const webhookEventTypes = [
  'case.created', 'case.updated', 'case.resolved', 'reply.recorded', 'note.added', 'customer.merged',
] as const;
export const webhookDeliveryStatuses = ['pending', 'delivered', 'failed'] as const;
/** `gone`: the endpoint answered 410; `failing`: it failed for a day; `admin`: an admin switched it off. */
export const webhookDisabledReasons = ['gone', 'failing', 'admin'] as const;

export const WebhookEventType = z.enum(webhookEventTypes);

// https only, unless the server runs with PARLEY_WEBHOOK_ALLOW_PRIVATE=true (checked by the route).
const endpointUrl = z
  .url({ protocol: /^https?$/ })
  .max(2048)
  .meta({ description: 'An https address that resolves to public addresses only', example: 'https://hooks.example.com/parley' });
const eventList = z
  .array(WebhookEventType)
  .min(1)
  .max(webhookEventTypes.length)
  .transform((list) => [...new Set(list)]);
const description = z.string().trim().max(500);

export const Webhook = z
  .object({
    id, url: z.string(), events: z.array(WebhookEventType), description: z.string(),
    disabled: z.boolean(),
    disabledReason: z.enum(webhookDisabledReasons).nullable(),
    disabledAt: isoTime.nullable(),
    failingSince: isoTime.nullable().meta({ description: 'Failing since then; after a day of it the endpoint is disabled' }),
    previousSecretExpiresAt: isoTime.nullable().meta({ description: 'Until then deliveries are signed with the old secret as well as the new' }),
    createdAt: isoTime, updatedAt: isoTime,
  })
  .meta({ id: 'Webhook' });

const secret = z.string().meta({ description: 'The signing secret (`whsec_…`), shown only in this answer' });

export const CreateWebhookBody = z.strictObject({ url: endpointUrl, events: eventList, description: description.optional() });
export const UpdateWebhookBody = z
  .strictObject({
    url: endpointUrl.optional(),
    events: eventList.optional(),
    description: description.optional(),
    disabled: z.boolean().optional().meta({ description: 'Switch the endpoint off, or on again: re-enabled, it gets the events from then on' }),
  })
  .refine((body) => Object.keys(body).length > 0, 'give at least one of url, events, description, disabled');
export const WebhookResponse = z.object({ webhook: Webhook });
export const WebhookWithSecret = z.object({ webhook: Webhook, secret });
export const WebhookList = z.object({ webhooks: z.array(Webhook) });

export const WebhookDelivery = z
  .object({
    id: id.meta({ description: 'Also the `webhook-id` header, the same on every attempt' }),
    type: WebhookEventType,
    status: z.enum(webhookDeliveryStatuses),
    attempts: z.number().int(),
    responseStatus: z.number().int().nullable(),
    error: z.string().nullable().meta({ description: 'Why the last attempt failed, when no status said it' }),
    caseId: id.nullable(),
    createdAt: isoTime,
    lastAttemptAt: isoTime.nullable(),
    nextAttemptAt: isoTime.nullable(),
    deliveredAt: isoTime.nullable(),
  })
  .meta({ id: 'WebhookDelivery' });
export const WebhookDeliveryList = z.object({ deliveries: z.array(WebhookDelivery) });
export const WebhookDeliveryResponse = z.object({ delivery: WebhookDelivery });
export const WebhookDeliveryParams = z.object({ id, deliveryId: id });
export const WebhookDeliveriesQuery = z.strictObject({ limit: z.coerce.number().int().min(1).max(200).default(50) });

/** What a receiver gets (the Standard Webhooks body): `data` is the object in its contract form. */
export const WebhookPayload = z
  .object({
    type: WebhookEventType,
    timestamp: isoTime,
    data: z.union([Case, CaseEvent, Customer.extend({ mergedCustomerId: id })]),
  })
  .meta({ id: 'WebhookPayload' });

export type WebhookT = z.infer<typeof Webhook>;
export type WebhookDeliveryT = z.infer<typeof WebhookDelivery>;
export type WebhookEventTypeT = (typeof webhookEventTypes)[number];
