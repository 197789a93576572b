import { bodyLimit } from 'hono/body-limit';
import { cors } from 'hono/cors';
import { HTTPException } from 'hono/http-exception';
import { requestId } from 'hono/request-id';
import { Health } from './contract.js';
import { docsRoutes } from './docs.js';
import { isBusy, type Database } from './db/client.js';
import { ApiError, createRoute, json, router, type AppConfig } from './http.js';
import { agentRoutes } from './routes/agents.js';
import { authRoutes } from './routes/auth.js';
import { caseRoutes } from './routes/cases.js';
import { customerRoutes } from './routes/customers.js';
import { orgRoutes } from './routes/orgs.js';
import { postRoutes } from './routes/posts.js';
import { replyRoutes } from './routes/replies.js';
import { syncRoutes } from './routes/sync.js';
import { liveRoutes } from './routes/live.js';
import { createLiveHub, type LiveHub } from './live.js';
import { templateRoutes } from './routes/templates.js';
import { settingsRoutes } from './routes/settings.js';
import { webhookRoutes } from './routes/webhooks.js';
import { metricsRoutes } from './routes/metrics.js';
import { auditRoutes } from './routes/audit.js';
import { feedbackRoutes } from './routes/feedback.js';
import { ServiceError, serviceErrorStatus } from './ops/serviceError.js';
import { refuseMalformedText } from './textGuard.js';
import { hasBody, refuseDeepJson } from './jsonDepth.js';
import { logUnexpectedError } from './errorLog.js';

export const MAX_BODY_BYTES = 1024 * 1024;
const tooLarge = () => new ApiError(413, 'payload_too_large', `The body is over ${MAX_BODY_BYTES} bytes`);

const codeForStatus: Record<number, string> = {
  400: 'bad_request', 401: 'unauthorized', 403: 'forbidden', 404: 'not_found',
  409: 'conflict', 413: 'payload_too_large', 415: 'unsupported_media_type', 422: 'unprocessable', 429: 'rate_limited',
};

// The extension calls from its own origin; pages on the web never get CORS access.
const extensionOrigin = /^(chrome-extension|moz-extension|safari-web-extension):\/\/[a-z0-9-]+$/i;

const health = createRoute({
  method: 'get', path: '/health', tags: ['Meta'], summary: 'Liveness',
  responses: { 200: json(Health, 'The server is up') },
});

export interface AppDeps {
  db: Database;
  config: AppConfig;
  /** Where unexpected errors are reported; defaults to a line on stderr without the error's message (api/errorLog.ts). */
  logError?: (error: unknown, requestId: string) => void;
  /** Live events; one per process, made here by default. */
  live?: LiveHub;
}

export function createApp({ db, config, logError = logUnexpectedError, live = createLiveHub(db) }: AppDeps) {
  const app = router();
  // Each middleware below is skipped when it has nothing to do: building the full Request or
  // Response objects it would touch costs more than the rest of a small request.
  const allowExtensions = cors({
    origin: (origin) => (extensionOrigin.test(origin) ? origin : null),
    allowHeaders: ['Authorization', 'Content-Type', 'X-Signup-Token'],
    allowMethods: ['GET', 'POST', 'PATCH', 'DELETE', 'OPTIONS'],
    maxAge: 600,
  });
  const limitBody = bodyLimit({
    maxSize: MAX_BODY_BYTES,
    onError: () => { throw tooLarge(); },
  });
  app.use('*', requestId());
  app.use('*', async (c, next) => {
    c.header('X-Content-Type-Options', 'nosniff');
    await next();
  });
  app.use('*', (c, next) => (c.req.header('origin') ? allowExtensions(c, next) : next()));
  app.use('*', (c, next) => {
    if (!hasBody(c.req.method)) return next();
    // A declared length is the whole body (the HTTP parser stops there): no need to wrap the stream to count it.
    const length = c.req.header('content-length');
    if (length !== undefined && c.req.header('transfer-encoding') === undefined) {
      if (Number(length) > MAX_BODY_BYTES) throw tooLarge();
      return next();
    }
    return limitBody(c, next);
  });
  app.use('*', refuseDeepJson);
  // Before any route reads them: a NUL or a lone surrogate in any body, query or path text is refused.
  app.use('*', refuseMalformedText);
  app.use('*', async (c, next) => {
    c.set('db', db);
    c.set('config', config);
    c.set('live', live);
    c.set('logError', logError);
    await next();
  });

  app.onError((error, c) => {
    const id = c.get('requestId');
    if (error instanceof ApiError) {
      const body = { code: error.code, message: error.message, ...(error.extra.issues ? { issues: error.extra.issues } : {}), requestId: id };
      return c.json(body, error.status, error.extra.headers);
    }
    if (error instanceof ServiceError) {
      return c.json({ code: error.code, message: error.message, requestId: id }, serviceErrorStatus[error.code]);
    }
    if (error instanceof HTTPException && error.status < 500) {
      return c.json({ code: codeForStatus[error.status] ?? 'bad_request', message: error.message, requestId: id }, error.status);
    }
    logError(error, id);
    // The database's write lock stayed taken past every wait: nothing was written, and trying again soon will do.
    if (isBusy(error)) return c.json({ code: 'busy', message: 'The server is too busy to save this now: try again in a moment', requestId: id }, 503, { 'retry-after': '2' });
    return c.json({ code: 'internal', message: 'Something went wrong on the server', requestId: id }, 500);
  });
  app.notFound((c) => c.json({ code: 'not_found', message: `No route for ${c.req.method} ${c.req.path}`, requestId: c.get('requestId') }, 404));

  app.openAPIRegistry.registerComponent('securitySchemes', 'bearer', { type: 'http', scheme: 'bearer' });
  app.doc31('/openapi.json', (c) => ({
    openapi: '3.1.0',
    info: {
      title: 'Parley API', version: '1',
      description: 'Social customer care: customers, cases, replies and templates for one or more organisations. Every error is `{code, message}`.',
    },
    servers: [{ url: new URL(c.req.url).origin }],
  }));
  app.route('/docs', docsRoutes());

  return app
    .openapi(health, (c) => c.json({ ok: true as const }, 200))
    .route('/', authRoutes)
    .route('/', orgRoutes)
    .route('/', agentRoutes)
    .route('/', customerRoutes)
    .route('/', caseRoutes)
    .route('/', postRoutes)
    .route('/', syncRoutes)
    .route('/', liveRoutes)
    .route('/', templateRoutes)
    .route('/', settingsRoutes)
    .route('/', replyRoutes)
    .route('/', webhookRoutes)
    .route('/', auditRoutes)
    .route('/', metricsRoutes)
    .route('/', feedbackRoutes);
}

export type AppType = ReturnType<typeof createApp>;
