import { serve, type ServerType } from '@hono/node-server';
import { createApp } from './app.js';
import { ensureFirstOrg, type FirstStart } from './bootstrap.js';
import { ConfigError, loadConfig, type Config } from './config.js';
import { migrateDatabase, openDatabase, type Database } from './db/client.js';
import { logUnexpectedError } from './errorLog.js';
import { startHousekeeping } from './housekeeping.js';
import { startWebhookDispatcher } from './webhooks/dispatcher.js';

export interface Running {
  config: Config;
  db: Database;
  server: ServerType;
  url: string;
  firstStart: FirstStart;
  stop(): Promise<void>;
}

/** config → open db → migrate → first organisation → serve. */
export async function startApi(env: Record<string, string | undefined> = process.env): Promise<Running> {
  const config = loadConfig(env);
  const db = await openDatabase({
    url: config.DATABASE_URL,
    authToken: config.DATABASE_AUTH_TOKEN,
    syncUrl: config.DATABASE_SYNC_URL,
    syncInterval: config.DATABASE_SYNC_INTERVAL,
  });
  await migrateDatabase(db);
  const firstStart = await ensureFirstOrg(db, config);
  const housekeeping = startHousekeeping(db, { logError: (error) => logUnexpectedError(error, 'housekeeping') });
  const webhooks = startWebhookDispatcher(db, {
    allowPrivate: config.PARLEY_WEBHOOK_ALLOW_PRIVATE,
    timeoutMs: config.PARLEY_WEBHOOK_TIMEOUT_MS,
    logError: (error) => logUnexpectedError(error, 'webhooks'),
  });
  const app = createApp({ db, config });
  const server = await new Promise<ServerType>((resolve) => {
    const s = serve({ fetch: app.fetch, port: config.PORT, hostname: config.HOST }, () => resolve(s));
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.PORT;
  const url = `http://${config.HOST.includes(':') ? `[${config.HOST}]` : config.HOST}:${port}`;
  const stop = () =>
    new Promise<void>((resolve) => {
      server.close(() => {
        void Promise.all([housekeeping.stop(), webhooks.stop()]).then(() => {
          db.close();
          resolve();
        });
      });
      // Event streams never end by themselves: close them too, or the server would wait forever.
      if ('closeAllConnections' in server) server.closeAllConnections();
    });
  return { config, db, server, url, firstStart, stop };
}

export function describeSignIn(running: Running): string[] {
  const { firstStart, url } = running;
  const lines = [`Parley API listening on ${url}  (docs: ${url}/docs)`];
  if (firstStart.created) lines.push(`Created organisation "${running.config.PARLEY_ORG_NAME}".`);
  if (firstStart.generatedPassword) {
    lines.push(`Sign in as ${firstStart.email} with password ${firstStart.generatedPassword}  (shown once: keep it)`);
  } else {
    lines.push(`Sign in as ${firstStart.email} with ${firstStart.created ? 'PARLEY_ADMIN_PASSWORD' : 'the password set on first start'}`);
  }
  return lines;
}

export async function runFromCli(before?: (running: Running) => string[] | Promise<string[]>): Promise<void> {
  try {
    const running = await startApi();
    const extra = before ? await before(running) : [];
    console.log([...describeSignIn(running), ...extra].join('\n'));
    const shutdown = () => void running.stop().then(() => process.exit(0));
    process.once('SIGINT', shutdown);
    process.once('SIGTERM', shutdown);
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(2);
    }
    // Not the error itself: a failed first-start insert would print the admin's email and hash.
    logUnexpectedError(error, 'start');
    process.exit(1);
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await runFromCli();
