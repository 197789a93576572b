import { ADMIN } from './api-server.js';
import { expect, launchWithExtension, test } from './fixtures.js';

test.describe('signing in through the options page', () => {
  test('a wrong password says so; the right one shows the agent and organisation', async ({ api }) => {
    const { context, extensionId, close } = await launchWithExtension();
    try {
      const page = await context.newPage();
      await page.goto(`chrome-extension://${extensionId}/options.html`);
      await page.getByTestId('parley-server-url').fill(api.url);
      await page.getByTestId('parley-email').fill(ADMIN.email);
      await page.getByTestId('parley-password').fill('not the password');
      await page.getByTestId('parley-sign-in').click();
      await expect(page.getByTestId('parley-sign-in-error')).toHaveText('Wrong email or password');
      await expect(page.getByTestId('parley-signed-in')).toHaveCount(0);

      await page.getByTestId('parley-password').fill(ADMIN.password);
      await page.getByTestId('parley-sign-in').click();
      await expect(page.getByTestId('parley-signed-in')).toContainText(ADMIN.name);
      await expect(page.getByTestId('parley-signed-in')).toContainText('Brand Co');

      // Nothing a content script can read holds the token: it lives in the background's IndexedDB.
      const readable = await page.evaluate(async () => {
        type Area = { get(keys: null): Promise<Record<string, unknown>> };
        const { storage } = (globalThis as unknown as { chrome: { storage: { local: Area; sync: Area } } }).chrome;
        return JSON.stringify(await Promise.all([storage.local.get(null), storage.sync.get(null)]));
      });
      expect(readable).not.toContain('plt_');

      // A reload remembers the session; signing out forgets it.
      await page.reload();
      await expect(page.getByTestId('parley-signed-in')).toBeVisible();
      await page.getByTestId('parley-sign-out').click();
      await expect(page.getByTestId('parley-sign-in')).toBeVisible();
    } finally {
      await close();
    }
  });

  test('a server that cannot be reached is named in the error', async () => {
    const { context, extensionId, close } = await launchWithExtension();
    try {
      const page = await context.newPage();
      await page.goto(`chrome-extension://${extensionId}/options.html`);
      await page.getByTestId('parley-server-url').fill('http://127.0.0.1:9');
      await page.getByTestId('parley-email').fill(ADMIN.email);
      await page.getByTestId('parley-password').fill(ADMIN.password);
      await page.getByTestId('parley-sign-in').click();
      await expect(page.getByTestId('parley-sign-in-error')).toContainText('http://127.0.0.1:9');
    } finally {
      await close();
    }
  });

  test('a plain-http server on another machine is refused before any password is sent', async () => {
    const { context, extensionId, close } = await launchWithExtension();
    try {
      const sent: string[] = [];
      await context.route('http://parley.example.com/**', (route) => { sent.push(route.request().url()); return route.abort(); });
      const page = await context.newPage();
      await page.goto(`chrome-extension://${extensionId}/options.html`);
      await page.getByTestId('parley-server-url').fill('http://parley.example.com');
      await page.getByTestId('parley-email').fill(ADMIN.email);
      await page.getByTestId('parley-password').fill(ADMIN.password);
      await page.getByTestId('parley-sign-in').click();
      await expect(page.getByTestId('parley-sign-in-error')).toContainText('clear text');
      // The background refuses it too, whoever asks.
      const refused = await page.evaluate(async (password) => {
        const runtime = (globalThis as unknown as { chrome: { runtime: { sendMessage(m: unknown): Promise<unknown> } } }).chrome.runtime;
        return JSON.stringify(await runtime.sendMessage({ type: 'session.signIn', serverUrl: 'http://parley.example.com', email: 'a@b.test', password }).catch((e: unknown) => String(e)));
      }, ADMIN.password);
      expect(refused).toContain('clear text');
      expect(sent).toEqual([]);
      await expect(page.getByTestId('parley-signed-in')).toHaveCount(0);
    } finally {
      await close();
    }
  });
});
