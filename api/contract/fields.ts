/**
 * The building blocks the contract's schemas share: not part of the contract themselves, so the
 * contract module does not re-export them.
 */
import { z } from 'zod';
import { distinctExamples } from '../domain/templates.js';

export const id = z.uuid();
export const isoTime = z.iso.datetime({ offset: true });
// Neither site existed before 2004; a client clock may run a little fast, never a day.
const EARLIEST_CLIENT_TIME = Date.parse('2004-01-01T00:00:00Z');
const CLIENT_CLOCK_SLACK_MS = 24 * 60 * 60 * 1000;
/** A time a client reports (a post's date, a reply's): ISO, from 2004-01-01 to a day from now. */
export const clientTime = isoTime.refine((value) => {
  const at = Date.parse(value);
  return at >= EARLIEST_CLIENT_TIME && at <= Date.now() + CLIENT_CLOCK_SLACK_MS;
}, 'must be between 2004-01-01 and a day from now');
export const tagList = z.array(z.string().trim().min(1).max(50)).max(50);
/** Customer posts a template answers, each once (ignoring case and spacing). */
export const examplePosts = z.array(z.string().trim().min(1).max(5000)).max(20).transform(distinctExamples);
// The sites serve every post and profile over https; anything else is not a post's address.
export const webUrl = z.url({ protocol: /^https$/ }).max(2048);
export const password = z.string().min(10, 'must be at least 10 characters').max(256);
export const email = z.email().max(320).transform((value) => value.toLowerCase());
export const name = z.string().trim().min(1).max(200);
export const externalId = z.string().regex(/^[A-Za-z0-9_:.-]{1,100}$/, 'must be 1–100 letters, digits or _ : . -');
export const customerPatch = z.strictObject({
  name: name.optional(),
  notes: z.string().max(10_000).optional(),
  tags: tagList.optional(),
  vip: z.boolean().optional(),
});
export const someCustomerField = (body: Record<string, unknown>) => ['name', 'notes', 'tags', 'vip'].some((key) => body[key] !== undefined);
