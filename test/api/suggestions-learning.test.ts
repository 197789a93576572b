import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ReplyLibrary, SuggestRepliesResponse, TemplateList } from '../../api/contract.js';
import { rankReplies } from '../../api/domain/suggestions.js';
import { tone } from '../../api/domain/tone.js';
import { createWorld, freshHandle, postBy, type World } from './harness.js';

let world: World;
beforeAll(async () => { world = await createWorld(); });
afterAll(async () => { await world.close(); });
afterEach(() => { expect(world.errors).toEqual([]); });

const bodies = {
  parcel: 'Sorry it has not reached you yet, {{customer.name}}. Please DM us the order number and we will chase the courier.',
  duplicate: 'Sorry about that, {{customer.name}}. DM us the date and amount of both payments and we will reverse the extra one.',
  password: 'You can set a new password from the sign-in page; we email you a link.',
  escalate: 'We have passed this to a team lead, {{customer.name}}; {{agent.name}} will update you today.',
};
const answeredDoors = ['the oven door came off in my hand', 'fridge door fell off after a week', 'dishwasher door broke off this morning'];
const doorPost = () => postBy(freshHandle(), { text: 'my freezer door fell off yesterday' });

async function addTemplates(token: string): Promise<Record<keyof typeof bodies, string>> {
  const ids: Partial<Record<keyof typeof bodies, string>> = {};
  const titles = { parcel: 'Parcel not arrived', duplicate: 'Duplicate charge', password: 'Password reset', escalate: 'Escalate to a team lead' };
  for (const key of Object.keys(bodies) as (keyof typeof bodies)[]) {
    const reply = await world.call('POST', '/templates', { token, body: { title: titles[key], body: bodies[key] } });
    expect(reply.status).toBe(201);
    ids[key] = reply.body.template.id;
  }
  return ids as Record<keyof typeof bodies, string>;
}
async function suggest(token: string, post: Record<string, unknown>) {
  const reply = await world.call('POST', '/replies/suggest', { token, body: { post } });
  expect(reply.status).toBe(200);
  return SuggestRepliesResponse.parse(reply.body);
}
/** Opens a case on each post and records the template's reply to it, as the bar does after inserting a suggestion. */
async function answerWith(token: string, templateId: string, text: string, posts: string[]) {
  for (const post of posts) {
    const opened = await world.call('POST', '/cases', { token, body: { post: postBy(freshHandle(), { text: post }) } });
    expect(opened.status).toBe(201);
    const sent = await world.call('POST', `/cases/${opened.body.case.id}/replies`, { token, body: { text, templateId } });
    expect(sent.status).toBe(201);
  }
}

describe('suggestions that learn from the organisation\'s own replies', () => {
  let mine: Record<keyof typeof bodies, string>;
  beforeAll(async () => { mine = await addTemplates(world.a.admin.token); });

  it('matches templates by meaning before any history: a parcel that never came, a double charge', async () => {
    const parcel = await suggest(world.a.agent.token, postBy(freshHandle(), { text: 'my parcel never came' }));
    expect(parcel.suggestions[0]).toMatchObject({ templateId: mine.parcel });
    const charged = await suggest(world.a.agent.token, postBy(freshHandle(), { text: 'you charged me twice' }));
    expect(charged.suggestions[0]).toMatchObject({ templateId: mine.duplicate });
  });

  it('never lets another organisation\'s answered posts change its ranking', async () => {
    const post = doorPost();
    const before = await suggest(world.a.agent.token, post);
    const theirs = await addTemplates(world.b.admin.token);
    await answerWith(world.b.agent.token, theirs.escalate, 'We have passed this to a team lead.', answeredDoors);
    expect((await suggest(world.b.agent.token, doorPost())).suggestions[0]!.templateId).toBe(theirs.escalate);
    expect(await suggest(world.a.agent.token, post)).toEqual(before);
    expect(before.suggestions[0]!.templateId).not.toBe(mine.escalate);
  });

  it('a reply recorded with templateId makes its post evidence for the template: three answered posts move it to the top', async () => {
    await answerWith(world.a.agent.token, mine.escalate, 'We have passed this to a team lead, Jane; Agent a will update you today.', answeredDoors);
    const library = ReplyLibrary.parse((await world.call('GET', '/replies/library?limit=3', { token: world.a.agent.token })).body);
    expect(library.replies).toHaveLength(3);
    expect(library.replies.every((reply) => reply.templateId === mine.escalate)).toBe(true);
    const [first] = (await suggest(world.a.agent.token, doorPost())).suggestions;
    expect(first).toMatchObject({ templateId: mine.escalate, reason: expect.stringMatching(/posts the team answered with it match “door”/) });
  });

  it('ranks offline from the cached templates and library exactly as the server ranks online', async () => {
    const { token } = world.a.agent;
    const templates = TemplateList.parse((await world.call('GET', '/templates', { token })).body).templates;
    // What the extension's background keeps: GET /replies/library?limit=500, parsed with the contract.
    const pastReplies = ReplyLibrary.parse((await world.call('GET', '/replies/library?limit=500', { token })).body).replies;
    for (const text of ['my freezer door fell off yesterday', 'my parcel never came', 'charged me twice, this is a disgrace', 'forgot my password']) {
      const post = postBy(freshHandle(), { text });
      const online = await suggest(token, post);
      const values = { 'customer.name': post.author.displayName, 'customer.handle': `@${post.author.handle}`, 'agent.name': 'Agent a' };
      const offline = rankReplies({ templates, pastReplies, post: { text, tone: tone(text).label }, values });
      expect(offline).toEqual(online.suggestions);
    }
  });

  it('documents the library\'s templateId in the OpenAPI document', async () => {
    const doc = (await world.call('GET', '/openapi.json')).body;
    expect(doc.components.schemas.PastReply.properties.templateId).toMatchObject({ type: 'string', format: 'uuid' });
  });
});
