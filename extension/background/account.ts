/** The signed-in agent's own account, for the options page: every agent, admin or not. */
import { z } from 'zod';
import { callApi } from './api.js';
import { activeSession } from './session.js';

/** The server checks the current password (throttled like a sign-in) and ends the agent's other sign-ins; this one stays. */
export async function changePassword(change: { currentPassword: string; newPassword: string }): Promise<Record<string, never>> {
  const session = await activeSession();
  await callApi({ serverUrl: session.serverUrl, token: session.token }, 'POST', '/auth/password', z.undefined(), change);
  return {};
}
