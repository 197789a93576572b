/**
 * The building blocks the contract's schemas share: not part of the contract themselves, so the
 * contract module does not re-export them.
 */
import { z } from 'zod';

export const id = z.uuid();
export const isoTime = z.iso.datetime({ offset: true });
export const tagList = z.array(z.string().trim().min(1).max(50)).max(50);
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
