/** Asking the background: the only way a content script or an extension page reaches the API. */
import { browser } from 'wxt/browser';
import type { ProtocolError, Reply, Request, Responses } from './protocol.js';

export class ParleyError extends Error {
  constructor(readonly code: string, message: string) {
    super(message);
  }
}

export async function ask<R extends Request>(request: R): Promise<Responses[R['type']]> {
  let reply: Reply<Responses[R['type']]> | undefined;
  try {
    reply = await browser.runtime.sendMessage(request);
  } catch {
    // The extension was updated or reloaded under this page: its old scripts can no longer talk.
    throw new ParleyError('disconnected', 'Parley was updated: reload the page');
  }
  if (!reply) throw new ParleyError('disconnected', 'Parley did not answer: reload the page');
  if (!reply.ok) throw new ParleyError(reply.error.code, reply.error.message);
  return reply.data;
}

export const errorOf = (error: unknown): ProtocolError =>
  error instanceof ParleyError ? { code: error.code, message: error.message } : { code: 'internal', message: 'Something went wrong in Parley' };
