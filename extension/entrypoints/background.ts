import { browser, type Browser } from 'wxt/browser';
import { defineBackground } from 'wxt/utils/define-background';
import { ApiFailure } from '../background/api.js';
import { announcePresence, caseForm, caseOfPost, findCustomer, postsState, postsTone } from '../background/desk.js';
import { suggestions } from '../background/suggestions.js';
import { barsTouchedBy, createCase, keepResult, mutate, recordReply, type BarsTouched } from '../background/actions.js';
import { createOutbox } from '../sync/outbox.js';
import { PANEL_PORT, TAB_PORT } from '../ports.js';
import { caseDetail, queue } from '../background/queue.js';
import { updateCases } from '../background/bulk.js';
import { createPostOpener } from '../background/openPost.js';
import { createPanelOpener, type ChromeSidePanel } from '../background/panel.js';
import { handleSettings, isSettingsMessage } from '../background/settingsMessages.js';
import { handleReports, isReportsMessage } from '../background/reportsMessages.js';
import { feedbackPostKey, handleFeedback, isFeedbackMessage } from '../background/feedbackMessages.js';
import { caseOfNotification, clearNotifications, notifyAssigned, notifyDueSoon, notifySettings, setNotifySettings } from '../background/notify.js';
import { createLiveLink } from '../sync/live.js';
import { currentSession, markExpired, publicSession, signIn, signOut } from '../background/session.js';
import { openWelcome, showSession } from '../background/firstRun.js';
import { ExtensionPageRequest, PageRequest, PortMessage, type Reply, type SessionState, type TabMessage } from '../protocol.js';

const MENU_ID = 'parley-create-case';
const CHECK_ALARM = 'parley-check';


export default defineBackground(() => {
  /** One port per tab's content script: how the background reaches the overlay. */
  const ports = new Set<Browser.runtime.Port>();
  const extensionBase = browser.runtime.getURL('/');

  const broadcast = (message: TabMessage) => {
    for (const port of ports) {
      try {
        port.postMessage(message);
      } catch {
        ports.delete(port);
      }
    }
  };
  const posts = createPostOpener(() => [...ports].filter((port) => port.name === TAB_PORT));
  const chromeSidePanel = (globalThis as { chrome?: { sidePanel?: ChromeSidePanel & { setPanelBehavior(options: { openPanelOnActionClick: boolean }): Promise<void> } } }).chrome?.sidePanel;
  const panel = createPanelOpener({
    panels: () => [...ports].filter((port) => port.name === PANEL_PORT),
    sidePanel: chromeSidePanel,
    async showTab(tabId, windowId) {
      await browser.tabs.update(tabId, { active: true });
      if (windowId !== undefined) await browser.windows.update(windowId, { focused: true });
    },
    async openTab(caseId, windowId) {
      await browser.tabs.create({ url: `${browser.runtime.getURL('/sidepanel.html')}#case=${caseId}`, ...(windowId !== undefined ? { windowId } : {}) });
    },
  });
  const show = ({ posts, customers }: BarsTouched) => {
    if (posts.length > 0) broadcast({ type: 'posts.changed', keys: posts });
    if (customers.length > 0) broadcast({ type: 'customers.changed', keys: customers });
  };
  const live = createLiveLink({
    postsChanged: (keys) => broadcast({ type: 'posts.changed', keys }),
    customersChanged: (keys) => broadcast({ type: 'customers.changed', keys }),
    presence: (presence) => broadcast({ type: 'presence', presence }),
    assigned: (caseIds) => void notifyAssigned(caseIds).catch((error: unknown) => console.warn('Parley: notification failed', error)),
    pulled: () => void notifyDueSoon().catch((error: unknown) => console.warn('Parley: notification failed', error)),
  });
  const outbox = createOutbox({
    waiting: (waiting, offline, held) => broadcast({ type: 'outbox', waiting, offline, held }),
    queued: (mutation) => void barsTouchedBy(mutation).then(show),
    async settled(mutation, outcome) {
      if (!outcome.ok) {
        // The outbox let go of the action, so the bars are back to what the server has.
        if (mutation.postKey) broadcast({ type: 'rejected', postKey: mutation.postKey, message: outcome.error.message });
        broadcast({ type: 'posts.changed', keys: ['*'] });
        return;
      }
      show(await keepResult(mutation, outcome.result));
    },
    held(mutation) {
      // Not sent, so the bars show what the server has; the options page holds the decision.
      if (mutation.postKey) broadcast({ type: 'held', postKey: mutation.postKey, message: mutation.held?.message ?? '' });
      broadcast({ type: 'posts.changed', keys: ['*'] });
    },
  });
  const sessionChanged = (session: SessionState) => {
    broadcast({ type: 'session.changed', session });
    void showSession(session).catch(() => undefined);
    if (session.signedIn && ports.size > 0) live.restart();
    if (session.signedIn) void outbox.flush();
    else {
      live.stop();
      void clearNotifications().catch(() => undefined);
    }
  };

  async function handle(message: unknown, sender: Browser.runtime.MessageSender): Promise<unknown> {
    const fromExtensionPage = sender.id === browser.runtime.id && (sender.url ?? '').startsWith(extensionBase);
    if (fromExtensionPage) {
      const own = ExtensionPageRequest.safeParse(message);
      if (own.success) {
        if (isSettingsMessage(own.data)) return handleSettings(own.data);
        if (isReportsMessage(own.data)) return handleReports(own.data);
        switch (own.data.type) {
          case 'session.get':
            return publicSession(await currentSession());
          case 'session.signIn': {
            const session = await signIn(own.data.serverUrl, own.data.email, own.data.password);
            sessionChanged(session);
            return session;
          }
          case 'session.signOut': {
            // What the agent did must reach the team before the outbox is emptied, unless they choose otherwise.
            await outbox.flush();
            const waiting = await outbox.count();
            if (waiting > 0 && !own.data.discard) {
              throw new ApiFailure(409, 'changes_waiting', `${waiting} change${waiting === 1 ? ' has' : 's have'} not reached Parley's server yet: signing out now discards ${waiting === 1 ? 'it' : 'them'}`);
            }
            if (waiting > 0) await outbox.discardOwn();
            const session = await signOut();
            sessionChanged(session);
            return session;
          }
          case 'outbox.summary':
            return outbox.summary();
          case 'outbox.decide':
            return { decided: await outbox.decide(own.data.id, own.data.decision) };
          case 'notifications.get':
            return notifySettings();
          case 'notifications.set': {
            const { type: _type, ...choices } = own.data;
            return setNotifySettings(choices);
          }
          case 'queue.get':
            live.start();
            // The queue shows what is coming due: the agent hears of theirs at the same time.
            void notifyDueSoon().catch(() => undefined);
            return queue();
          case 'cases.update':
            return updateCases(own.data, outbox);
          case 'case.detail':
            return caseDetail(own.data.caseId);
          case 'post.open':
            return posts.open(own.data.caseId);
        }
      }
      // One of the pages' own messages, malformed: say what is wrong with it, not that it is unknown.
      const type = (message as { type?: unknown } | null)?.type;
      if (!own.success && ExtensionPageRequest.options.some((option) => option.shape.type.value === type)) {
        const issue = own.error.issues[0];
        throw new ApiFailure(400, 'bad_message', issue ? `${issue.path.slice(1).join('.')}${issue.path.length > 1 ? ': ' : ''}${issue.message}` : 'Parley cannot handle that message');
      }
    }
    const parsed = PageRequest.safeParse(message);
    if (!parsed.success) throw new ApiFailure(400, 'bad_message', `Parley cannot handle that message: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
    const request = parsed.data;
    if (isFeedbackMessage(request)) {
      const answer = await handleFeedback(request);
      // Every tab showing the post shows its new tag (each bar reads it from the cache).
      broadcast({ type: 'posts.changed', keys: [feedbackPostKey(request)] });
      return answer;
    }
    switch (request.type) {
      case 'posts.state':
        return postsState(request);
      case 'case.form':
        return caseForm(request);
      case 'suggestions':
        return suggestions(request);
      case 'case.create':
        return createCase(request, outbox);
      case 'reply.record':
        return recordReply(request, outbox, caseOfPost);
      case 'mutate': {
        const answer = await mutate(request, outbox);
        // A bar is told only of the case: the customer, with the team's notes on them, stays here.
        if (fromExtensionPage || !answer.result) return answer;
        return { result: answer.result.case ? { case: answer.result.case } : {} };
      }
      case 'panel.open':
        // Before any await: Chrome opens its side panel only within the agent's click.
        return panel.open(request.caseId, { tabId: sender.tab?.id, windowId: sender.tab?.windowId });
      case 'customer.find':
        return findCustomer(request);
      case 'posts.tone':
        return postsTone(request);
      case 'options.open':
        await browser.runtime.openOptionsPage();
        return {};
      case 'presence.announce':
        return announcePresence(request);
      case 'ping':
        live.start();
        void outbox.flush();
        return {};
    }
  }

  browser.runtime.onMessage.addListener((message: unknown, sender: Browser.runtime.MessageSender) => {
    if (sender.id !== browser.runtime.id) return undefined;
    return handle(message, sender).then(
      (data): Reply<unknown> => ({ ok: true, data }),
      async (error: unknown): Promise<Reply<unknown>> => {
        if (error instanceof ApiFailure) {
          const ours = error.code === 'signed_out' || error.code === 'session_expired';
          if (error.status === 401 && !ours) {
            // The server refused the token (revoked, expired, agent disabled).
            if (await currentSession()) sessionChanged(await markExpired());
            return { ok: false, error: { code: 'session_expired', message: 'Your Parley session ended: sign in again' } };
          }
          return { ok: false, error: { code: error.code, message: error.message } };
        }
        console.error('Parley background', error);
        return { ok: false, error: { code: 'internal', message: 'Parley hit an unexpected error' } };
      },
    );
  });

  browser.runtime.onConnect.addListener((port) => {
    if (port.sender?.id !== browser.runtime.id) return;
    const fromTab = port.name === TAB_PORT && Boolean(port.sender.tab);
    // The side panel has no tab; opened as a page of its own, it has one.
    const fromPanel = port.name === PANEL_PORT && (port.sender.url ?? '').startsWith(extensionBase);
    if (!fromTab && !fromPanel) return;
    ports.add(port);
    if (fromTab) {
      port.onMessage.addListener((message: unknown) => {
        const parsed = PortMessage.safeParse(message);
        if (parsed.success && parsed.data.type === 'post.located') posts.answered(parsed.data.requestId, parsed.data.found);
      });
      posts.connected(port);
    } else panel.connected(port);
    live.start();
    port.onDisconnect.addListener(() => {
      ports.delete(port);
      // No social tab left: no reason to hold a stream open.
      if (ports.size === 0) live.stop();
    });
  });

  const toTab = (tabId: number | undefined, message: TabMessage) => {
    for (const port of ports) if (port.sender?.tab?.id === tabId && port.sender?.frameId === 0) port.postMessage(message);
  };

  // The toolbar button opens the queue beside the site: Chrome's side panel, Firefox's sidebar.
  if (chromeSidePanel) void chromeSidePanel.setPanelBehavior({ openPanelOnActionClick: true }).catch(() => undefined);
  else {
    const sidebar = (browser as unknown as { sidebarAction?: { toggle(): Promise<void> } }).sidebarAction;
    if (sidebar) browser.action?.onClicked.addListener(() => void sidebar.toggle());
  }

  // Which window the agent is in: a notification's click opens the side panel there.
  let lastWindowId: number | undefined;
  browser.windows.onFocusChanged.addListener((windowId) => {
    if (windowId !== browser.windows.WINDOW_ID_NONE) lastWindowId = windowId;
  });
  void browser.windows.getLastFocused().then((window) => { lastWindowId ??= window.id; }, () => undefined);
  browser.notifications.onClicked.addListener((id) => {
    const caseId = caseOfNotification(id);
    if (!caseId) return;
    // Before any await, as for a bar's button: the click is what lets the side panel open.
    void panel.open(caseId, { windowId: lastWindowId }).catch((error: unknown) => console.warn('Parley: could not open the case', error));
    void browser.notifications.clear(id);
  });
  // Every minute, even with no site open: the team's latest, and the agent's cases coming due.
  void browser.alarms.get(CHECK_ALARM).then(async (alarm) => { if (!alarm) await browser.alarms.create(CHECK_ALARM, { periodInMinutes: 1 }); });
  browser.alarms.onAlarm.addListener((alarm) => {
    if (alarm.name !== CHECK_ALARM) return;
    void live.refresh();
    void notifyDueSoon().catch(() => undefined);
  });

  // A service worker stopped with actions still queued carries on where it left off.
  void outbox.flush();

  // The toolbar button says from the start whether Parley is signed in.
  void currentSession().then((session) => showSession(publicSession(session))).catch(() => undefined);

  browser.runtime.onInstalled.addListener((details) => {
    if (details.reason === 'install') void openWelcome().catch((error: unknown) => console.warn('Parley: could not open the welcome', error));
    browser.contextMenus.create({
      id: MENU_ID,
      title: 'Create Parley case from selection',
      contexts: ['selection'],
      documentUrlPatterns: ['https://x.com/*', 'https://twitter.com/*', 'https://www.facebook.com/*'],
    });
  });
  browser.contextMenus.onClicked.addListener((info, tab) => {
    if (info.menuItemId === MENU_ID) toTab(tab?.id, { type: 'selection.create' });
  });
  browser.commands.onCommand.addListener((command, tab) => {
    if (command === 'create-case') toTab(tab?.id, { type: 'selection.create' });
  });
});
