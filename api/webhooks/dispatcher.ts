/**
 * Sends the outbox. Every API process runs one; a delivery is claimed with a lease (longer than the
 * request timeout), so two processes never send it at once, and one claimed by a process that died
 * goes out again once the lease has passed — with the same `webhook-id`, so delivery is at least
 * once. A case's deliveries to one endpoint go one at a time, in change-log order.
 */
import { randomUUID } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import { auditStatement } from '../db/audit.js';
import type { Database } from '../db/client.js';
import { failedTooLong, outcomeOf, RETRY_DELAYS_MS, type Attempt, type Outcome } from '../domain/webhookRetry.js';
import { checkEndpoint } from './addresses.js';
import { fanOut } from './fanout.js';

export const WEBHOOK_TIMEOUT_MS = 15_000;
const LEASE_MARGIN_MS = 5_000;
const CLAIM_BATCH = 20;

export interface DispatcherOptions {
  /** PARLEY_WEBHOOK_ALLOW_PRIVATE: http and private addresses allowed (development, tests). */
  allowPrivate?: boolean;
  timeoutMs?: number;
  pollMs?: number;
  /** The retry schedule; tests shorten it. */
  delays?: readonly number[];
  now?: () => Date;
  logError?: (error: unknown) => void;
}

export interface Dispatcher {
  /** Reads the change log, sends what is due, and resolves when those attempts are recorded. */
  runNow(): Promise<void>;
  /** Stops polling; attempts in flight are cut short and handed back for another try. */
  stop(): Promise<void>;
}

interface Claimed {
  id: string;
  webhookId: string;
  payload: string;
  attempts: number;
  url: string;
  secrets: string[];
  lease: string;
}

// Due, not held by a live lease, on an enabled endpoint, and the first pending one of its case.
const dueDeliveries = `SELECT d.id FROM webhook_deliveries d JOIN webhooks w ON w.id = d.webhook_id
  WHERE d.status = 'pending' AND d.next_attempt_at <= ?1 AND (d.lease_until IS NULL OR d.lease_until <= ?1)
    AND w.disabled_at IS NULL
    AND NOT EXISTS (SELECT 1 FROM webhook_deliveries e WHERE e.webhook_id = d.webhook_id AND e.case_id = d.case_id
      AND e.status = 'pending' AND e.seq < d.seq)
  ORDER BY d.next_attempt_at, d.seq LIMIT ?2`;
const takeLease = `UPDATE webhook_deliveries SET lease_token = ?1, lease_until = ?2, attempts = attempts + 1, last_attempt_at = ?3
  WHERE id IN (SELECT value FROM json_each(?4))
  RETURNING id, webhook_id, payload, attempts`;
// Read first, on the read connection: a round with nothing to do takes no write lock.
const anyBehind = `SELECT 1 FROM webhooks w WHERE w.disabled_at IS NULL
  AND EXISTS (SELECT 1 FROM changes c WHERE c.org_id = w.org_id AND c.seq > w.cursor) LIMIT 1`;
const anyDue = `SELECT 1 FROM webhook_deliveries WHERE status = 'pending' AND next_attempt_at <= ?1
  AND (lease_until IS NULL OR lease_until <= ?1) LIMIT 1`;
const endpointsOf = `SELECT id, url, secret, previous_secret, previous_secret_expires_at FROM webhooks WHERE id IN (SELECT value FROM json_each(?))`;

async function claim(db: Database, now: Date, leaseMs: number): Promise<Claimed[]> {
  return db.tx(async (tx) => {
    const due = (await tx.$client.execute({ sql: dueDeliveries, args: [now.getTime(), CLAIM_BATCH] })).rows.map((row) => String(row[0]));
    if (due.length === 0) return [];
    const lease = randomUUID();
    const taken = (await tx.$client.execute({ sql: takeLease, args: [lease, now.getTime() + leaseMs, now.getTime(), JSON.stringify(due)] })).rows;
    const endpoints = new Map<string, { url: string; secrets: string[] }>();
    const webhookIds = [...new Set(taken.map((row) => String(row[1])))];
    for (const row of (await tx.$client.execute({ sql: endpointsOf, args: [JSON.stringify(webhookIds)] })).rows) {
      const previousUntil = row[4] === null ? 0 : Number(row[4]);
      const secrets = [String(row[2]), ...(row[3] !== null && previousUntil > now.getTime() ? [String(row[3])] : [])];
      endpoints.set(String(row[0]), { url: String(row[1]), secrets });
    }
    return taken.map((row) => ({
      id: String(row[0]), webhookId: String(row[1]), payload: String(row[2]), attempts: Number(row[3]), lease,
      ...endpoints.get(String(row[1]))!,
    }));
  });
}

/** One POST, signed with every current secret (both during a rotation's overlap). */
async function attempt(delivery: Claimed, now: Date, options: { allowPrivate: boolean; timeoutMs: number; stopped: AbortSignal }): Promise<Attempt> {
  const check = await checkEndpoint(delivery.url, { allowPrivate: options.allowPrivate });
  if (!check.ok) return { ok: false, error: `address refused: ${check.reason}` };
  const signature = delivery.secrets.map((secret) => new Webhook(secret).sign(delivery.id, now, delivery.payload)).join(' ');
  try {
    const response = await fetch(delivery.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'user-agent': 'Parley-Webhooks/1',
        'webhook-id': delivery.id,
        'webhook-timestamp': String(Math.floor(now.getTime() / 1000)),
        'webhook-signature': signature,
      },
      body: delivery.payload,
      // A redirect could lead anywhere, a private address included: it counts as a failure.
      redirect: 'manual',
      signal: AbortSignal.any([AbortSignal.timeout(options.timeoutMs), options.stopped]),
    });
    await response.body?.cancel();
    return { ok: true, status: response.status, retryAfter: response.headers.get('retry-after') };
  } catch (error) {
    const name = error instanceof Error ? error.name : '';
    return { ok: false, error: name === 'TimeoutError' ? `no answer within ${options.timeoutMs / 1000} s` : 'network error' };
  }
}

const statusOf = { delivered: 'delivered', retry: 'pending', failed: 'failed', gone: 'failed' } as const;

async function record(db: Database, delivery: Claimed, result: Attempt, outcome: Outcome | 'released', now: Date): Promise<void> {
  const at = now.getTime();
  await db.tx(async (tx) => {
    const run = (sql: string, args: (string | number | null)[]) => tx.$client.execute({ sql, args });
    if (outcome === 'released') {
      // Cut short by a stop: due again at once, for whichever process is still running.
      await run('UPDATE webhook_deliveries SET lease_token = NULL, lease_until = NULL, next_attempt_at = ? WHERE id = ? AND lease_token = ?', [at, delivery.id, delivery.lease]);
      return;
    }
    const updated = await run(
      `UPDATE webhook_deliveries SET status = ?, response_status = ?, error = ?, next_attempt_at = ?, delivered_at = ?,
        lease_token = NULL, lease_until = NULL WHERE id = ? AND lease_token = ?`,
      [statusOf[outcome.kind], result.ok ? result.status : null, result.ok ? null : result.error,
        outcome.kind === 'retry' ? outcome.at.getTime() : null, outcome.kind === 'delivered' ? at : null, delivery.id, delivery.lease],
    );
    if (updated.rowsAffected === 0) return; // the lease ran out and another process took it over
    if (outcome.kind === 'delivered') {
      await run('UPDATE webhooks SET failing_since = NULL WHERE id = ? AND failing_since IS NOT NULL', [delivery.webhookId]);
      return;
    }
    const [row] = (await run('UPDATE webhooks SET failing_since = COALESCE(failing_since, ?) WHERE id = ? RETURNING failing_since', [at, delivery.webhookId])).rows;
    const failingSince = row && row[0] !== null ? new Date(Number(row[0])) : null;
    const reason = outcome.kind === 'gone' ? 'gone' : failedTooLong(failingSince, now) ? 'failing' : undefined;
    if (!reason) return;
    const disabled = await run('UPDATE webhooks SET disabled_at = ?, disabled_reason = ?, updated_at = ? WHERE id = ? AND disabled_at IS NULL RETURNING org_id', [at, reason, at, delivery.webhookId]);
    const [org] = disabled.rows;
    if (org) {
      const changes = { disabled: { from: false, to: true }, disabledReason: { from: null, to: reason } };
      await tx.$client.execute(auditStatement({ orgId: String(org[0]), system: 'webhooks' }, [{ action: 'webhook.disabled', entity: 'webhook', entityId: delivery.webhookId, changes }], now)!);
    }
    await run(
      `UPDATE webhook_deliveries SET status = 'failed', next_attempt_at = NULL, lease_token = NULL, lease_until = NULL,
        error = COALESCE(error, 'endpoint disabled') WHERE webhook_id = ? AND status = 'pending'`,
      [delivery.webhookId],
    );
  });
}

export function startWebhookDispatcher(db: Database, options: DispatcherOptions = {}): Dispatcher {
  const {
    allowPrivate = false, timeoutMs = WEBHOOK_TIMEOUT_MS, pollMs = 1000, delays = RETRY_DELAYS_MS,
    now = () => new Date(), logError = (error: unknown) => console.error('webhook delivery failed', error),
  } = options;
  const stopping = new AbortController();
  const inFlight = new Set<Promise<void>>();
  let cycle: Promise<void> = Promise.resolve();
  let queued = false;

  const send = async (delivery: Claimed) => {
    const result = await attempt(delivery, now(), { allowPrivate, timeoutMs, stopped: stopping.signal });
    const at = now();
    const outcome = stopping.signal.aborted ? 'released' : outcomeOf(result, delivery.attempts, at, { delays });
    await record(db, delivery, result, outcome, at);
    // The case's next delivery may be waiting on this one.
    if (!stopping.signal.aborted) void tick();
  };

  function tick(): Promise<void> {
    if (queued || stopping.signal.aborted) return cycle;
    queued = true;
    cycle = cycle.then(async () => {
      queued = false;
      if (stopping.signal.aborted) return;
      if (await db.client.first({ sql: anyBehind })) await fanOut(db, now());
      if (!(await db.client.first({ sql: anyDue, args: [now().getTime()] }))) return;
      for (const delivery of await claim(db, now(), timeoutMs + LEASE_MARGIN_MS)) {
        const sending = send(delivery).catch(logError).finally(() => inFlight.delete(sending));
        inFlight.add(sending);
      }
    }).catch(logError);
    return cycle;
  }

  const timer = setInterval(() => void tick(), pollMs);
  timer.unref(); // deliveries alone never keep the process alive
  void tick();
  return {
    async runNow() {
      await tick();
      while (inFlight.size > 0 || queued) {
        await Promise.all([...inFlight]);
        await cycle;
      }
    },
    async stop() {
      clearInterval(timer);
      stopping.abort();
      await cycle;
      while (inFlight.size > 0) await Promise.all([...inFlight]);
    },
  };
}
