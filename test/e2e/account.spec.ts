/** Every agent's own account in the options page: their password, changed with the current one; their other sign-ins end. */
import { startApi } from './api-server.js';
import { MAYA } from './desk.js';
import { expect, launchWithExtension, signIn, test, watchPageErrors } from './fixtures.js';

test('an agent changes their own password in the settings: the old one stops working, and so do their other sign-ins', async () => {
  test.setTimeout(90_000);
  const api = await startApi();
  const browser = await launchWithExtension();
  try {
    const maya = (await api.call('POST', '/agents', { ...MAYA, role: 'agent' })).body.agent as { id: string };
    const elsewhere = (await api.call('POST', '/auth/login', { email: MAYA.email, password: MAYA.password })).body.token as string;
    const options = await browser.context.newPage();
    const errors = watchPageErrors(options);
    await signIn(options, browser.extensionId, api, MAYA);
    const account = options.getByTestId('parley-account');
    await expect(account).toBeVisible();
    // An agent sees their account and notifications, none of the team's settings.
    await expect(options.getByTestId('parley-agents')).toHaveCount(0);

    const fill = async (current: string, next: string, again = next) => {
      await account.getByTestId('parley-password-current').fill(current);
      await account.getByTestId('parley-password-new').fill(next);
      await account.getByTestId('parley-password-again').fill(again);
      await account.getByTestId('parley-password-save').click();
    };
    await fill(MAYA.password, 'a new password for maya', 'a new password for mya');
    await expect(account.getByTestId('parley-password-error')).toHaveText('The two new passwords are not the same');
    await fill('not my password', 'a new password for maya');
    await expect(account.getByTestId('parley-password-error')).toHaveText('Your current password is not right');
    expect((await api.call('GET', '/me', undefined, elsewhere)).status).toBe(200);

    await fill(MAYA.password, 'a new password for maya');
    await expect(account.getByTestId('parley-password-saved')).toBeVisible();
    await expect(account.getByTestId('parley-password-current')).toHaveValue('');
    expect((await api.call('POST', '/auth/login', { email: MAYA.email, password: MAYA.password })).status).toBe(401);
    expect((await api.call('POST', '/auth/login', { email: MAYA.email, password: 'a new password for maya' })).status).toBe(200);
    // The sign-in on another machine has ended; this one goes on.
    expect((await api.call('GET', '/me', undefined, elsewhere)).status).toBe(401);
    await options.reload();
    await expect(options.getByTestId('parley-signed-in')).toContainText('Maya');
    const audit = (await api.call('GET', `/audit?actorId=${maya.id}&entity=agent`)).body.entries;
    expect(audit.map((entry: { action: string }) => entry.action)).toEqual(['agent.password_changed']);
    expect(errors).toEqual([]);
  } finally {
    await browser.close();
    await api.stop();
  }
});
