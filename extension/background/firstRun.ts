/**
 * What the agent sees before and right after installing: the toolbar button says when Parley is
 * signed out, and a fresh install opens the options page on its welcome.
 */
import { browser } from 'wxt/browser';
import type { SessionState } from '../protocol.js';

export const SIGNED_OUT_BADGE = 'off';
const SIGNED_OUT_COLOUR = '#d0312d';
const SIGNED_IN_TITLE = 'Parley: the team\'s queue';

/** The badge and tooltip for this session: empty when signed in, `off` with a reason otherwise. */
export async function showSession(session: SessionState): Promise<void> {
  const action = browser.action;
  if (!action) return;
  if (session.signedIn) {
    await action.setBadgeText({ text: '' });
    await action.setTitle({ title: SIGNED_IN_TITLE });
    return;
  }
  await action.setBadgeBackgroundColor({ color: SIGNED_OUT_COLOUR });
  await action.setBadgeText({ text: SIGNED_OUT_BADGE });
  await action.setTitle({ title: session.expired ? 'Parley: your session ended. Sign in again in Parley\'s options' : 'Parley: signed out. Sign in in Parley\'s options' });
}

/** The options page with its welcome: the server's address, sign-in, and where the queue is. */
export async function openWelcome(): Promise<void> {
  await browser.tabs.create({ url: browser.runtime.getURL('/options.html?welcome') });
}
