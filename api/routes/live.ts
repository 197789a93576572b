import { streamSSE } from 'hono/streaming';
import { z } from 'zod';
import { ChangeEventData, PresenceBody, PresenceEventData, PresenceResponse } from '../contract.js';
import { requireAuth } from '../auth/middleware.js';
import type { LiveEvent } from '../live.js';
import { createRoute, errors, json, jsonBody, router } from '../http.js';

const security = [{ bearer: [] }];
const middleware = [requireAuth];
const tags = ['Sync'];
const PRESENCE_MS = 30_000;
const KEEP_ALIVE_MS = 15_000;
const STALE_PRESENCE_MS = 60 * 60_000;

const announce = createRoute({
  method: 'post', path: '/presence', tags, security, middleware,
  summary: 'Announce that you are viewing or replying to a post, for 30 seconds',
  request: jsonBody(PresenceBody),
  responses: { 200: json(PresenceResponse, 'Announced until expiresAt'), ...errors(400, 401) },
});

const events = createRoute({
  method: 'get', path: '/events', tags, security, middleware,
  summary: 'Server-sent events: `change` (the change log moved: pull) and `presence` (who is on which post)',
  responses: {
    200: {
      description: 'An event stream. The first event is a `change` with the current cursor.',
      content: { 'text/event-stream': { schema: z.union([ChangeEventData, PresenceEventData]) } },
    },
    ...errors(401),
  },
});

const upsertPresence = `INSERT INTO presence (org_id, agent_id, platform, external_id, activity, expires_at, updated_at)
  VALUES (?, ?, ?, ?, ?, ?, ?)
  ON CONFLICT (org_id, agent_id, platform, external_id) DO UPDATE SET activity = excluded.activity,
    expires_at = excluded.expires_at, updated_at = excluded.updated_at`;

export const liveRoutes = router()
  .openapi(announce, async (c) => {
    const { db, auth } = c.var;
    const { platform, externalId, activity } = c.req.valid('json');
    const now = Date.now();
    const expiresAt = now + PRESENCE_MS;
    await db.tx((tx) => tx.$client.batch([
      { sql: upsertPresence, args: [auth.orgId, auth.agentId, platform, externalId, activity, expiresAt, now] },
      // Announcements long past are of no use to anyone.
      { sql: 'DELETE FROM presence WHERE org_id = ? AND expires_at < ?', args: [auth.orgId, now - STALE_PRESENCE_MS] },
    ]));
    return c.json({ expiresAt: new Date(expiresAt).toISOString() }, 200);
  })
  // The stream is not a JSON response: its typed route only documents it.
  .openapi(events, (c) => streamSSE(c, async (stream) => {
    const { live, auth } = c.var;
    const queue: Exclude<LiveEvent, { event: 'revoked' }>[] = [];
    let wake: (() => void) | undefined;
    let revoked = false;
    const unsubscribe = await live.subscribe(auth.orgId, (event: LiveEvent) => {
      if (event.event === 'revoked') revoked = true;
      else queue.push(event);
      wake?.();
    }, auth.tokenId);
    stream.onAbort(unsubscribe);
    try {
      await stream.writeSSE({ event: 'change', data: JSON.stringify({ cursor: await live.cursor(auth.orgId) }) });
      while (!stream.aborted && !stream.closed && !revoked) {
        const event = queue.shift();
        if (event) {
          await stream.writeSSE({ event: event.event, data: JSON.stringify(event.data) });
          continue;
        }
        let timer: ReturnType<typeof setTimeout> | undefined;
        await new Promise<void>((resolve) => {
          wake = resolve;
          timer = setTimeout(resolve, KEEP_ALIVE_MS);
        });
        // An event that came first leaves no keep-alive timer behind: under load they would pile up by the thousand.
        clearTimeout(timer);
        wake = undefined;
        if (queue.length === 0 && !stream.aborted && !revoked) await stream.write(': keep-alive\n\n');
      }
    } finally {
      unsubscribe();
    }
  }) as never);
