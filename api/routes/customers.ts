import { z } from 'zod';
import { Customer, CustomerLookupQuery, CustomerView, IdParam, MergeCustomersBody, UpdateCustomerBody } from '../contract.js';
import { requireAuth } from '../auth/middleware.js';
import { toCustomer } from '../db/wire.js';
import { mergeCustomers, updateCustomer } from '../ops/customers.js';
import { customerViewJson, lookupCustomerJson } from '../ops/customerView.js';
import { createRoute, errors, json, jsonBody, jsonText, router } from '../http.js';

const security = [{ bearer: [] }];
const middleware = [requireAuth];
const tags = ['Customers'];

const lookup = createRoute({
  method: 'get', path: '/customers/lookup', tags, security, middleware,
  summary: 'Find a customer by a platform handle (X handles: case-insensitive, leading @ ignored)',
  request: { query: CustomerLookupQuery },
  responses: { 200: json(CustomerView, 'The customer, identities, cases and recent posts'), ...errors(400, 401, 404) },
});

const get = createRoute({
  method: 'get', path: '/customers/{id}', tags, security, middleware, summary: 'A customer with identities, cases and recent posts',
  request: { params: IdParam },
  responses: { 200: json(CustomerView, 'The customer'), ...errors(400, 401, 404) },
});

const update = createRoute({
  method: 'patch', path: '/customers/{id}', tags, security, middleware, summary: 'Edit name, notes, tags or VIP',
  request: { params: IdParam, ...jsonBody(UpdateCustomerBody) },
  responses: { 200: json(z.object({ customer: Customer }), 'Updated'), ...errors(400, 401, 404) },
});

const merge = createRoute({
  method: 'post', path: '/customers/{id}/merge', tags, security, middleware,
  summary: 'Merge another customer into this one: its identities, posts and cases move over and it disappears',
  request: { params: IdParam, ...jsonBody(MergeCustomersBody) },
  responses: { 200: json(CustomerView, 'The merged customer'), ...errors(400, 401, 404, 422) },
});

export const customerRoutes = router()
  .openapi(lookup, async (c) => {
    const { platform, handle } = c.req.valid('query');
    return jsonText(c, CustomerView, await lookupCustomerJson(c.get('db').client, c.get('auth').orgId, platform, handle));
  })
  .openapi(get, async (c) => jsonText(c, CustomerView, await customerViewJson(c.get('db').client, c.get('auth').orgId, c.req.valid('param').id)))
  .openapi(update, async (c) => {
    const { db, auth } = c.var;
    const row = await db.tx((tx) => updateCustomer(tx, auth, c.req.valid('param').id, c.req.valid('json'), new Date()));
    return c.json({ customer: toCustomer(row) }, 200);
  })
  .openapi(merge, async (c) => {
    const { db, auth } = c.var;
    const { id } = c.req.valid('param');
    await db.tx((tx) => mergeCustomers(tx, auth, id, c.req.valid('json').otherCustomerId, new Date()));
    return jsonText(c, CustomerView, await customerViewJson(db.client, auth.orgId, id));
  });
