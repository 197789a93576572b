import { createHash, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { CreateOrgBody, CreateOrgResponse, ErrorBody } from '../contract.js';
import { createOrg, EMAIL_UNAVAILABLE } from '../ops/orgs.js';
import { hashPassword, withPasswordSlot } from '../auth/passwords.js';
import { toAgent, toOrg } from '../db/wire.js';
import { ApiError, createRoute, errors, json, jsonBody, router } from '../http.js';

const digest = (value: string) => createHash('sha256').update(value).digest();

function signupAllowed(expected: string | undefined, given: string | undefined): boolean {
  if (!expected || !given) return false;
  return timingSafeEqual(digest(expected), digest(given));
}

const create = createRoute({
  method: 'post',
  path: '/orgs',
  tags: ['Organisations'],
  summary: 'Create an organisation and its first admin (needs the server\'s signup token)',
  request: {
    headers: z.object({ 'x-signup-token': z.string().max(500).optional() }),
    ...jsonBody(CreateOrgBody),
  },
  responses: {
    201: json(CreateOrgResponse, 'Created'), ...errors(400, 403, 429),
    409: json(ErrorBody, `\`email_unavailable\` for the admin's email: ${EMAIL_UNAVAILABLE}`),
  },
});

export const orgRoutes = router().openapi(create, async (c) => {
  const { db, config } = c.var;
  if (!signupAllowed(config.PARLEY_SIGNUP_TOKEN, c.req.valid('header')['x-signup-token'])) {
    throw new ApiError(403, 'forbidden', 'Creating organisations needs the server\'s X-Signup-Token');
  }
  const body = c.req.valid('json');
  const { password, ...admin } = body.admin;
  const passwordHash = await withPasswordSlot(() => hashPassword(password));
  const { org, agent } = await db.tx((tx) => createOrg(tx, body.name, { ...admin, passwordHash }, new Date()));
  return c.json({ org: toOrg(org), agent: toAgent(agent) }, 201);
});
