import type { BrowserContext, Worker } from '@playwright/test';
import { expect, launchWithExtension, signIn, test, welcomePage } from './fixtures.js';

async function backgroundOf(context: BrowserContext): Promise<Worker> {
  return context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
}

/** What the toolbar button shows, read in the background. */
async function toolbar(worker: Worker): Promise<{ text: string; title: string; colour: number[] }> {
  return worker.evaluate(async () => {
    type Action = { getBadgeText(d: object): Promise<string>; getTitle(d: object): Promise<string>; getBadgeBackgroundColor(d: object): Promise<number[]> };
    const { chrome } = globalThis as unknown as { chrome: { action: Action } };
    return { text: await chrome.action.getBadgeText({}), title: await chrome.action.getTitle({}), colour: await chrome.action.getBadgeBackgroundColor({}) };
  });
}

test.describe('the first run', () => {
  test('installing opens the options page on its welcome: the server URL, sign-in and where the queue is', async () => {
    const { context, extensionId, close } = await launchWithExtension('test', { welcome: 'keep' });
    try {
      const welcome = await welcomePage(context);
      await expect(welcome).toHaveURL(`chrome-extension://${extensionId}/options.html?welcome`);
      const section = welcome.getByTestId('parley-welcome');
      await expect(section).toBeVisible();
      await expect(section.getByRole('heading')).toHaveText('Welcome to Parley');
      await expect(section).toContainText('Server URL');
      await expect(section).toContainText('Sign in');
      await expect(section).toContainText('toolbar button');
      // The sign-in form is right below it, and the policy a click away.
      await expect(welcome.getByTestId('parley-server-url')).toBeVisible();
      await expect(welcome.getByTestId('parley-privacy-link')).toHaveAttribute('href', '/privacy.html');
      // Only the install's tab says welcome: the options opened later do not.
      const later = await context.newPage();
      await later.goto(`chrome-extension://${extensionId}/options.html`);
      await expect(later.getByTestId('parley-server-url')).toBeVisible();
      await expect(later.getByTestId('parley-welcome')).toHaveCount(0);
    } finally {
      await close();
    }
  });

  test('the toolbar badge says "off" while signed out, and nothing once signed in or after signing out again', async ({ api }) => {
    const { context, extensionId, close } = await launchWithExtension();
    try {
      const worker = await backgroundOf(context);
      await expect.poll(async () => (await toolbar(worker)).text).toBe('off');
      const signedOut = await toolbar(worker);
      expect(signedOut.title).toBe('Parley: signed out. Sign in in Parley\'s options');
      expect(signedOut.colour.slice(0, 3)).toEqual([208, 49, 45]);

      const options = await context.newPage();
      await signIn(options, extensionId, api);
      await expect.poll(async () => (await toolbar(worker)).text).toBe('');
      expect((await toolbar(worker)).title).toBe('Parley: the team\'s queue');

      await options.getByTestId('parley-sign-out').click();
      await expect(options.getByTestId('parley-server-url')).toBeVisible();
      await expect.poll(async () => (await toolbar(worker)).text).toBe('off');
    } finally {
      await close();
    }
  });

  test('the privacy policy is a page of the extension, with what Parley reads, keeps and sends', async ({ browserWithExtension }) => {
    const page = await browserWithExtension.context.newPage();
    await page.goto(`chrome-extension://${browserWithExtension.extensionId}/privacy.html`);
    const policy = page.getByTestId('parley-privacy');
    await expect(policy.getByRole('heading', { level: 1 })).toHaveText('Parley privacy policy');
    for (const section of ['What Parley reads on the page', 'What Parley keeps, and where', 'What leaves the browser, and to whom', 'How long it is kept', 'How to delete it']) {
      await expect(policy.getByRole('heading', { level: 2, name: section })).toBeVisible();
    }
    await expect(policy).toContainText('no analytics');
    await page.close();
  });
});
