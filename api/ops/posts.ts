import { and, eq } from 'drizzle-orm';
import type { PostInputT } from '../contract.js';
import { isValidHandle, normalizeHandle } from '../domain/handles.js';
import type { Tx } from '../db/client.js';
import type { Change } from '../db/changes.js';
import { newId } from '../db/ids.js';
import { customers, identities, posts } from '../db/schema.js';
import { ApiError } from '../http.js';

export type PostRow = typeof posts.$inferSelect;
export type IdentityRow = typeof identities.$inferSelect;

export function normalizedHandleOf(platform: PostInputT['platform'], handle: string): string {
  const normalized = normalizeHandle(platform, handle);
  if (!isValidHandle(platform, normalized)) {
    throw new ApiError(400, 'validation_failed', `Invalid body — post.author.handle: "${handle}" is not a valid ${platform} handle`, {
      issues: [{ path: 'post.author.handle', message: 'not a valid handle' }],
    });
  }
  return normalized;
}

/**
 * Finds or creates the author's identity (and a customer for a new one) and the post.
 * Known identities take the latest display name, reach and profile URL the page showed.
 */
export async function upsertPost(
  tx: Tx,
  orgId: string,
  input: PostInputT,
  now: Date,
  changed: Change[],
): Promise<{ post: PostRow; identity: IdentityRow }> {
  const handle = normalizedHandleOf(input.platform, input.author.handle);
  const { displayName, followers, profileUrl } = input.author;
  let [identity] = await tx
    .select()
    .from(identities)
    .where(and(eq(identities.orgId, orgId), eq(identities.platform, input.platform), eq(identities.handle, handle)))
    .limit(1);
  if (!identity) {
    const customerId = newId();
    await tx.insert(customers).values({ id: customerId, orgId, name: displayName, createdAt: now, updatedAt: now });
    [identity] = await tx
      .insert(identities)
      .values({
        id: newId(), orgId, customerId, platform: input.platform, handle, displayName,
        followers: followers ?? null, profileUrl: profileUrl ?? null, createdAt: now, updatedAt: now,
      })
      .returning();
    changed.push({ entity: 'customer', id: customerId }, { entity: 'identity', id: identity!.id });
  } else if (
    identity.displayName !== displayName ||
    (followers !== undefined && identity.followers !== followers) ||
    (profileUrl !== undefined && identity.profileUrl !== profileUrl)
  ) {
    [identity] = await tx
      .update(identities)
      .set({ displayName, followers: followers ?? identity.followers, profileUrl: profileUrl ?? identity.profileUrl, updatedAt: now })
      .where(eq(identities.id, identity.id))
      .returning();
    changed.push({ entity: 'identity', id: identity!.id });
  }

  const [existing] = await tx
    .select()
    .from(posts)
    .where(and(eq(posts.orgId, orgId), eq(posts.platform, input.platform), eq(posts.externalId, input.externalId)))
    .limit(1);
  if (existing) return { post: existing, identity: identity! };
  const [post] = await tx
    .insert(posts)
    .values({
      id: newId(), orgId, platform: input.platform, externalId: input.externalId, url: input.url,
      identityId: identity!.id, customerId: identity!.customerId, text: input.text,
      postedAt: input.postedAt ? new Date(input.postedAt) : null, createdAt: now,
    })
    .returning();
  changed.push({ entity: 'post', id: post!.id });
  return { post: post!, identity: identity! };
}
