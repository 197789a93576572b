/**
 * The options page's messages for the team's settings and the agent's own account, one handler
 * each: the background's message switch hands them all here.
 */
import type { ExtensionPageRequestT, Responses } from '../protocol.js';
import { changePassword } from './account.js';
import { agents, auditLog, deleteTemplate, inviteAgent, saveTemplate, setSlaPolicy, slaPolicy, templates, updateAgent } from './settings.js';
import { createWebhook, deleteWebhook, redeliverWebhook, rotateWebhookSecret, updateWebhook, webhookDeliveries, webhooks } from './webhookSettings.js';

type SettingsType = Extract<ExtensionPageRequestT['type'], `settings.${string}` | `account.${string}`>;
type Message<K extends SettingsType> = Extract<ExtensionPageRequestT, { type: K }>;
export type SettingsMessage = Message<SettingsType>;

const handlers: { [K in SettingsType]: (message: Message<K>) => Promise<Responses[K]> } = {
  'settings.sla.get': () => slaPolicy(),
  'settings.sla.set': ({ policy }) => setSlaPolicy(policy),
  'settings.templates.list': () => templates(),
  'settings.templates.save': ({ template }) => saveTemplate(template),
  'settings.templates.delete': ({ id }) => deleteTemplate(id),
  'settings.agents.list': () => agents(),
  'settings.agents.invite': ({ agent }) => inviteAgent(agent),
  'settings.agents.update': ({ change }) => updateAgent(change),
  'settings.audit.list': ({ query }) => auditLog(query),
  'settings.webhooks.list': () => webhooks(),
  'settings.webhooks.create': ({ webhook }) => createWebhook(webhook),
  'settings.webhooks.update': ({ id, change }) => updateWebhook(id, change),
  'settings.webhooks.delete': ({ id }) => deleteWebhook(id),
  'settings.webhooks.rotate': ({ id }) => rotateWebhookSecret(id),
  'settings.webhooks.deliveries': ({ id }) => webhookDeliveries(id),
  'settings.webhooks.redeliver': ({ id, deliveryId }) => redeliverWebhook(id, deliveryId),
  'account.password': ({ currentPassword, newPassword }) => changePassword({ currentPassword, newPassword }),
};

export const isSettingsMessage = (message: ExtensionPageRequestT): message is SettingsMessage => Object.hasOwn(handlers, message.type);

export function handleSettings(message: SettingsMessage): Promise<unknown> {
  return (handlers[message.type] as (message: SettingsMessage) => Promise<unknown>)(message);
}
