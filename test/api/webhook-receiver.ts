/**
 * A real webhook receiver on 127.0.0.1 for the webhook tests: each hook (a path of its own) checks
 * every request's signature with the `standardwebhooks` library, as a team's own system would, and
 * answers as the test says — a status, a hung request or a dropped connection.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';
import { expect } from 'vitest';
import type { World } from './harness.js';

export interface Received {
  id: string;
  timestamp: string;
  signature: string;
  body: string;
  payload: { type: string; timestamp: string; data: Record<string, any> };
  /** Which of the hook's secrets verified it (indexes in `secrets`); empty when none did. */
  verifiedBy: number[];
  at: number;
}

export type Answer = number | { status: number; headers?: Record<string, string> } | 'hang' | 'drop';

export interface Hook {
  url: string;
  secrets: string[];
  received: Received[];
  /** How to answer the n-th request (1-based); 200 unless told otherwise. */
  respond: (n: number, request: Received) => Answer;
  /** Requests being held open ('hang'), in arrival order. */
  held: ServerResponse[];
}

export interface Receiver {
  hook(name: string, respond?: Hook['respond']): Hook;
  close(): Promise<void>;
}

const verifiedBy = (secrets: string[], body: string, headers: IncomingMessage['headers']) =>
  secrets.flatMap((secret, index) => {
    try {
      new Webhook(secret).verify(body, headers as Record<string, string>);
      return [index];
    } catch {
      return [];
    }
  });

export async function startReceiver(): Promise<Receiver> {
  const hooks = new Map<string, Hook>();
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const hook = hooks.get(request.url ?? '');
      if (!hook) return void response.writeHead(404).end();
      const body = Buffer.concat(chunks).toString('utf8');
      const header = (name: string) => String(request.headers[name] ?? '');
      const received: Received = {
        id: header('webhook-id'), timestamp: header('webhook-timestamp'), signature: header('webhook-signature'),
        body, payload: JSON.parse(body), verifiedBy: verifiedBy(hook.secrets, body, request.headers), at: Date.now(),
      };
      hook.received.push(received);
      const answer = hook.respond(hook.received.length, received);
      if (answer === 'hang') return void hook.held.push(response);
      if (answer === 'drop') return void request.socket.destroy();
      const { status, headers } = typeof answer === 'number' ? { status: answer, headers: {} } : answer;
      response.writeHead(status, headers).end();
    });
  });
  await new Promise<void>((ready) => server.listen(0, '127.0.0.1', ready));
  const { port } = server.address() as AddressInfo;
  return {
    hook(name, respond = () => 200) {
      const hook: Hook = { url: `http://127.0.0.1:${port}/${name}`, secrets: [], received: [], respond, held: [] };
      hooks.set(`/${name}`, hook);
      return hook;
    },
    close: () => new Promise((done) => {
      server.closeAllConnections();
      server.close(() => done());
    }),
  };
}

/** Waits until `check` holds (polling), or fails with `what`. */
export async function until(what: string, check: () => boolean | Promise<boolean>, ms = 10_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((done) => setTimeout(done, 25));
  }
}

/** Registers `hook` as an endpoint of `on`'s organisation a, for `events`; the secret goes to the hook. */
export async function registerHook(on: World, hook: Hook, events: string[]): Promise<string> {
  const reply = await on.call('POST', '/webhooks', { token: on.a.admin.token, body: { url: hook.url, events } });
  expect(reply.status).toBe(201);
  hook.secrets.push(reply.body.secret);
  return reply.body.webhook.id as string;
}

/** Removes organisation a's endpoints, so that a test's end with it and hear nothing of the next test's cases. */
export async function removeHooks(on: World): Promise<void> {
  for (const { id } of (await on.call('GET', '/webhooks', { token: on.a.admin.token })).body.webhooks) {
    await on.call('DELETE', `/webhooks/${id}`, { token: on.a.admin.token });
  }
}
