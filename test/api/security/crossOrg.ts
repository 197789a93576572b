/**
 * The cross-organisation matrix's two tables: a valid request of organisation a for each route
 * that takes a reference, and for each reference slot which of b's objects goes in it and what a
 * must get back. A slot found in the document without a rule here fails the matrix.
 */
import { randomUUID } from 'node:crypto';
import { v7 as uuidv7 } from 'uuid';
import { freshHandle, postBy, type World } from '../harness.js';

/** Objects of organisation a, made fresh for every request so each starts from a known state. */
export interface Mine {
  caseId: string;
  version: number;
  customerId: string;
  otherCustomerId: string;
  handle: string;
  externalId: string;
  templateId: string;
  agentId: string;
  /** The admin who made all of the above: the one with entries in the audit log. */
  adminId: string;
  webhookId: string;
  /** A delivery of that endpoint, delivered (so it can be sent again). */
  deliveryId: string;
  /** The feedback tag on the case's post. */
  feedbackId: string;
}

/** Objects of organisation b, whose ids a must never reach. */
export interface Theirs {
  case: string;
  customer: string;
  agent: string;
  template: string;
  /** The external id of b's post (a post id on the site, not ours). */
  post: string;
  handle: string;
  /** The clientId b opened a case with. */
  clientId: string;
  webhook: string;
  delivery: string;
  /** The feedback tag on b's case post. */
  feedback: string;
  /** Ids of mutations b pushed, one for each rule that reuses one (a's own use of an id would be a reuse). */
  mutations: string[];
}

export type Target = Exclude<keyof Theirs, 'mutations'> | 'mutation';

/** b's value for a slot; each mutation id is handed out once. */
export function valueOf(theirs: Theirs, target: Target): string {
  if (target !== 'mutation') return theirs[target];
  const id = theirs.mutations.shift();
  if (!id) throw new Error('organisation b pushed too few mutations for the rules that reuse their ids');
  return id;
}

export interface BaseRequest {
  params?: Record<string, string>;
  query?: Record<string, string>;
  body?: Record<string, unknown>;
}

export type Expectation =
  /** 404 not_found, and nothing anywhere changes. */
  | 'not_found'
  /** 200 with the route's list empty, and nothing changes. */
  | 'empty'
  /** The sync push answers this mutation `not_found`; nothing of either organisation changes. */
  | 'push_not_found'
  /** The value only names something in a's own space (a post id on the site, a handle, a client-made id): it works on a's data alone. */
  | 'own';

export interface Rule {
  target: Target;
  expect: Expectation;
  /** For `empty`: the list in the answer. `any`: each route's body has its own shape. */
  list?: (body: any) => unknown[];
}

const mutation = (name: string, args: Record<string, unknown>) => ({ mutations: [{ id: uuidv7(), name, args }] });

/** Organisation a's valid request per route (and per sync mutation). */
export const baseRequests: Record<string, (mine: Mine, branch?: string) => BaseRequest> = {
  'PATCH /agents/{id}': (mine) => ({ params: { id: mine.agentId }, body: { name: 'Renamed agent' } }),
  'GET /customers/lookup': (mine) => ({ query: { platform: 'x', handle: mine.handle } }),
  'GET /customers/{id}': (mine) => ({ params: { id: mine.customerId } }),
  'PATCH /customers/{id}': (mine) => ({ params: { id: mine.customerId }, body: { notes: 'Called back' } }),
  'POST /customers/{id}/merge': (mine) => ({ params: { id: mine.customerId }, body: { otherCustomerId: mine.otherCustomerId } }),
  'POST /cases': (mine) => ({ body: { clientId: randomUUID(), post: postBy(freshHandle('mine')), assigneeId: mine.agentId } }),
  'GET /cases': (mine) => ({ query: { assigneeId: mine.agentId, customerId: mine.customerId } }),
  'GET /cases/{id}': (mine) => ({ params: { id: mine.caseId } }),
  'PATCH /cases/{id}': (mine) => ({ params: { id: mine.caseId }, body: { version: mine.version, assigneeId: mine.agentId, priority: 'high' } }),
  'POST /cases/{id}/posts': (mine) => ({ params: { id: mine.caseId }, body: { post: postBy(mine.handle) } }),
  'POST /cases/{id}/notes': (mine) => ({ params: { id: mine.caseId }, body: { body: 'Checked the order' } }),
  'POST /cases/{id}/replies': (mine) => ({ params: { id: mine.caseId }, body: { text: 'Sorry about that', postExternalId: `reply${randomUUID().slice(0, 8)}`, templateId: mine.templateId } }),
  'GET /posts/cases': (mine) => ({ query: { platform: 'x', externalIds: mine.externalId } }),
  'POST /presence': (mine) => ({ body: { platform: 'x', externalId: mine.externalId, activity: 'replying' } }),
  'PATCH /templates/{id}': (mine) => ({ params: { id: mine.templateId }, body: { title: 'Renamed template' } }),
  'DELETE /templates/{id}': (mine) => ({ params: { id: mine.templateId } }),
  'PATCH /webhooks/{id}': (mine) => ({ params: { id: mine.webhookId }, body: { description: 'Renamed endpoint' } }),
  'DELETE /webhooks/{id}': (mine) => ({ params: { id: mine.webhookId } }),
  'POST /webhooks/{id}/rotate-secret': (mine) => ({ params: { id: mine.webhookId } }),
  'GET /webhooks/{id}/deliveries': (mine) => ({ params: { id: mine.webhookId } }),
  'POST /webhooks/{id}/deliveries/{deliveryId}/redeliver': (mine) => ({ params: { id: mine.webhookId, deliveryId: mine.deliveryId } }),
  'POST /replies/suggest': (mine) => ({ body: { caseId: mine.caseId, post: postBy(mine.handle) } }),
  'GET /audit': (mine) => ({ query: { actorId: mine.adminId } }),
  'GET /metrics': (mine) => ({ query: { agentId: mine.agentId } }),
  'GET /metrics/cases': (mine) => ({ query: { agentId: mine.agentId } }),
  'GET /cases.csv': (mine) => ({ query: { agentId: mine.agentId } }),
  'GET /metrics.csv': (mine) => ({ query: { agentId: mine.agentId } }),
  'POST /feedback': () => ({ body: { post: postBy(freshHandle('mine')), kind: 'idea', theme: 'Dark mode' } }),
  'DELETE /feedback/{id}': (mine) => ({ params: { id: mine.feedbackId } }),
  'PUT /settings/accounts': (mine) => ({ body: { accounts: [{ platform: 'x', handle: mine.handle }] } }),
  'POST /sync/push': (mine, branch) => {
    switch (branch) {
      case 'createCase': return { body: mutation(branch, { post: postBy(freshHandle('mine')), assigneeId: mine.agentId }) };
      case 'updateCase': return { body: mutation(branch, { caseId: mine.caseId, version: mine.version, assigneeId: mine.agentId }) };
      case 'addNote': return { body: mutation(branch, { caseId: mine.caseId, body: 'Pushed note' }) };
      case 'recordReply': return { body: mutation(branch, { caseId: mine.caseId, text: 'Pushed reply', postExternalId: `reply${randomUUID().slice(0, 8)}`, templateId: mine.templateId }) };
      case 'linkPost': return { body: mutation(branch, { caseId: mine.caseId, post: postBy(mine.handle) }) };
      case 'updateCustomer': return { body: mutation(branch, { customerId: mine.customerId, vip: true }) };
      case 'mergeCustomers': return { body: mutation(branch, { customerId: mine.customerId, otherCustomerId: mine.otherCustomerId }) };
      default: throw new Error(`no base request for the sync mutation ${branch}: add one in test/api/security/crossOrg.ts`);
    }
  },
};

const cases = (body: { cases: unknown[] }) => body.cases;
const links = (body: { links: unknown[] }) => body.links;
const auditEntries = (body: { entries: unknown[] }) => body.entries;
const agentFigures = (body: { agents: unknown[] }) => body.agents;
// The rows of a CSV answer after its header (no cell of these cases holds a line break).
const csvRows = (body: string) => body.split('\r\n').slice(1).filter((line) => line !== '');

/** Every reference slot of the document, with b's object to put in it and what a gets back. */
export const rules: Record<string, Rule> = {
  'PATCH /agents/{id} path.id': { target: 'agent', expect: 'not_found' },
  'GET /customers/lookup query.handle': { target: 'handle', expect: 'not_found' },
  'GET /customers/{id} path.id': { target: 'customer', expect: 'not_found' },
  'PATCH /customers/{id} path.id': { target: 'customer', expect: 'not_found' },
  'POST /customers/{id}/merge path.id': { target: 'customer', expect: 'not_found' },
  'POST /customers/{id}/merge body.otherCustomerId': { target: 'customer', expect: 'not_found' },
  'POST /cases body.clientId': { target: 'clientId', expect: 'own' },
  'POST /cases body.post.externalId': { target: 'post', expect: 'own' },
  'POST /cases body.post.author.handle': { target: 'handle', expect: 'own' },
  'POST /cases body.assigneeId': { target: 'agent', expect: 'not_found' },
  'GET /cases query.assigneeId': { target: 'agent', expect: 'empty', list: cases },
  'GET /cases query.customerId': { target: 'customer', expect: 'empty', list: cases },
  'GET /cases/{id} path.id': { target: 'case', expect: 'not_found' },
  'GET /audit query.actorId': { target: 'agent', expect: 'empty', list: auditEntries },
  'GET /metrics query.agentId': { target: 'agent', expect: 'empty', list: agentFigures },
  'GET /metrics/cases query.agentId': { target: 'agent', expect: 'empty', list: cases },
  'GET /cases.csv query.agentId': { target: 'agent', expect: 'empty', list: csvRows },
  'GET /metrics.csv query.agentId': { target: 'agent', expect: 'empty', list: csvRows },
  'PATCH /cases/{id} path.id': { target: 'case', expect: 'not_found' },
  'PATCH /cases/{id} body.assigneeId': { target: 'agent', expect: 'not_found' },
  'POST /cases/{id}/posts path.id': { target: 'case', expect: 'not_found' },
  'POST /cases/{id}/posts body.post.externalId': { target: 'post', expect: 'own' },
  'POST /cases/{id}/posts body.post.author.handle': { target: 'handle', expect: 'own' },
  'POST /cases/{id}/notes path.id': { target: 'case', expect: 'not_found' },
  'POST /cases/{id}/replies path.id': { target: 'case', expect: 'not_found' },
  'POST /cases/{id}/replies body.postExternalId': { target: 'post', expect: 'own' },
  'POST /cases/{id}/replies body.templateId': { target: 'template', expect: 'not_found' },
  'GET /posts/cases query.externalIds': { target: 'post', expect: 'empty', list: links },
  'POST /presence body.externalId': { target: 'post', expect: 'own' },
  'PATCH /templates/{id} path.id': { target: 'template', expect: 'not_found' },
  'DELETE /templates/{id} path.id': { target: 'template', expect: 'not_found' },
  'PATCH /webhooks/{id} path.id': { target: 'webhook', expect: 'not_found' },
  'DELETE /webhooks/{id} path.id': { target: 'webhook', expect: 'not_found' },
  'POST /webhooks/{id}/rotate-secret path.id': { target: 'webhook', expect: 'not_found' },
  'GET /webhooks/{id}/deliveries path.id': { target: 'webhook', expect: 'not_found' },
  'POST /webhooks/{id}/deliveries/{deliveryId}/redeliver path.id': { target: 'webhook', expect: 'not_found' },
  'POST /webhooks/{id}/deliveries/{deliveryId}/redeliver path.deliveryId': { target: 'delivery', expect: 'not_found' },
  'POST /feedback body.post.externalId': { target: 'post', expect: 'own' },
  'POST /feedback body.post.author.handle': { target: 'handle', expect: 'own' },
  'DELETE /feedback/{id} path.id': { target: 'feedback', expect: 'not_found' },
  'POST /replies/suggest body.caseId': { target: 'case', expect: 'not_found' },
  'POST /replies/suggest body.post.externalId': { target: 'post', expect: 'own' },
  'POST /replies/suggest body.post.author.handle': { target: 'handle', expect: 'own' },
  // A handle names a profile on the site: another organisation's customer with it is no one's business here.
  'PUT /settings/accounts body.accounts[].handle': { target: 'handle', expect: 'own' },
  'POST /sync/push body.mutations[createCase].id': { target: 'mutation', expect: 'own' },
  'POST /sync/push body.mutations[createCase].args.post.externalId': { target: 'post', expect: 'own' },
  'POST /sync/push body.mutations[createCase].args.post.author.handle': { target: 'handle', expect: 'own' },
  'POST /sync/push body.mutations[createCase].args.assigneeId': { target: 'agent', expect: 'push_not_found' },
  'POST /sync/push body.mutations[updateCase].id': { target: 'mutation', expect: 'own' },
  'POST /sync/push body.mutations[updateCase].args.assigneeId': { target: 'agent', expect: 'push_not_found' },
  'POST /sync/push body.mutations[updateCase].args.caseId': { target: 'case', expect: 'push_not_found' },
  'POST /sync/push body.mutations[addNote].id': { target: 'mutation', expect: 'own' },
  'POST /sync/push body.mutations[addNote].args.caseId': { target: 'case', expect: 'push_not_found' },
  'POST /sync/push body.mutations[recordReply].id': { target: 'mutation', expect: 'own' },
  'POST /sync/push body.mutations[recordReply].args.postExternalId': { target: 'post', expect: 'own' },
  'POST /sync/push body.mutations[recordReply].args.caseId': { target: 'case', expect: 'push_not_found' },
  'POST /sync/push body.mutations[recordReply].args.templateId': { target: 'template', expect: 'push_not_found' },
  'POST /sync/push body.mutations[linkPost].id': { target: 'mutation', expect: 'own' },
  'POST /sync/push body.mutations[linkPost].args.post.externalId': { target: 'post', expect: 'own' },
  'POST /sync/push body.mutations[linkPost].args.post.author.handle': { target: 'handle', expect: 'own' },
  'POST /sync/push body.mutations[linkPost].args.caseId': { target: 'case', expect: 'push_not_found' },
  'POST /sync/push body.mutations[updateCustomer].id': { target: 'mutation', expect: 'own' },
  'POST /sync/push body.mutations[updateCustomer].args.customerId': { target: 'customer', expect: 'push_not_found' },
  'POST /sync/push body.mutations[mergeCustomers].id': { target: 'mutation', expect: 'own' },
  'POST /sync/push body.mutations[mergeCustomers].args.customerId': { target: 'customer', expect: 'push_not_found' },
  'POST /sync/push body.mutations[mergeCustomers].args.otherCustomerId': { target: 'customer', expect: 'push_not_found' },
};

// An address literal on the public internet: nothing in these tests sends to it.
const ENDPOINT = 'https://93.184.215.14/hooks';

/** An endpoint of the organisation for note.added, and the delivery of a note on `caseId`. */
async function endpointWithDelivery(world: World, token: string, caseId: string): Promise<{ webhook: string; delivery: string }> {
  const made = await world.call('POST', '/webhooks', { token, body: { url: ENDPOINT, events: ['note.added'] } });
  const note = await world.call('POST', `/cases/${caseId}/notes`, { token, body: { body: 'For the endpoint' } });
  if (made.status !== 201 || note.status !== 201) throw new Error(`could not make an endpoint and its delivery: ${made.status}, ${note.status}`);
  const row = await world.db.client.first({ sql: 'SELECT id FROM webhook_deliveries WHERE webhook_id = ?', args: [made.body.webhook.id] });
  if (!row) throw new Error('the note made no delivery');
  return { webhook: made.body.webhook.id, delivery: String(row[0]) };
}

/** Two fresh customers of a (the first with a case assigned to a's agent), a template, and one webhook endpoint with a delivery. */
export async function freshOfA(world: World): Promise<Mine> {
  const token = world.a.admin.token;
  // One endpoint at a time: each of a's writes makes deliveries for every endpoint a has.
  for (const { id } of (await world.call('GET', '/webhooks', { token })).body.webhooks) await world.call('DELETE', `/webhooks/${id}`, { token });
  const handle = freshHandle('mine');
  const post = postBy(handle);
  const opened = await world.call('POST', '/cases', { token, body: { post, assigneeId: world.a.agent.id } });
  const other = await world.call('POST', '/cases', { token, body: { post: postBy(freshHandle('mine')) } });
  const template = await world.call('POST', '/templates', { token, body: { title: `Sorry ${handle}`, body: 'Sorry, {{customer.name}}' } });
  if (opened.status !== 201 || other.status !== 201 || template.status !== 201) throw new Error('could not make organisation a\'s objects');
  const tagged = await world.call('POST', '/feedback', { token, body: { post, kind: 'bug', theme: 'Checkout' } });
  if (tagged.status !== 201) throw new Error('could not tag organisation a\'s post');
  const endpoint = await endpointWithDelivery(world, token, opened.body.case.id);
  await world.db.tx((tx) => tx.$client.execute({ sql: `UPDATE webhook_deliveries SET status = 'delivered' WHERE id = ?`, args: [endpoint.delivery] }));
  return {
    webhookId: endpoint.webhook, deliveryId: endpoint.delivery,
    caseId: opened.body.case.id, version: opened.body.case.version, customerId: opened.body.case.customerId,
    otherCustomerId: other.body.case.customerId, handle, externalId: post.externalId, templateId: template.body.template.id,
    agentId: world.a.agent.id, adminId: world.a.admin.id, feedbackId: tagged.body.feedback.id,
  };
}

/** Words only organisation b wrote: a's answers must never contain them. */
export const bOnly = 'B-ONLY-7f3e';

/** Organisation b's objects: a case on a post by its customer, another customer, a template, a note, a pushed mutation. */
export async function objectsOfB(world: World): Promise<{ theirs: Theirs; secrets: string[] }> {
  const token = world.b.admin.token;
  const handle = freshHandle('theirs');
  const post = postBy(handle, { text: `${bOnly} my parcel is lost` });
  const clientId = randomUUID();
  const opened = await world.call('POST', '/cases', { token, body: { clientId, post, subject: `${bOnly} subject`, assigneeId: world.b.agent.id } });
  const other = await world.call('POST', '/cases', { token, body: { post: postBy(freshHandle('theirs')) } });
  const caseId: string = opened.body.case.id;
  const customer: string = opened.body.case.customerId;
  const edited = await world.call('PATCH', `/customers/${customer}`, { token, body: { notes: `${bOnly} notes`, name: `${bOnly} Customer` } });
  const template = await world.call('POST', '/templates', { token, body: { title: `${bOnly} template`, body: `${bOnly} reply to {{customer.name}}` } });
  const note = await world.call('POST', `/cases/${caseId}/notes`, { token, body: { body: `${bOnly} note` } });
  const mutationIds = Array.from({ length: 10 }, () => uuidv7());
  const pushed = await world.call('POST', '/sync/push', {
    token, body: { mutations: mutationIds.map((id, index) => ({ id, name: 'addNote', args: { caseId, body: `${bOnly} pushed note ${index}` } })) },
  });
  const replied = await world.call('POST', `/cases/${caseId}/replies`, { token, body: { text: `${bOnly} reply` } });
  const tagged = await world.call('POST', '/feedback', { token, body: { post, kind: 'bug', theme: `${bOnly} theme` } });
  // Without a time of its own it counts at its tagging: in every default period, for the lists a reads.
  const untimed = await world.call('POST', '/feedback', { token, body: { post: postBy(freshHandle('theirs'), { text: `${bOnly} an idea`, postedAt: undefined }), kind: 'idea' } });
  const statuses = [opened, other, edited, template, note, pushed, replied, tagged, untimed].map((reply) => reply.status);
  if (statuses.join() !== '201,201,200,201,201,200,201,201,201' || pushed.body.results.some((result: { ok: boolean }) => !result.ok)) throw new Error(`could not make organisation b's objects: ${statuses.join()}`);
  const endpoint = await endpointWithDelivery(world, token, caseId);
  const detail = await world.call('GET', `/cases/${caseId}`, { token });
  const secrets = [
    endpoint.webhook, endpoint.delivery,
    bOnly, world.b.id, world.b.admin.id, world.b.agent.id, caseId, customer, other.body.case.customerId, other.body.case.id,
    template.body.template.id, note.body.event.id, tagged.body.feedback.id, untimed.body.feedback.id, untimed.body.post.id, ...pushed.body.results.map((result: { result: { event: { id: string } } }) => result.result.event.id), ...detail.body.posts.map((p: { id: string }) => p.id),
  ];
  return {
    theirs: { webhook: endpoint.webhook, delivery: endpoint.delivery, case: caseId, customer, agent: world.b.agent.id, template: template.body.template.id, post: post.externalId, handle, clientId, feedback: tagged.body.feedback.id, mutations: mutationIds },
    secrets,
  };
}
