/** The team's settings, for the options page: read and written through the public API with the agent's token. */
import { z } from 'zod';
import { Agent, AgentList, AuditList, SlaPolicy, TemplateList, TemplateResponse, type SlaPolicyT } from '../../api/contract.js';
import { queryString } from './api.js';
import { callSignedIn } from './session.js';

export const slaPolicy = async (): Promise<SlaPolicyT> => callSignedIn('GET', '/settings/sla', SlaPolicy);

/** Refused by the server unless the agent is an admin (403), or when the policy is not one (400). */
export const setSlaPolicy = async (policy: SlaPolicyT): Promise<SlaPolicyT> => callSignedIn('PUT', '/settings/sla', SlaPolicy, policy);

export const templates = async () => callSignedIn('GET', '/templates', TemplateList);

/** A new template (no `id`) or an edited one. */
export async function saveTemplate(template: { id?: string | undefined; title: string; body: string; tags: string[]; examples: string[] }) {
  const { id, ...fields } = template;
  return id
    ? callSignedIn('PATCH', `/templates/${id}`, TemplateResponse, fields)
    : callSignedIn('POST', '/templates', TemplateResponse, fields);
}

export async function deleteTemplate(id: string): Promise<Record<string, never>> {
  await callSignedIn('DELETE', `/templates/${id}`, z.undefined());
  return {};
}

const AgentResponse = z.object({ agent: Agent });

export const agents = async () => callSignedIn('GET', '/agents', AgentList);

// No 0/O or 1/l/I: a password read out or copied by hand comes through.
const ALPHABET = 'abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';
/** A one-time password to hand over: 20 characters, about 116 bits, from the browser's own generator. */
export function oneTimePassword(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(40));
  let password = '';
  // Rejection sampling keeps every character equally likely.
  for (const byte of bytes) if (byte < 248 - (248 % ALPHABET.length) && password.length < 20) password += ALPHABET[byte % ALPHABET.length];
  return password.length === 20 ? password : oneTimePassword();
}

/** A new agent with a password made here and answered once, for the admin to hand over. */
export async function inviteAgent(agent: { name: string; email: string; role: 'admin' | 'agent' }) {
  const password = oneTimePassword();
  const created = await callSignedIn('POST', '/agents', AgentResponse, { ...agent, password });
  return { agent: created.agent, password };
}

/** A role, disabled or enabled, or (`resetPassword`) a new one-time password, answered once; the server ends their sign-ins. */
export async function updateAgent(change: { id: string; role?: 'admin' | 'agent' | undefined; disabled?: boolean | undefined; resetPassword?: boolean | undefined }) {
  const { id, resetPassword, ...fields } = change;
  const password = resetPassword ? oneTimePassword() : undefined;
  const updated = await callSignedIn('PATCH', `/agents/${id}`, AgentResponse, { ...fields, ...(password ? { password } : {}) });
  return { agent: updated.agent, ...(password ? { password } : {}) };
}

/** A page of the audit log: refused by the server unless the agent is an admin. */
export async function auditLog(query: { from?: string | undefined; to?: string | undefined; actorId?: string | undefined; entity?: string | undefined; cursor?: string | undefined; limit?: number | undefined }) {
  return callSignedIn('GET', `/audit?${queryString(query)}`, AuditList);
}
