import { configDefaults, defineConfig } from 'vitest/config';

const api = 'test/api/**/*.test.ts';

export default defineConfig({
  test: {
    testTimeout: 20_000,
    hookTimeout: 30_000,
    projects: [
      { extends: true, test: { name: 'unit', include: ['test/unit/**/*.test.ts'] } },
      // The store packages: built manifests, web-ext lint, the sources archive rebuilt with npm ci.
      { extends: true, test: { name: 'package', include: ['test/package/**/*.test.ts'], testTimeout: 300_000, hookTimeout: 300_000 } },
      // The API on an embedded libSQL file (DATABASE_URL=file:…).
      { extends: true, test: { name: 'api', include: [api], env: { PARLEY_TEST_DB: 'local' } } },
      // The same API tests on a libSQL server (DATABASE_URL=http://…): the vendored Hrana test server, one per database.
      {
        extends: true,
        test: {
          name: 'api-remote',
          include: [api],
          exclude: [
            ...configDefaults.exclude,
            // Modes of the database file and folders the API makes itself: a server owns its own file.
            'test/api/db/fileModes.test.ts',
            // A process SIGKILLed mid-write: the vendored Hrana test server never ends a killed
            // client's open transaction (libSQL's sqld does), so the next process is refused with
            // SQLITE_BUSY for as long as the test server runs. It runs on the embedded file.
            'test/api/webhook-crash.test.ts',
            'test/api/crash.test.ts',
            // Holds a second connection's write lock on the database file past the API's wait; on a
            // server the wait is 15 s (api/db/client.ts) and the same answer comes from the same code.
            'test/api/busy.test.ts',
          ],
          env: { PARLEY_TEST_DB: 'remote' },
          globalSetup: ['test/api/hrana.ts'],
          // The test server runs one statement at a time for every client, over HTTP: the busiest tests take several times longer.
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
    ],
  },
});
