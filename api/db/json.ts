/**
 * The wire shapes of api/db/wire.ts, built by SQLite itself (json_object) for the hottest reads:
 * one statement answers a whole view, and its text goes out as the response body unparsed.
 * test/api/json-views.test.ts holds both builders to the same output.
 */
import { EARLIEST_WIRE_MS, LATEST_WIRE_MS, MAX_DATE_MS } from './wire.js';

/** Epoch milliseconds → the exact text of toWireTime() in api/db/wire.ts, before 1970 too. */
const iso = (column: string) => {
  // Beyond what a JS Date holds drizzle reads an Invalid Date, which toWireTime reads as the earliest.
  const ms = `CASE WHEN ${column} NOT BETWEEN ${-MAX_DATE_MS} AND ${MAX_DATE_MS} THEN ${EARLIEST_WIRE_MS}
    ELSE MIN(MAX(${column}, ${EARLIEST_WIRE_MS}), ${LATEST_WIRE_MS}) END`;
  // SQLite's / and % round toward zero; a time before 1970 needs the floor and a positive remainder.
  const fraction = `(((${ms}) % 1000) + 1000) % 1000`;
  return `strftime('%Y-%m-%dT%H:%M:%S', ((${ms}) - ${fraction}) / 1000, 'unixepoch') || printf('.%03dZ', ${fraction})`;
};
const isoOrNull = (column: string) => `CASE WHEN ${column} IS NULL THEN NULL ELSE ${iso(column)} END`;
const bool = (column: string) => `json(CASE WHEN ${column} THEN 'true' ELSE 'false' END)`;

export const customerJson = (t: string) => `json_object(
  'id', ${t}.id, 'name', ${t}.name, 'notes', ${t}.notes, 'tags', json(${t}.tags), 'vip', ${bool(`${t}.vip`)},
  'createdAt', ${iso(`${t}.created_at`)}, 'updatedAt', ${iso(`${t}.updated_at`)})`;

export const identityJson = (t: string) => `json_object(
  'id', ${t}.id, 'customerId', ${t}.customer_id, 'platform', ${t}.platform, 'handle', ${t}.handle,
  'displayName', ${t}.display_name, 'followers', ${t}.followers, 'profileUrl', ${t}.profile_url)`;

export const caseJson = (t: string) => `json_object(
  'id', ${t}.id, 'number', ${t}.number, 'customerId', ${t}.customer_id, 'status', ${t}.status,
  'priority', ${t}.priority, 'assigneeId', ${t}.assignee_id, 'subject', ${t}.subject, 'tags', json(${t}.tags),
  'slaDueAt', ${isoOrNull(`${t}.sla_due_at`)}, 'slaDueSoonAt', ${isoOrNull(`${t}.sla_due_soon_at`)}, 'resolutionDueAt', ${isoOrNull(`${t}.resolution_due_at`)},
  'firstResponseAt', ${isoOrNull(`${t}.first_response_at`)},
  'resolvedAt', ${isoOrNull(`${t}.resolved_at`)}, 'version', ${t}.version,
  'createdAt', ${iso(`${t}.created_at`)}, 'updatedAt', ${iso(`${t}.updated_at`)})`;

export const postJson = (p: string, author: string) => `json_object(
  'id', ${p}.id, 'platform', ${p}.platform, 'externalId', ${p}.external_id, 'url', ${p}.url,
  'identityId', ${p}.identity_id, 'customerId', ${p}.customer_id,
  'author', json_object('handle', ${author}.handle, 'displayName', ${author}.display_name,
    'followers', ${author}.followers, 'profileUrl', ${author}.profile_url),
  'text', ${p}.text, 'tone', ${p}.tone, 'postedAt', ${isoOrNull(`${p}.posted_at`)}, 'createdAt', ${iso(`${p}.created_at`)})`;

export const templateJson = (t: string) => `json_object(
  'id', ${t}.id, 'title', ${t}.title, 'body', ${t}.body, 'tags', json(${t}.tags), 'examples', json(${t}.examples), 'usageCount', ${t}.usage_count,
  'createdAt', ${iso(`${t}.created_at`)}, 'updatedAt', ${iso(`${t}.updated_at`)})`;

export const agentJson = (t: string) => `json_object(
  'id', ${t}.id, 'name', ${t}.name, 'email', ${t}.email, 'role', ${t}.role, 'disabled', ${bool(`${t}.disabled`)})`;
