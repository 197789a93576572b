/**
 * The only code that talks to the Parley API. Every answer is parsed with the contract's schemas,
 * so a server of another version fails here, with a message, and not deep in the overlay.
 */
import type { z } from 'zod';
import { ErrorBody } from '../../api/contract.js';
import { insecureServerMessage, isSafeServerUrl } from '../serverUrl.js';

export class ApiFailure extends Error {
  constructor(readonly status: number, readonly code: string, message: string) {
    super(message);
  }
}

export interface ApiTarget {
  serverUrl: string;
  token?: string;
}

const TIMEOUT_MS = 15_000;

/** Sends one request; a refusal throws with the server's code and message. Answers the body's text. */
async function send(target: ApiTarget, method: string, path: string, body?: unknown): Promise<{ status: number; text: string }> {
  // Checked on every call, so a session stored by an older version is held to it too.
  if (!isSafeServerUrl(target.serverUrl)) throw new ApiFailure(0, 'insecure_server', insecureServerMessage(target.serverUrl));
  const headers: Record<string, string> = {};
  if (target.token) headers.authorization = `Bearer ${target.token}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  let response: Response;
  try {
    response = await fetch(new URL(path, target.serverUrl), {
      method, headers, body: body === undefined ? undefined : JSON.stringify(body), signal: AbortSignal.timeout(TIMEOUT_MS),
    });
  } catch {
    throw new ApiFailure(0, 'offline', `Parley's server at ${target.serverUrl} cannot be reached`);
  }
  const text = await response.text();
  if (!response.ok) {
    const error = ErrorBody.safeParse(parseJson(text));
    if (error.success) throw new ApiFailure(response.status, error.data.code, error.data.message);
    throw new ApiFailure(response.status, 'http_error', `The server answered ${response.status}`);
  }
  return { status: response.status, text };
}

function parseJson(text: string): unknown {
  try {
    return text === '' ? undefined : JSON.parse(text);
  } catch {
    return undefined;
  }
}

export async function callApi<S extends z.ZodType>(
  target: ApiTarget, method: string, path: string, schema: S, body?: unknown,
): Promise<z.infer<S>> {
  const { status, text } = await send(target, method, path, body);
  let json: unknown;
  try {
    json = text === '' ? undefined : JSON.parse(text);
  } catch {
    throw new ApiFailure(status, 'bad_response', `The server answered ${status} with something that is not JSON`);
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) throw new ApiFailure(status, 'bad_response', `Unexpected answer from ${path}: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
  return parsed.data;
}

/** A file the API answers as text (a CSV export), as it came. */
export async function fetchText(target: ApiTarget, path: string): Promise<string> {
  return (await send(target, 'GET', path)).text;
}

/** A query string of the values given; absent ones are left out. */
export function queryString(query: Record<string, string | number | boolean | undefined>): string {
  return new URLSearchParams(Object.entries(query).flatMap(([key, value]) => (value === undefined ? [] : [[key, String(value)]]))).toString();
}
