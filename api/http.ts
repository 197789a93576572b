import { OpenAPIHono, createRoute } from '@hono/zod-openapi';
import { HTTPException } from 'hono/http-exception';
import type { Context, TypedResponse } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { z } from 'zod';
import { ErrorBody } from './contract.js';
import type { Database } from './db/client.js';
import type { LiveHub } from './live.js';
import type { Config } from './config.js';

export interface Auth {
  agentId: string;
  orgId: string;
  role: 'admin' | 'agent';
  tokenId: string;
}

export type AppConfig = Pick<Config, 'PARLEY_SIGNUP_TOKEN' | 'TOKEN_TTL_DAYS' | 'TRUST_PROXY'> & Partial<Pick<Config, 'PARLEY_WEBHOOK_ALLOW_PRIVATE'>>;

export interface AppEnv {
  Variables: { db: Database; config: AppConfig; auth: Auth; requestId: string; live: LiveHub; logError: (error: unknown, requestId: string) => void };
}

/** The one error type routes throw; `onError` turns it into `{code, message}`. */
export class ApiError extends HTTPException {
  constructor(
    status: ContentfulStatusCode,
    readonly code: string,
    message: string,
    readonly extra: { issues?: { path: string; message: string }[]; headers?: Record<string, string> } = {},
  ) {
    super(status, { message });
  }
}

export const notFound = (what: string) => new ApiError(404, 'not_found', `${what} not found`);

function issuesOf(error: z.ZodError): { path: string; message: string }[] {
  return error.issues.map((issue) => ({ path: issue.path.map(String).join('.'), message: issue.message }));
}

function validationError(error: z.ZodError, where: string): ApiError {
  const issues = issuesOf(error);
  const first = issues[0];
  const summary = first ? `${first.path || where}: ${first.message}` : 'invalid input';
  return new ApiError(400, 'validation_failed', `Invalid ${where} — ${summary}`, { issues });
}

const targetNames: Record<string, string> = { json: 'body', query: 'query', param: 'path', header: 'headers' };

export function router() {
  return new OpenAPIHono<AppEnv>({
    defaultHook: (result) => {
      if (!result.success) throw validationError(result.error, targetNames[result.target] ?? result.target);
    },
  });
}

const errorDescriptions: Record<number, string> = {
  400: 'Invalid input',
  401: 'Missing, expired or revoked token',
  403: 'Not allowed',
  404: 'Not found in your organisation',
  409: 'Conflict (stale version)',
  413: 'Body over 1 MB',
  422: 'Not allowed by the rules (e.g. a forbidden status change)',
  429: 'Too many attempts; see Retry-After',
};

export function json<T extends z.ZodType>(schema: T, description: string) {
  return { content: { 'application/json': { schema } }, description };
}

export function jsonBody<T extends z.ZodType>(schema: T) {
  return { body: { content: { 'application/json': { schema } }, required: true } };
}

type ErrorResponse = ReturnType<typeof json<typeof ErrorBody>>;

export function errors<const S extends readonly number[]>(...statuses: S): { [K in S[number]]: ErrorResponse } {
  return Object.fromEntries(
    statuses.map((status) => [status, json(ErrorBody, errorDescriptions[status] ?? 'Error')]),
  ) as { [K in S[number]]: ErrorResponse };
}

export { createRoute };

/** Sends JSON the database built (api/db/json.ts), as text or its UTF-8 bytes, as a route's typed response, unparsed. */
export function jsonText<S extends z.ZodType>(c: Context, _schema: S, text: string | Uint8Array<ArrayBuffer>): TypedResponse<z.output<S>, 200, 'json'> {
  return c.body(text, 200, { 'content-type': 'application/json' }) as unknown as TypedResponse<z.output<S>, 200, 'json'>;
}
