/** /webhooks: signed event deliveries to the team's own systems. Admins only. */
import {
  CreateWebhookBody, IdParam, UpdateWebhookBody, WebhookDeliveriesQuery, WebhookDeliveryList, WebhookDeliveryParams,
  WebhookDeliveryResponse, WebhookList, WebhookResponse, WebhookWithSecret, webhookEventTypes,
} from '../contract.js';
import { requireAdmin, requireAuth } from '../auth/middleware.js';
import { createRoute, errors, json, jsonBody, router } from '../http.js';
import {
  createWebhook, deleteWebhook, listDeliveries, listWebhooks, redeliver, rotateSecret, updateWebhook,
} from '../ops/webhooks.js';

const security = [{ bearer: [] }];
const middleware = [requireAuth, requireAdmin];
const tags = ['Webhooks'];
const about = `Events: ${webhookEventTypes.join(', ')}. Each delivery is a Standard Webhooks POST (\`webhook-id\`, \`webhook-timestamp\`, \`webhook-signature\`) of \`{type, timestamp, data}\`.`;

const list = createRoute({
  method: 'get', path: '/webhooks', tags, security, middleware, summary: 'The organisation\'s webhook endpoints (admins only)',
  responses: { 200: json(WebhookList, 'Endpoints, without their secrets'), ...errors(401, 403) },
});
const create = createRoute({
  method: 'post', path: '/webhooks', tags, security, middleware, summary: 'Register a webhook endpoint (admins only)',
  description: `${about} The endpoint must be https and resolve to public addresses only. The answer holds the signing secret, shown this once.`,
  request: jsonBody(CreateWebhookBody),
  responses: { 201: json(WebhookWithSecret, 'Registered'), ...errors(400, 401, 403, 422) },
});
const update = createRoute({
  method: 'patch', path: '/webhooks/{id}', tags, security, middleware, summary: 'Change, disable or re-enable a webhook endpoint (admins only)',
  request: { params: IdParam, ...jsonBody(UpdateWebhookBody) },
  responses: { 200: json(WebhookResponse, 'Updated'), ...errors(400, 401, 403, 404, 422) },
});
const remove = createRoute({
  method: 'delete', path: '/webhooks/{id}', tags, security, middleware, summary: 'Delete a webhook endpoint and its deliveries (admins only)',
  request: { params: IdParam },
  responses: { 204: { description: 'Deleted' }, ...errors(400, 401, 403, 404) },
});
const rotate = createRoute({
  method: 'post', path: '/webhooks/{id}/rotate-secret', tags, security, middleware, summary: 'Give the endpoint a new signing secret (admins only)',
  description: 'The new secret is shown this once. For 24 hours deliveries carry a signature with each secret, old and new.',
  request: { params: IdParam },
  responses: { 200: json(WebhookWithSecret, 'Rotated'), ...errors(400, 401, 403, 404) },
});
const deliveries = createRoute({
  method: 'get', path: '/webhooks/{id}/deliveries', tags, security, middleware, summary: 'The endpoint\'s latest deliveries, newest first (admins only)',
  request: { params: IdParam, query: WebhookDeliveriesQuery },
  responses: { 200: json(WebhookDeliveryList, 'Deliveries'), ...errors(400, 401, 403, 404) },
});
const resend = createRoute({
  method: 'post', path: '/webhooks/{id}/deliveries/{deliveryId}/redeliver', tags, security, middleware,
  summary: 'Send a delivered or failed delivery again, with the same webhook-id (admins only)',
  request: { params: WebhookDeliveryParams },
  responses: { 202: json(WebhookDeliveryResponse, 'Queued'), ...errors(400, 401, 403, 404, 409, 422) },
});

export const webhookRoutes = router()
  .openapi(list, async (c) => c.json({ webhooks: await listWebhooks(c.get('db'), c.get('auth').orgId) }, 200))
  .openapi(create, async (c) => {
    const options = { allowPrivate: c.get('config').PARLEY_WEBHOOK_ALLOW_PRIVATE ?? false, now: new Date() };
    return c.json(await createWebhook(c.get('db'), c.get('auth'), c.req.valid('json'), options), 201);
  })
  .openapi(update, async (c) => {
    const options = { allowPrivate: c.get('config').PARLEY_WEBHOOK_ALLOW_PRIVATE ?? false, now: new Date() };
    const webhook = await updateWebhook(c.get('db'), c.get('auth'), c.req.valid('param').id, c.req.valid('json'), options);
    return c.json({ webhook }, 200);
  })
  .openapi(remove, async (c) => {
    await deleteWebhook(c.get('db'), c.get('auth'), c.req.valid('param').id, new Date());
    return c.body(null, 204);
  })
  .openapi(rotate, async (c) => c.json(await rotateSecret(c.get('db'), c.get('auth'), c.req.valid('param').id, new Date()), 200))
  .openapi(deliveries, async (c) => {
    const list = await listDeliveries(c.get('db'), c.get('auth').orgId, c.req.valid('param').id, c.req.valid('query').limit);
    return c.json({ deliveries: list }, 200);
  })
  .openapi(resend, async (c) => {
    const { id, deliveryId } = c.req.valid('param');
    return c.json({ delivery: await redeliver(c.get('db'), c.get('auth'), id, deliveryId, new Date()) }, 202);
  });
