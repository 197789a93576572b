/**
 * Desktop notifications: a case assigned to the agent by someone else, and one of theirs becoming
 * due soon. A click opens the case in the side panel. Each kind can be switched off in the options;
 * nothing notifies while the agent is signed out or their session has ended.
 */
import { browser } from 'wxt/browser';
import { z } from 'zod';
import type { CaseT } from '../../api/contract.js';
import { caseSlaState } from '../../api/domain/sla.js';
import type { NotificationChoices } from '../protocol.js';
import { openStore } from '../store/db.js';
import { currentSession } from './session.js';

export const NotifySettings = z.strictObject({ assigned: z.boolean(), dueSoon: z.boolean() }) satisfies z.ZodType<NotificationChoices>;
export type NotifySettingsT = NotificationChoices;

const SETTINGS_KEY = 'parley.notifications';
const DEFAULTS: NotifySettingsT = { assigned: true, dueSoon: true };
/** The SLA deadline each due-soon case was last told for, by case id. */
const TOLD_KEY = 'notified:due';
const PREFIX = 'parley:';

/** A notification's id: its kind and its case. */
export const notificationId = (kind: 'assigned' | 'due', caseId: string) => `${PREFIX}${kind}:${caseId}`;

/** The case a notification of Parley's is about, or undefined for anyone else's. */
export function caseOfNotification(id: string): string | undefined {
  return /^parley:(?:assigned|due):([0-9a-f-]{36})$/i.exec(id)?.[1];
}

type Change = { entity: string; id: string; data: unknown };

/**
 * The cases that a page of the change log gave to `me`, by someone else: an assignment to them, or
 * a case opened already assigned to them. One taken away again within the page is left out.
 */
export function assignmentsTo(me: string, changes: Change[]): string[] {
  const assigneeNow = new Map<string, unknown>();
  const assigned = new Set<string>();
  const created = new Set<string>();
  for (const change of changes) {
    const data = change.data as Record<string, unknown> | null;
    if (!data) continue;
    if (change.entity === 'case') assigneeNow.set(change.id, data.assigneeId);
    else if (change.entity === 'event' && data.actorId !== me) {
      const caseId = String(data.caseId);
      if (data.type === 'assigned' && (data.data as Record<string, unknown> | undefined)?.to === me) assigned.add(caseId);
      else if (data.type === 'created') created.add(caseId);
    }
  }
  for (const caseId of created) if (assigneeNow.get(caseId) === me) assigned.add(caseId);
  return [...assigned].filter((caseId) => !assigneeNow.has(caseId) || assigneeNow.get(caseId) === me);
}

/** The agent's working cases (new or open) that are due soon at `now`: case id → its SLA deadline. */
export function dueSoon(cases: CaseT[], me: string, now: number): Map<string, string> {
  const due = new Map<string, string>();
  for (const kase of cases) {
    if (kase.assigneeId !== me || (kase.status !== 'new' && kase.status !== 'open') || !kase.slaDueAt) continue;
    if (caseSlaState(kase, now) === 'due_soon') due.set(kase.id, kase.slaDueAt);
  }
  return due;
}

export async function notifySettings(): Promise<NotifySettingsT> {
  const stored = (await browser.storage.local.get(SETTINGS_KEY))[SETTINGS_KEY];
  const parsed = NotifySettings.partial().safeParse(stored);
  return { ...DEFAULTS, ...(parsed.success ? parsed.data : {}) };
}

export async function setNotifySettings(patch: Partial<NotifySettingsT>): Promise<NotifySettingsT> {
  const next = { ...(await notifySettings()), ...patch };
  await browser.storage.local.set({ [SETTINGS_KEY]: next });
  return next;
}

const iconUrl = () => browser.runtime.getURL('/icon/128.png');

/** Who the case is about and what they wrote, from the cache. */
async function describe(kase: CaseT): Promise<string> {
  const card = (await (await openStore()).getFromIndex('customers', 'byCustomer', kase.customerId))?.card;
  const excerpt = card?.cases.find((summary) => summary.id === kase.id)?.excerpt ?? kase.subject;
  return [card?.customer.name, excerpt].filter(Boolean).join(' — ').slice(0, 200) || `A ${kase.priority} case`;
}

async function signedInAgent(): Promise<string | undefined> {
  const session = await currentSession();
  return session && !session.expired ? session.agent.id : undefined;
}

async function show(id: string, title: string, message: string): Promise<void> {
  await browser.notifications.create(id, { type: 'basic', iconUrl: iconUrl(), title, message, priority: 1 });
}

/** Cases given to the agent by someone else, as the pull just learnt. */
export async function notifyAssigned(caseIds: string[]): Promise<void> {
  const me = await signedInAgent();
  if (!me || caseIds.length === 0 || !(await notifySettings()).assigned) return;
  const store = await openStore();
  for (const caseId of caseIds) {
    const kase = await store.get('cases', caseId);
    if (!kase || kase.assigneeId !== me) continue;
    await show(notificationId('assigned', caseId), `Case #${kase.number} is yours`, await describe(kase));
  }
}

/** Tells of each of the agent's cases that became due soon, once per SLA deadline. */
export async function notifyDueSoon(now = Date.now()): Promise<void> {
  const me = await signedInAgent();
  if (!me) return;
  const store = await openStore();
  const due = dueSoon(await store.getAll('cases'), me, now);
  const told = ((await store.get('meta', TOLD_KEY)) ?? {}) as Record<string, string>;
  const enabled = (await notifySettings()).dueSoon;
  for (const [caseId, dueAt] of due) {
    if (told[caseId] === dueAt || !enabled) continue;
    const kase = (await store.get('cases', caseId))!;
    const minutes = Math.max(1, Math.round((Date.parse(dueAt) - now) / 60_000));
    await show(notificationId('due', caseId), `Case #${kase.number} is due in ${minutes} min`, await describe(kase));
  }
  // Only the cases due soon now are remembered: a deadline that moves is told again when it comes near.
  // Switched off, they are remembered all the same, so switching on does not tell of old ones.
  // Checked on every queue read: written only when it changed.
  const next = Object.fromEntries(due);
  if (JSON.stringify(next) !== JSON.stringify(told)) await store.put('meta', next, TOLD_KEY);
}

/** Signed out: Parley's notifications leave the screen. */
export async function clearNotifications(): Promise<void> {
  for (const id of Object.keys(await browser.notifications.getAll())) if (id.startsWith(PREFIX)) await browser.notifications.clear(id);
}
