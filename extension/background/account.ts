/** The signed-in agent's own account, for the options page: every agent, admin or not. */
import { z } from 'zod';
import { callSignedIn } from './session.js';

/** The server checks the current password (throttled like a sign-in) and ends the agent's other sign-ins; this one stays. */
export async function changePassword(change: { currentPassword: string; newPassword: string }): Promise<Record<string, never>> {
  await callSignedIn('POST', '/auth/password', z.undefined(), change);
  return {};
}
