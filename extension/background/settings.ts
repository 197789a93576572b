/** The team's settings, for the options page: read and written through the public API with the agent's token. */
import { z } from 'zod';
import { SlaPolicy, TemplateList, TemplateResponse, type SlaPolicyT } from '../../api/contract.js';
import { callApi } from './api.js';
import { activeSession } from './session.js';

const target = async () => {
  const session = await activeSession();
  return { serverUrl: session.serverUrl, token: session.token };
};

export const slaPolicy = async (): Promise<SlaPolicyT> => callApi(await target(), 'GET', '/settings/sla', SlaPolicy);

/** Refused by the server unless the agent is an admin (403), or when the policy is not one (400). */
export const setSlaPolicy = async (policy: SlaPolicyT): Promise<SlaPolicyT> => callApi(await target(), 'PUT', '/settings/sla', SlaPolicy, policy);

export const templates = async () => callApi(await target(), 'GET', '/templates', TemplateList);

/** A new template (no `id`) or an edited one. */
export async function saveTemplate(template: { id?: string | undefined; title: string; body: string; tags: string[] }) {
  const { id, ...fields } = template;
  return id
    ? callApi(await target(), 'PATCH', `/templates/${id}`, TemplateResponse, fields)
    : callApi(await target(), 'POST', '/templates', TemplateResponse, fields);
}

export async function deleteTemplate(id: string): Promise<Record<string, never>> {
  await callApi(await target(), 'DELETE', `/templates/${id}`, z.undefined());
  return {};
}
