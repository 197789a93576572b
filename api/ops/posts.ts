/**
 * Finding or creating a post's author (identity and customer) and the post itself: the first step
 * of every case creation, so written as one read and a list of writes for the caller's batch.
 */
import type { InStatement } from '@libsql/client';
import type { PostInputT } from '../contract.js';
import { isValidHandle, normalizeHandle } from '../domain/handles.js';
import type { Tx } from '../db/client.js';
import { storedTone } from './postTones.js';
import type { AuditEntry } from '../db/audit.js';
import type { Change } from '../db/changes.js';
import { newId } from '../db/ids.js';
import type { identities, posts } from '../db/schema.js';
import { ApiError } from '../http.js';

export type PostRow = typeof posts.$inferSelect;
export type IdentityRow = typeof identities.$inferSelect;

function normalizedHandleOf(platform: PostInputT['platform'], handle: string): string {
  const normalized = normalizeHandle(platform, handle);
  if (!isValidHandle(platform, normalized)) {
    throw new ApiError(400, 'validation_failed', `Invalid body — post.author.handle: "${handle}" is not a valid ${platform} handle`, {
      issues: [{ path: 'post.author.handle', message: 'not a valid handle' }],
    });
  }
  return normalized;
}

// ?1 org, ?2 platform, ?3 handle, ?4 external id
const contextSql = `
SELECT
  (SELECT json_object('id', id, 'customerId', customer_id, 'displayName', display_name, 'followers', followers,
     'profileUrl', profile_url, 'createdAt', created_at, 'updatedAt', updated_at,
     'vip', (SELECT vip FROM customers c WHERE c.id = identities.customer_id))
   FROM identities WHERE org_id = ?1 AND platform = ?2 AND handle = ?3),
  (SELECT json_object('id', id, 'url', url, 'identityId', identity_id, 'customerId', customer_id, 'text', text,
     'postedAt', posted_at, 'tone', tone, 'createdAt', created_at)
   FROM posts WHERE org_id = ?1 AND platform = ?2 AND external_id = ?4),
  (SELECT c.id FROM posts p JOIN case_posts cp ON cp.post_id = p.id JOIN cases c ON c.id = cp.case_id
   WHERE p.org_id = ?1 AND p.platform = ?2 AND p.external_id = ?4 AND c.status IN ('new', 'open', 'pending')
   ORDER BY c.number DESC LIMIT 1)`;

type Stored<T> = Omit<T, 'createdAt' | 'updatedAt' | 'postedAt'> & { createdAt: number; updatedAt?: number; postedAt?: number | null };

export interface PostPlan {
  identity: IdentityRow;
  post: PostRow;
  /** The newest open case this post already belongs to, if any. */
  openCaseId: string | null;
  /** Whether the team marked the author VIP. */
  vip: boolean;
  /** Writes to apply, in order, in the caller's transaction. */
  writes: InStatement[];
  changes: Change[];
  /** A customer first seen here is a new customer of the team's. */
  audit: AuditEntry[];
}

/** Reads what exists and plans the writes that make the identity, customer and post exist and current. */
export async function planPost(tx: Tx, orgId: string, input: PostInputT, now: Date): Promise<PostPlan> {
  const handle = normalizedHandleOf(input.platform, input.author.handle);
  const row = await tx.$client.first({ sql: contextSql, args: [orgId, input.platform, handle, input.externalId] });
  const [storedIdentity, storedPost, openCaseId] = row as unknown as [string | null, string | null, string | null];
  const { displayName, followers, profileUrl } = input.author;
  const at = now.getTime();
  const writes: InStatement[] = [];
  const changes: Change[] = [];
  const audit: AuditEntry[] = [];

  let identity: IdentityRow;
  let vip = false;
  if (storedIdentity === null) {
    const customerId = newId();
    identity = {
      id: newId(), orgId, customerId, platform: input.platform, handle, displayName,
      followers: followers ?? null, profileUrl: profileUrl ?? null, createdAt: now, updatedAt: now,
    };
    writes.push(
      { sql: 'INSERT INTO customers (id, org_id, name, created_at, updated_at) VALUES (?, ?, ?, ?, ?)', args: [customerId, orgId, displayName, at, at] },
      {
        sql: `INSERT INTO identities (id, org_id, customer_id, platform, handle, display_name, followers, profile_url, created_at, updated_at)
              VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        args: [identity.id, orgId, customerId, input.platform, handle, displayName, identity.followers, identity.profileUrl, at, at],
      },
    );
    changes.push({ entity: 'customer', id: customerId }, { entity: 'identity', id: identity.id });
    audit.push({
      action: 'customer.created', entity: 'customer', entityId: customerId,
      changes: { name: { from: null, to: displayName }, identity: { from: null, to: `${input.platform}:${handle}` } },
    });
  } else {
    const { vip: storedVip, ...stored } = JSON.parse(storedIdentity) as Stored<IdentityRow> & { vip: number | null };
    vip = storedVip === 1;
    identity = { ...stored, orgId, platform: input.platform, handle, createdAt: new Date(stored.createdAt), updatedAt: new Date(stored.updatedAt!) };
    // The page shows the author's current name and reach: keep the identity up to date.
    const next = { displayName, followers: followers ?? identity.followers, profileUrl: profileUrl ?? identity.profileUrl };
    if (next.displayName !== identity.displayName || next.followers !== identity.followers || next.profileUrl !== identity.profileUrl) {
      identity = { ...identity, ...next, updatedAt: now };
      writes.push({
        sql: 'UPDATE identities SET display_name = ?, followers = ?, profile_url = ?, updated_at = ? WHERE id = ?',
        args: [next.displayName, next.followers, next.profileUrl, at, identity.id],
      });
      changes.push({ entity: 'identity', id: identity.id });
    }
  }

  let post: PostRow;
  if (storedPost === null) {
    post = {
      id: newId(), orgId, platform: input.platform, externalId: input.externalId, url: input.url, identityId: identity.id,
      customerId: identity.customerId, text: input.text, postedAt: input.postedAt ? new Date(input.postedAt) : null,
      tone: storedTone(input.text), createdAt: now,
    };
    writes.push({
      sql: `INSERT INTO posts (id, org_id, platform, external_id, url, identity_id, customer_id, text, posted_at, tone, created_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      args: [post.id, orgId, post.platform, post.externalId, post.url, post.identityId, post.customerId, post.text, post.postedAt?.getTime() ?? null, post.tone, at],
    });
    changes.push({ entity: 'post', id: post.id });
  } else {
    const stored = JSON.parse(storedPost) as Stored<PostRow>;
    post = {
      ...stored, orgId, platform: input.platform, externalId: input.externalId,
      postedAt: stored.postedAt == null ? null : new Date(stored.postedAt), createdAt: new Date(stored.createdAt),
    };
  }
  return { identity, post, openCaseId, vip, writes, changes, audit };
}
