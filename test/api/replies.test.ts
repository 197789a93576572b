import twitterText from 'twitter-text';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createWorld, expectError, freshHandle, postBy, type World } from './harness.js';

let world: World;
beforeAll(async () => { world = await createWorld(); });
afterAll(async () => { await world.close(); });
afterEach(() => { expect(world.errors).toEqual([]); });

interface Suggestion { text: string; templateId?: string; score: number; reason: string; trimmed: boolean }

const suggest = (token: string, body: unknown) => world.call<{ suggestions: Suggestion[]; tone: string }>('POST', '/replies/suggest', { token, body });
async function suggestOk(token: string, body: unknown) {
  const reply = await suggest(token, body);
  expect(reply.status).toBe(200);
  return reply.body;
}
async function addTemplate(token: string, title: string, body: string, tags: string[] = []) {
  const reply = await world.call('POST', '/templates', { token, body: { title, body, tags } });
  expect(reply.status).toBe(201);
  return reply.body.template.id as string;
}
async function openCase(token: string, post: Record<string, unknown>) {
  const reply = await world.call('POST', '/cases', { token, body: { post } });
  expect(reply.status).toBe(201);
  return reply.body.case as { id: string; number: number };
}

describe('POST /replies/suggest', () => {
  it('ranks the template about the post first, filled for the customer and the agent', async () => {
    const { token } = world.a.agent;
    const refund = await addTemplate(token, 'Refund on its way', 'Hi {{customer.name}}, {{agent.name}} here: your refund for the order is on its way.', ['refund']);
    await addTemplate(token, 'Password reset', 'You can reset your password from the sign-in page.', ['password', 'login']);
    const body = await suggestOk(token, { post: postBy(freshHandle(), { text: 'Still waiting on the refund for my order' }) });
    expect(body.suggestions[0]).toMatchObject({
      templateId: refund, text: 'Hi Customer cust_1, Agent a here: your refund for the order is on its way.', trimmed: false,
    });
    expect(body.suggestions[0]!.reason).toMatch(/^template “Refund on its way” matches “refund”/);
    expect(body.suggestions.length).toBeLessThanOrEqual(5);
  });

  it('ranks a template up for a post worded like one of its example posts, and says so', async () => {
    const { token } = world.b.agent;
    const post = postBy(freshHandle(), { text: 'you promised me a callback yesterday and nobody rang' });
    const callback = await addTemplate(token, 'Escalated', 'Thanks for your patience, {{customer.name}}: a team lead takes it from here today.');
    await addTemplate(token, 'Anything else', 'Anything else we can help with?');
    expect((await suggestOk(token, { post })).suggestions[0]!.templateId).not.toBe(callback);

    const edited = await world.call('PATCH', `/templates/${callback}`, { token: world.b.admin.token, body: { examples: ['You promised a callback and nobody rang me'] } });
    expect(edited.status).toBe(200);
    const [first] = (await suggestOk(token, { post })).suggestions;
    expect(first).toMatchObject({ templateId: callback, reason: 'template “Escalated”: its example posts match “promised”, “callback”, “nobody”' });
  });

  it('offers what the team answered to a similar post, without the other customer\'s mention', async () => {
    const { token } = world.a.agent;
    const kase = await openCase(token, postBy(freshHandle(), { text: 'The camera app crashes whenever I open the gallery' }));
    const sent = await world.call('POST', `/cases/${kase.id}/replies`, { token, body: { text: '@someone Version 5.1 fixes the gallery crash, please update the camera app.' } });
    expect(sent.status).toBe(201);

    const body = await suggestOk(world.a.admin.token, { post: postBy(freshHandle(), { text: 'gallery keeps crashing in the camera app' }) });
    const offered = body.suggestions.find((s) => s.text === 'Version 5.1 fixes the gallery crash, please update the camera app.');
    expect(offered).toMatchObject({ reason: expect.stringMatching(/^answered a similar post: matches /), trimmed: false });
    expect(offered!.templateId).toBeUndefined();

    const other = await suggestOk(world.b.agent.token, { post: postBy(freshHandle(), { text: 'gallery keeps crashing in the camera app' }) });
    expect(other.suggestions.map((s) => s.text)).not.toContain(offered!.text);
  });

  it('never offers a template with a variable it cannot fill; with the case, fills its number', async () => {
    const { token } = world.a.agent;
    const template = await addTemplate(token, 'Warranty claim', 'Your warranty claim is case #{{case.number}}.', ['warranty']);
    const post = postBy(freshHandle(), { text: 'How do I make a warranty claim?' });
    const before = await suggestOk(token, { post });
    expect(before.suggestions.map((s) => s.templateId)).not.toContain(template);
    expect(before.suggestions.every((s) => !s.text.includes('{{'))).toBe(true);

    const kase = await openCase(token, post);
    for (const body of [{ caseId: kase.id }, { post }, { caseId: kase.id, post }]) {
      const withCase = await suggestOk(token, body);
      expect(withCase.suggestions[0]).toMatchObject({ templateId: template, text: `Your warranty claim is case #${kase.number}.` });
    }
  });

  it('cuts a reply longer than one post at a word, flags it, and keeps it within X\'s 280 weighted characters', async () => {
    const { token } = world.a.agent;
    const long = `Firmware update steps: ${'hold the power button, wait for the light, then plug the charger back in. '.repeat(6)}`;
    const template = await addTemplate(token, 'Firmware update', long, ['firmware']);
    const body = await suggestOk(token, { post: postBy(freshHandle(), { text: 'firmware update failed' }) });
    const offered = body.suggestions.find((s) => s.templateId === template)!;
    expect(offered.trimmed).toBe(true);
    expect(offered.text.endsWith('…')).toBe(true);
    expect(twitterText.parseTweet(offered.text).weightedLength).toBeLessThanOrEqual(280);
    expect(long.startsWith(offered.text.slice(0, -1))).toBe(true);
    expect(body.suggestions.filter((s) => !s.trimmed).every((s) => twitterText.parseTweet(s.text).valid)).toBe(true);
  });

  it('leads with an apology when the post reads upset', async () => {
    const { token } = world.a.agent;
    const sorry = await addTemplate(token, 'Sorry about the invoice', 'We are so sorry, {{customer.name}}. We are looking into it.', ['sorry']);
    const invoice = await addTemplate(token, 'Invoice copy', 'You can download every invoice from your account page; the invoice lists each charge.', ['invoice', 'charge']);
    const calm = await suggestOk(token, { post: postBy(freshHandle(), { text: 'Could you send me a copy of my invoice for the charge, please?' }) });
    expect(calm.tone).not.toBe('negative');
    expect(calm.suggestions[0]!.templateId).toBe(invoice);
    const upset = await suggestOk(token, { post: postBy(freshHandle(), { text: 'This invoice charge is a disgrace, absolutely terrible and wrong!' }) });
    expect(upset.tone).toBe('negative');
    expect(upset.suggestions[0]).toMatchObject({ templateId: sorry, reason: expect.stringMatching(/apology first for an upset customer$/) });
  });

  it('answers 404 for another organisation\'s case or an unknown one', async () => {
    const theirs = await openCase(world.b.agent.token, postBy(freshHandle()));
    expectError(await suggest(world.a.agent.token, { caseId: theirs.id }), 404, 'not_found');
    expectError(await suggest(world.a.agent.token, { caseId: '01890000-0000-7000-8000-000000000000' }), 404, 'not_found');
  });

  it.each([
    ['an empty body', {}],
    ['a caseId that is not an id', { caseId: 'case-1' }],
    ['an unknown field', { post: postBy('someone'), extra: true }],
    ['a post without text', { post: { ...postBy('someone'), text: undefined } }],
  ])('refuses %s with 400', async (_label, body) => {
    expectError(await suggest(world.a.agent.token, body), 400, 'validation_failed');
  });

  it('answers 401 without a token', async () => {
    expectError(await suggest('', { post: postBy('someone') }), 401, 'unauthorized');
  });

  it('is in the OpenAPI document', async () => {
    const doc = (await world.call('GET', '/openapi.json')).body;
    const route = doc.paths['/replies/suggest'].post;
    expect(route.security).toEqual([{ bearer: [] }]);
    expect(Object.keys(route.responses)).toEqual(expect.arrayContaining(['200', '400', '401', '404']));
  });
});

describe('GET /replies/library', () => {
  it('gives the organisation\'s latest replies with the posts they answered, and nobody else\'s', async () => {
    const { token } = world.a.agent;
    const kase = await openCase(token, postBy(freshHandle(), { text: 'My parcel went to the wrong address' }));
    expect((await world.call('POST', `/cases/${kase.id}/replies`, { token, body: { text: 'Sorry! DM us the tracking number.' } })).status).toBe(201);
    const mine = await world.call('GET', '/replies/library?limit=1', { token });
    expect(mine.status).toBe(200);
    expect(mine.body.replies).toEqual([{ text: 'Sorry! DM us the tracking number.', inReplyTo: 'My parcel went to the wrong address' }]);
    const theirs = await world.call('GET', '/replies/library', { token: world.b.agent.token });
    expect(theirs.body.replies.map((reply: { text: string }) => reply.text)).not.toContain('Sorry! DM us the tracking number.');
    expectError(await world.call('GET', '/replies/library?limit=0', { token }), 400, 'validation_failed');
    expectError(await world.call('GET', '/replies/library'), 401);
  });
});

describe('a recorded reply names the template it came from', () => {
  it('keeps templateId on the reply and counts the template as used; another organisation\'s template is 404 and records nothing', async () => {
    const { token } = world.a.agent;
    const templateId = await addTemplate(token, 'Wrong address', 'Sorry! DM us the tracking number.');
    const kase = await openCase(token, postBy(freshHandle(), { text: 'My parcel went to the wrong address' }));
    const sent = await world.call('POST', `/cases/${kase.id}/replies`, { token, body: { text: 'Sorry! DM us the tracking number.', templateId } });
    expect(sent.status).toBe(201);
    expect(sent.body.event.data.templateId).toBe(templateId);
    const listed = await world.call('GET', '/templates', { token });
    expect(listed.body.templates.find((t: { id: string }) => t.id === templateId).usageCount).toBe(1);

    const theirs = await world.call('POST', '/templates', { token: world.b.admin.token, body: { title: 'Theirs', body: 'Not yours' } });
    expectError(await world.call('POST', `/cases/${kase.id}/replies`, { token, body: { text: 'Again', templateId: theirs.body.template.id } }), 404, 'not_found');
    const detail = await world.call('GET', `/cases/${kase.id}`, { token });
    expect(detail.body.timeline.filter((event: { type: string }) => event.type === 'reply')).toHaveLength(1);
    const untouched = await world.call('GET', '/templates', { token: world.b.admin.token });
    expect(untouched.body.templates.find((t: { id: string }) => t.id === theirs.body.template.id).usageCount).toBe(0);
    expectError(await world.call('POST', `/cases/${kase.id}/replies`, { token, body: { text: 'Again', templateId: 'not-an-id' } }), 400, 'validation_failed');
  });

  it('says so in the OpenAPI document', async () => {
    const doc = (await world.call('GET', '/openapi.json')).body;
    const body = doc.paths['/cases/{id}/replies'].post.requestBody.content['application/json'].schema;
    const schema = body.$ref ? doc.components.schemas[body.$ref.split('/').pop()] : body;
    expect(schema.properties.templateId).toMatchObject({ type: 'string', format: 'uuid' });
  });
});
