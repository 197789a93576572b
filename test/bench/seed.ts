/**
 * Seeds a database with ≥ 20k customers and 50k cases built from the real support conversations:
 * customer handles come from the dataset's author ids, post texts from their tweets. Cases carry a
 * history for reports: a reply (most of them), a resolve (the resolved and closed ones), due times
 * and the facts reports read, as the write path would have kept them.
 */
import type { InStatement, InValue } from '@libsql/client';
import type { Database } from '../../api/db/client.js';
import { newId } from '../../api/db/ids.js';
import { storedTone } from '../../api/ops/postTones.js';
import { createOrg } from '../../api/ops/orgs.js';
import { loadSupportTweets } from './support-data.js';

export interface Seeded {
  orgId: string;
  adminEmail: string;
  adminPassword: string;
  handles: string[];
  authors: { handle: string; displayName: string }[];
  texts: string[];
}

const statuses = ['new', 'open', 'pending', 'resolved', 'closed', 'closed', 'resolved', 'closed'] as const;
const priorities = ['normal', 'normal', 'high', 'low', 'urgent'] as const;

function multiInsert(table: string, columns: string[], rows: unknown[][]): InStatement {
  const one = `(${columns.map(() => '?').join(',')})`;
  return {
    sql: `INSERT INTO ${table} (${columns.join(',')}) VALUES ${rows.map(() => one).join(',')}`,
    args: rows.flat() as InValue[],
  };
}

export async function seedDatabase(db: Database, size = { customers: 20_000, cases: 50_000 }): Promise<Seeded> {
  const tweets = loadSupportTweets().filter((tweet) => tweet.inbound && tweet.text.trim() !== '');
  const texts = tweets.map((tweet) => tweet.text);
  const baseAuthors = [...new Set(tweets.map((tweet) => tweet.authorId))];
  const adminEmail = 'bench-admin@parley.test';
  const adminPassword = 'bench password 123';
  const now = Date.now();
  const { org } = await db.tx((tx) => createOrg(tx, 'Bench brand', { email: adminEmail, name: 'Bench Admin', password: adminPassword }, new Date(now)));

  const customerIds: string[] = [];
  const identityIds: string[] = [];
  const handles: string[] = [];
  const authors: Seeded['authors'] = [];
  const statements: InStatement[] = [];
  const chunk = 500; // rows per INSERT (SQLite allows 32k bound values)

  for (let start = 0; start < size.customers; start += chunk) {
    const customerRows: unknown[][] = [];
    const identityRows: unknown[][] = [];
    for (let i = start; i < Math.min(size.customers, start + chunk); i += 1) {
      const base = baseAuthors[i % baseAuthors.length]!;
      const handle = i < baseAuthors.length ? base : `${base}_${Math.floor(i / baseAuthors.length)}`;
      const customerId = newId();
      const identityId = newId();
      const displayName = `Customer ${handle}`;
      customerIds.push(customerId);
      identityIds.push(identityId);
      handles.push(handle);
      authors.push({ handle, displayName });
      customerRows.push([customerId, org.id, displayName, now, now]);
      identityRows.push([identityId, org.id, customerId, 'x', handle, displayName, (i * 37) % 50_000, `https://x.com/${handle}`, now, now]);
    }
    statements.push(multiInsert('customers', ['id', 'org_id', 'name', 'created_at', 'updated_at'], customerRows));
    statements.push(multiInsert('identities', ['id', 'org_id', 'customer_id', 'platform', 'handle', 'display_name', 'followers', 'profile_url', 'created_at', 'updated_at'], identityRows));
  }

  const adminId = (await db.client.first({ sql: 'SELECT id FROM agents WHERE org_id = ?', args: [org.id] }))![0] as string;
  const tones = new Map<string, number | null>();
  const toneOf = (text: string) => {
    if (!tones.has(text)) tones.set(text, storedTone(text));
    return tones.get(text)!;
  };
  const minute = 60_000;
  for (let start = 0; start < size.cases; start += chunk) {
    const postRows: unknown[][] = [];
    const caseRows: unknown[][] = [];
    const linkRows: unknown[][] = [];
    const eventRows: unknown[][] = [];
    for (let i = start; i < Math.min(size.cases, start + chunk); i += 1) {
      const who = (i * 7919) % size.customers;
      const at = now - (size.cases - i) * 60_000;
      const postId = newId();
      const caseId = newId();
      const externalId = String(900_000_000_000_000_000n + BigInt(i));
      const status = statuses[i % statuses.length]!;
      const priority = priorities[i % priorities.length]!;
      const text = texts[i % texts.length]!;
      postRows.push([postId, org.id, 'x', externalId, `https://x.com/${handles[who]}/status/${externalId}`, identityIds[who], customerIds[who], text, at, toneOf(text), at]);
      // Answered after 5 min to ~16 h; resolved a day after; every tenth answer late.
      const answeredAt = status === 'new' ? null : at + (5 + ((i * 131) % 1000)) * minute;
      const done = status === 'resolved' || status === 'closed';
      const resolvedAt = done ? at + 1440 * minute : null;
      const dueAt = at + (i % 10 === 0 ? 1 : 240) * minute;
      const resolutionDue = at + 4320 * minute;
      caseRows.push([caseId, org.id, i + 1, customerIds[who], status, priority, '', i % 3 === 0 ? '["billing"]' : '[]', resolvedAt, 1, at, at,
        'x', answeredAt, dueAt, answeredAt === null ? null : adminId, answeredAt === null ? null : (answeredAt - at) / 1000,
        resolvedAt, done ? 1 : null, done ? 86_400 : null, done ? 86_400 : null, done ? null : resolutionDue]);
      linkRows.push([caseId, postId, org.id, null, at]);
      eventRows.push([newId(), org.id, caseId, 'created', null, JSON.stringify({ postId }), at]);
      if (answeredAt !== null) eventRows.push([newId(), org.id, caseId, 'reply', adminId, JSON.stringify({ text: 'On it', postExternalId: null, sentAt: new Date(answeredAt).toISOString() }), answeredAt]);
      if (status !== 'new') eventRows.push([newId(), org.id, caseId, 'status', adminId, JSON.stringify({ from: 'new', to: 'open' }), answeredAt ?? at]);
      if (done) eventRows.push([newId(), org.id, caseId, 'status', adminId, JSON.stringify({ from: 'open', to: 'resolved' }), resolvedAt!]);
    }
    statements.push(multiInsert('posts', ['id', 'org_id', 'platform', 'external_id', 'url', 'identity_id', 'customer_id', 'text', 'posted_at', 'tone', 'created_at'], postRows));
    statements.push(multiInsert('cases', ['id', 'org_id', 'number', 'customer_id', 'status', 'priority', 'subject', 'tags', 'resolved_at', 'version', 'created_at', 'updated_at',
      'platform', 'first_response_at', 'first_response_due_at', 'first_response_by', 'first_response_business_seconds',
      'first_resolved_at', 'first_resolution_met', 'first_resolution_business_seconds', 'full_resolution_business_seconds', 'resolution_due_at'], caseRows));
    statements.push(multiInsert('case_posts', ['case_id', 'post_id', 'org_id', 'excerpt', 'added_at'], linkRows));
    for (let k = 0; k < eventRows.length; k += chunk) {
      statements.push(multiInsert('events', ['id', 'org_id', 'case_id', 'type', 'actor_id', 'data', 'created_at'], eventRows.slice(k, k + chunk)));
    }
  }
  statements.push({ sql: 'UPDATE orgs SET case_seq = ? WHERE id = ?', args: [size.cases, org.id] });
  await db.tx((tx) => tx.$client.batch(statements));
  return { orgId: org.id, adminEmail, adminPassword, handles, authors, texts };
}
