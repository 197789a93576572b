/**
 * GET /docs: the interactive API reference (Swagger UI), served from this server — a self-hosted
 * desk often has no way out to a CDN.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Hono } from 'hono';
import { secureHeaders } from 'hono/secure-headers';

const require = createRequire(import.meta.url);
const asset = (name: string) => readFileSync(require.resolve(`swagger-ui-dist/${name}`));

const page = `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>Parley API</title>
  <link rel="stylesheet" href="/docs/swagger-ui.css">
</head>
<body>
  <div id="swagger-ui" data-spec="/openapi.json"></div>
  <script src="/docs/swagger-ui-bundle.js"></script>
  <script src="/docs/start.js"></script>
</body>
</html>`;

const start = `const root = document.getElementById('swagger-ui');
window.ui = SwaggerUIBundle({ url: root.dataset.spec, domNode: root, deepLinking: true });`;

export function docsRoutes() {
  // Read once, on the first visit: most API processes never serve the reference.
  let files: { css: Buffer; js: Buffer } | undefined;
  const load = () => (files ??= { css: asset('swagger-ui.css'), js: asset('swagger-ui-bundle.js') });
  const cached = { 'cache-control': 'public, max-age=86400' };
  return new Hono()
    .use('*', secureHeaders({ contentSecurityPolicy: { defaultSrc: ["'self'"], imgSrc: ["'self'", 'data:'], styleSrc: ["'self'", "'unsafe-inline'"] } }))
    .get('/', (c) => c.html(page))
    .get('/swagger-ui.css', (c) => c.body(new Uint8Array(load().css), 200, { 'content-type': 'text/css; charset=utf-8', ...cached }))
    .get('/swagger-ui-bundle.js', (c) => c.body(new Uint8Array(load().js), 200, { 'content-type': 'text/javascript; charset=utf-8', ...cached }))
    .get('/start.js', (c) => c.body(start, 200, { 'content-type': 'text/javascript; charset=utf-8', ...cached }));
}
