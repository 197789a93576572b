import type { BrowserContext, Page, Worker } from '@playwright/test';
import { expect, launchWithExtension, signIn, test, watchPageErrors } from './fixtures.js';
import { openStatus } from './x-status.js';

const ids = {
  dana: '1851234567890123456',
  lee: '1851245566778899001',
};

const bar = (page: Page, id: string) => page.locator(`[data-parley-post="x:${id}"] + parley-bar`).getByTestId('parley-post-bar');

async function backgroundOf(context: BrowserContext): Promise<Worker> {
  return context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
}

test.describe('the session', () => {
  test('ended on the server: bars and options say so; signing in again brings the bars back', async ({ api }) => {
    // Its own agent in its own browser: the worker's admin session stays untouched.
    const agent = { email: `sasha.${Date.now()}@brand.test`, password: 'sasha keeps the queue', name: 'Sasha Quinn' };
    const created = await api.call('POST', '/agents', { ...agent, role: 'agent' });
    expect(created.status).toBe(201);
    const agentId = created.body.agent.id as string;

    const { context, extensionId, close } = await launchWithExtension();
    try {
      const options = await context.newPage();
      await signIn(options, extensionId, api, agent);
      await expect(options.getByTestId('parley-signed-in')).toContainText('Sasha Quinn');

      const page = await context.newPage();
      const pageErrors = watchPageErrors(page);
      await openStatus(page);
      await expect(page.getByTestId('parley-post-bar')).toHaveCount(5);
      await expect(page.getByTestId('parley-customer')).toHaveCount(5);
      await expect(page.getByTestId('parley-sign-in-again')).toHaveCount(0);

      const disabled = await api.call('PATCH', `/agents/${agentId}`, { disabled: true });
      expect(disabled.status).toBe(200);
      expect(disabled.body.agent.disabled).toBe(true);

      await page.reload();
      const again = page.getByTestId('parley-sign-in-again');
      await expect(again).toHaveCount(5);
      for (const button of await again.all()) await expect(button).toHaveText('Parley session ended: sign in again');
      await expect(page.getByTestId('parley-customer')).toHaveCount(0);
      await expect(page.getByTestId('parley-suggest')).toHaveCount(0);
      await expect(page.getByTestId('parley-create-case')).toHaveCount(0);

      // The options page says the session ended and remembers who was signed in.
      await options.reload();
      await expect(options.getByRole('status')).toHaveText('Your session ended. Sign in again to keep working.');
      await expect(options.getByTestId('parley-signed-in')).toHaveCount(0);
      await expect(options.getByTestId('parley-email')).toHaveValue(agent.email);
      await expect(options.getByTestId('parley-server-url')).toHaveValue(api.url);

      // With no options tab open, the bar's button opens one.
      await options.close();
      const opened = context.waitForEvent('page');
      await bar(page, ids.dana).getByTestId('parley-sign-in-again').click();
      const reopened = await opened;
      await expect(reopened).toHaveURL(`chrome-extension://${extensionId}/options.html`);
      await expect(reopened.getByRole('status')).toHaveText('Your session ended. Sign in again to keep working.');

      // Meanwhile a case was opened for Lee's tweet: the bars show it once signed in again, without a reload.
      const linked = (await api.call('GET', `/posts/cases?platform=x&externalIds=${ids.lee}`)).body.links[0]?.case;
      const kase = linked ?? (await api.call('POST', '/cases', {
        post: { platform: 'x', externalId: ids.lee, url: `https://x.com/lee_harmon/status/${ids.lee}`, author: { handle: 'lee_harmon', displayName: 'Lee Harmon' }, text: 'you said this was fixed last week?' },
      })).body.case;
      expect((await api.call('PATCH', `/agents/${agentId}`, { disabled: false })).status).toBe(200);
      await signIn(reopened, extensionId, api, agent);
      await expect(reopened.getByTestId('parley-signed-in')).toContainText('Sasha Quinn');

      await expect(page.getByTestId('parley-sign-in-again')).toHaveCount(0);
      await expect(page.getByTestId('parley-customer')).toHaveCount(5);
      await expect(bar(page, ids.lee).getByTestId('parley-case-badge')).toContainText(`#${kase.number}`);
      await expect(bar(page, ids.dana)).toHaveAttribute('aria-label', 'Parley: Dana Rivers');

      // And a fresh load of the page works as before.
      await page.reload();
      await expect(page.getByTestId('parley-customer')).toHaveCount(5);
      await expect(page.getByTestId('parley-sign-in-again')).toHaveCount(0);
      expect(pageErrors).toEqual([]);
    } finally {
      await close();
    }
  });

  test('the context menu item and the keyboard command are registered in the background', async ({ browserWithExtension }) => {
    const worker = await backgroundOf(browserWithExtension.context);
    const found = await worker.evaluate(async () => {
      type Chrome = {
        contextMenus: { update(id: string, change: object): Promise<void> };
        commands: { getAll(): Promise<{ name?: string; description?: string; shortcut?: string }[]> };
        runtime: { getManifest(): { commands?: Record<string, { suggested_key?: { default?: string } }> } };
      };
      const { chrome } = globalThis as unknown as { chrome: Chrome };
      const outcome = (update: Promise<void>) => update.then(() => 'resolved', (error: Error) => `rejected: ${error.message}`);
      return {
        menu: await outcome(chrome.contextMenus.update('parley-create-case', {})),
        unknownMenu: await outcome(chrome.contextMenus.update('parley-no-such-item', {})),
        commands: (await chrome.commands.getAll()).map(({ name, description, shortcut }) => ({ name, description, shortcut })),
        suggestedKey: chrome.runtime.getManifest().commands?.['create-case']?.suggested_key?.default,
      };
    });
    expect(found.menu).toBe('resolved');
    expect(found.unknownMenu).toMatch(/^rejected: .*parley-no-such-item/);
    expect(found.commands.find((command) => command.name === 'create-case')?.description).toBe('Create a Parley case from the selected text');
    // Chromium leaves the shortcut of an extension loaded from the command line unassigned: the manifest suggests it.
    expect(found.suggestedKey).toBe('Alt+Shift+C');
  });
});
