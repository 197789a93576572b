import { eq, gt, max } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { changes, templates } from '../../api/db/schema.js';
import { createWorld, expectError, type World } from './harness.js';

let world: World;
beforeAll(async () => { world = await createWorld(); });
afterAll(async () => { await world.close(); });
afterEach(() => { expect(world.errors).toEqual([]); });


const lastChange = async () => (await world.db.read.select({ seq: max(changes.seq) }).from(changes))[0]?.seq ?? 0;
const changesAfter = (seq: number) => world.db.read.select().from(changes).where(gt(changes.seq, seq));
const storedTemplate = async (id: string) => (await world.db.read.select().from(templates).where(eq(templates.id, id)))[0];

const create = (token: string, body: unknown) => world.call('POST', '/templates', { token, body });
async function createOk(token: string, body: { title: string; body: string; tags?: string[]; examples?: string[] }) {
  const reply = await create(token, body);
  expect(reply.status).toBe(201);
  return reply.body.template as { id: string; title: string; body: string; tags: string[]; examples: string[] };
}

describe('reply templates', () => {
  it('creates a template (201) and records one upsert change', async () => {
    const since = await lastChange();
    const reply = await create(world.a.agent.token, {
      title: '  Sorry for the delay ',
      body: 'Hi {{customer.name}} ({{customer.handle}}), {{agent.name}} here about case #{{case.number}}.',
      tags: ['apology', ' delay '],
    });
    expect(reply.status).toBe(201);
    expect(reply.body.template).toEqual({
      id: expect.any(String),
      title: 'Sorry for the delay',
      body: 'Hi {{customer.name}} ({{customer.handle}}), {{agent.name}} here about case #{{case.number}}.',
      tags: ['apology', 'delay'],
      examples: [],
      usageCount: 0,
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
    });
    expect(await changesAfter(since)).toEqual([
      expect.objectContaining({ orgId: world.a.id, entity: 'template', entityId: reply.body.template.id, op: 'upsert' }),
    ]);
  });

  it('lists the organisation\'s templates by title, and never another organisation\'s', async () => {
    await createOk(world.b.admin.token, { title: 'Zebra', body: 'Last' });
    await createOk(world.b.agent.token, { title: 'Apple', body: 'First' });
    await createOk(world.a.admin.token, { title: 'Only in a', body: 'Private to a' });

    const b = await world.call('GET', '/templates', { token: world.b.agent.token });
    expect(b.status).toBe(200);
    expect(b.body.templates.map((t: { title: string }) => t.title)).toEqual(['Apple', 'Zebra']);

    const a = await world.call('GET', '/templates', { token: world.a.agent.token });
    const aTitles = a.body.templates.map((t: { title: string }) => t.title);
    expect(aTitles).toContain('Only in a');
    expect(aTitles).not.toContain('Apple');
    expect(aTitles).not.toContain('Zebra');
  });

  it('edits a template (200), keeps what was not sent, and records an upsert', async () => {
    const template = await createOk(world.a.agent.token, { title: 'Refund', body: 'We refunded you, {{customer.name}}.', tags: ['refund'] });
    const since = await lastChange();
    const reply = await world.call('PATCH', `/templates/${template.id}`, { token: world.a.admin.token, body: { body: 'Refund sent, {{customer.name}}!' } });
    expect(reply.status).toBe(200);
    expect(reply.body.template).toMatchObject({ id: template.id, title: 'Refund', body: 'Refund sent, {{customer.name}}!', tags: ['refund'] });
    expect(Date.parse(reply.body.template.updatedAt)).toBeGreaterThanOrEqual(Date.parse(reply.body.template.createdAt));
    expect((await storedTemplate(template.id))?.body).toBe('Refund sent, {{customer.name}}!');
    expect(await changesAfter(since)).toEqual([
      expect.objectContaining({ entity: 'template', entityId: template.id, op: 'upsert' }),
    ]);
  });

  it('deletes a template (204): gone from the list, a delete change recorded, a second delete is 404', async () => {
    const template = await createOk(world.a.agent.token, { title: 'Short-lived', body: 'Bye' });
    const since = await lastChange();
    const reply = await world.call('DELETE', `/templates/${template.id}`, { token: world.a.agent.token });
    expect(reply.status).toBe(204);
    expect(reply.body).toBeNull();
    expect(await storedTemplate(template.id)).toBeUndefined();
    const list = await world.call('GET', '/templates', { token: world.a.agent.token });
    expect(list.body.templates.map((t: { id: string }) => t.id)).not.toContain(template.id);
    expect(await changesAfter(since)).toEqual([
      expect.objectContaining({ orgId: world.a.id, entity: 'template', entityId: template.id, op: 'delete' }),
    ]);

    expectError(await world.call('DELETE', `/templates/${template.id}`, { token: world.a.agent.token }), 404, 'not_found');
    expectError(await world.call('PATCH', `/templates/${template.id}`, { token: world.a.agent.token, body: { title: 'Back?' } }), 404, 'not_found');
  });

  it.each([
    '{{ customer.name }}',
    'Plain text with no variables',
    'A single {brace} is just text',
    'Thanks {{agent.name}}: case {{case.number}} for {{customer.handle}}',
  ])('accepts the body %j', async (body) => {
    expect((await create(world.a.agent.token, { title: 'Accepted', body })).status).toBe(201);
  });

  describe('refuses unknown or malformed variables with 422 and writes nothing', () => {
    const bad = [
      ['an unknown variable', 'Hi {{customer.email}}'],
      ['a misspelt variable', 'Hi {{customer.nmae}}'],
      ['an empty placeholder', 'Hi {{}}'],
      ['a blank placeholder', 'Hi {{  }}'],
      ['an unclosed placeholder', 'Hi {{customer.name'],
      ['a half-closed placeholder', 'Hi {{customer.name}'],
      ['an unopened placeholder', 'Hi customer.name}}'],
    ] as const;

    it.each(bad)('on create: %s', async (_label, body) => {
      const since = await lastChange();
      const reply = await create(world.a.agent.token, { title: 'Bad variables', body });
      expectError(reply, 422, 'invalid_template');
      expect(await changesAfter(since)).toEqual([]);
    });

    it.each(bad)('on edit: %s', async (_label, body) => {
      const template = await createOk(world.a.agent.token, { title: 'Good so far', body: 'Hi {{customer.name}}' });
      const since = await lastChange();
      const reply = await world.call('PATCH', `/templates/${template.id}`, { token: world.a.agent.token, body: { body } });
      expectError(reply, 422, 'invalid_template');
      expect(await changesAfter(since)).toEqual([]);
      expect((await storedTemplate(template.id))?.body).toBe('Hi {{customer.name}}');
    });
  });

  it('names the offending variable in the 422 message', async () => {
    const reply = await create(world.a.agent.token, { title: 'Bad', body: 'Hi {{customer.email}}' });
    expect(reply.body.message).toContain('customer.email');
  });

  it.each([
    ['no title', { body: 'Hi' }, 'title'],
    ['a blank body', { title: 'T', body: '   ' }, 'body'],
    ['a body over 5000 characters', { title: 'T', body: 'x'.repeat(5001) }, 'body'],
    ['an unknown field', { title: 'T', body: 'Hi', shared: true }, ''],
  ])('refuses a new template with %s (400 with issues) and writes nothing', async (_label, body, path) => {
    const since = await lastChange();
    const reply = await create(world.a.agent.token, body);
    expectError(reply, 400, 'validation_failed');
    expect(reply.body.issues).toContainEqual({ path, message: expect.any(String) });
    expect(await changesAfter(since)).toEqual([]);
  });

  it('refuses an empty edit (400) and a malformed id (400)', async () => {
    const template = await createOk(world.a.agent.token, { title: 'Kept', body: 'Kept' });
    expectError(await world.call('PATCH', `/templates/${template.id}`, { token: world.a.agent.token, body: {} }), 400, 'validation_failed');
    expectError(await world.call('PATCH', '/templates/123', { token: world.a.agent.token, body: { title: 'X' } }), 400, 'validation_failed');
    expectError(await world.call('DELETE', '/templates/123', { token: world.a.agent.token }), 400, 'validation_failed');
  });

  describe('another organisation\'s template', () => {
    let template: { id: string };
    beforeAll(async () => { template = await createOk(world.a.admin.token, { title: 'Secret', body: 'Only a may see this', examples: ['only a knows this post'] }); });

    it.each([
      ['edit', 'PATCH', { title: 'Stolen' }],
      ['give examples', 'PATCH', { examples: ['planted by b'] }],
      ['delete', 'DELETE', undefined],
    ])('cannot be found to %s (404) and is left alone', async (_label, method, body) => {
      const since = await lastChange();
      for (const token of [world.b.admin.token, world.b.agent.token]) {
        expectError(await world.call(method, `/templates/${template.id}`, { token, body }), 404, 'not_found');
      }
      expect(await changesAfter(since)).toEqual([]);
      expect(await storedTemplate(template.id)).toMatchObject({ title: 'Secret', body: 'Only a may see this', examples: ['only a knows this post'], orgId: world.a.id });
    });

    it('is never listed, pulled or in a snapshot for the other organisation, nor are its examples', async () => {
      for (const path of ['/templates', '/sync/pull', '/sync/snapshot']) {
        const reply = await world.call('GET', path, { token: world.b.agent.token });
        expect(reply.status).toBe(200);
        expect(JSON.stringify(reply.body)).not.toContain(template.id);
        expect(JSON.stringify(reply.body)).not.toContain('only a knows this post');
      }
    });
  });

  describe('example posts', () => {
    it('keeps them trimmed, each once (ignoring case and spacing), in the order given; absent is none', async () => {
      const template = await createOk(world.a.agent.token, {
        title: 'Cracked screen', body: 'So sorry, {{customer.name}}: DM us and we will replace it.',
        examples: ['  my screen cracked the first week ', 'My  screen cracked the FIRST week', 'glass shattered after one drop', 'my screen cracked the first week'],
      });
      expect(template.examples).toEqual(['my screen cracked the first week', 'glass shattered after one drop']);
      expect((await storedTemplate(template.id))?.examples).toEqual(['my screen cracked the first week', 'glass shattered after one drop']);
      const listed = (await world.call('GET', '/templates', { token: world.a.admin.token })).body.templates;
      expect(listed.find((t: { id: string }) => t.id === template.id).examples).toEqual(['my screen cracked the first week', 'glass shattered after one drop']);
      expect(listed.every((t: { examples: unknown }) => Array.isArray(t.examples))).toBe(true);
      expect((await createOk(world.a.agent.token, { title: 'No examples', body: 'Hi' })).examples).toEqual([]);
    });

    it('are replaced by an edit that sends them, kept by one that does not, cleared by []; each edit is one upsert', async () => {
      const template = await createOk(world.a.agent.token, { title: 'Late parcel', body: 'Your parcel is on its way.', examples: ['where is my parcel'] });
      const edit = (body: unknown) => world.call('PATCH', `/templates/${template.id}`, { token: world.a.admin.token, body });
      let since = await lastChange();
      const replaced = await edit({ examples: ['parcel still not here', 'tracking has not moved in days'] });
      expect(replaced.status).toBe(200);
      expect(replaced.body.template).toMatchObject({ title: 'Late parcel', body: 'Your parcel is on its way.', examples: ['parcel still not here', 'tracking has not moved in days'] });
      expect(await changesAfter(since)).toEqual([expect.objectContaining({ entity: 'template', entityId: template.id, op: 'upsert' })]);

      const audited = await world.call('GET', '/audit?entity=template&limit=200', { token: world.a.admin.token });
      expect(audited.body.entries.find((entry: { entityId: string; action: string }) => entry.entityId === template.id && entry.action === 'template.updated').changes)
        .toEqual({ examples: { from: ['where is my parcel'], to: ['parcel still not here', 'tracking has not moved in days'] } });

      expect((await edit({ title: 'Late parcel: on its way' })).body.template.examples).toEqual(['parcel still not here', 'tracking has not moved in days']);
      since = await lastChange();
      expect((await edit({ examples: [] })).body.template.examples).toEqual([]);
      expect((await storedTemplate(template.id))?.examples).toEqual([]);
      expect(await changesAfter(since)).toHaveLength(1);
    });

    it('travel with the template through the change log, as the extension pulls it', async () => {
      const since = await lastChange();
      const template = await createOk(world.a.agent.token, { title: 'Outage', body: 'We are on it.', examples: ['is the site down?'] });
      const pulled = await world.call('GET', `/sync/pull?cursor=${since}`, { token: world.a.agent.token });
      expect(pulled.body.changes).toContainEqual({ entity: 'template', id: template.id, op: 'upsert', data: template });
      expect(template.examples).toEqual(['is the site down?']);
    });

    const tooMany = Array.from({ length: 21 }, (_, i) => `post number ${i}`);
    const bad: [string, unknown, string][] = [
      ['21 examples', tooMany, 'examples'],
      ['a blank example', ['fine', '   '], 'examples.1'],
      ['an example over 5000 characters', ['x'.repeat(5001)], 'examples.0'],
      ['an example that is not text', [42], 'examples.0'],
      ['examples that are not a list', 'one post', 'examples'],
      ['null', null, 'examples'],
    ];

    it.each(bad)('are refused on create with %s (400 {code, message}) and nothing is written', async (_label, examples, path) => {
      const since = await lastChange();
      const before = (await world.db.read.select().from(templates)).length;
      const reply = await create(world.a.agent.token, { title: 'Refused', body: 'Hi', examples });
      expectError(reply, 400, 'validation_failed');
      expect(reply.body.issues).toContainEqual({ path, message: expect.any(String) });
      expect(await changesAfter(since)).toEqual([]);
      expect((await world.db.read.select().from(templates)).length).toBe(before);
    });

    it.each(bad)('are refused on edit with %s (400) and the template is left as it was', async (_label, examples, path) => {
      const template = await createOk(world.a.agent.token, { title: 'Kept as is', body: 'Hi', examples: ['the one example'] });
      const since = await lastChange();
      const reply = await world.call('PATCH', `/templates/${template.id}`, { token: world.a.agent.token, body: { title: 'Changed?', examples } });
      expectError(reply, 400, 'validation_failed');
      expect(reply.body.issues).toContainEqual({ path, message: expect.any(String) });
      expect(await changesAfter(since)).toEqual([]);
      expect(await storedTemplate(template.id)).toMatchObject({ title: 'Kept as is', examples: ['the one example'] });
    });

    it('accepts 20, and 21 that are 20 once duplicates are dropped is still refused: the limit is on what is sent', async () => {
      expect((await createOk(world.a.agent.token, { title: 'Twenty', body: 'Hi', examples: tooMany.slice(0, 20) })).examples).toHaveLength(20);
      expectError(await create(world.a.agent.token, { title: 'Twenty-one', body: 'Hi', examples: [...tooMany.slice(0, 20), 'POST NUMBER 0'] }), 400, 'validation_failed');
    });

    it('are documented: always in a template, at most 20 of 1–5000 characters in a body', async () => {
      const doc = (await world.call('GET', '/openapi.json')).body;
      expect(doc.components.schemas.Template.required).toContain('examples');
      const body = doc.paths['/templates'].post.requestBody.content['application/json'].schema;
      expect(body.required).not.toContain('examples');
      expect(body.properties.examples).toMatchObject({ type: 'array', maxItems: 20, items: { type: 'string', minLength: 1, maxLength: 5000 } });
      expect(doc.paths['/templates/{id}'].patch.requestBody.content['application/json'].schema.properties.examples).toMatchObject({ maxItems: 20 });
    });
  });

  it.each([
    ['GET', '/templates'],
    ['POST', '/templates'],
    ['PATCH', '/templates/0190a0a0-0000-7000-8000-000000000000'],
    ['DELETE', '/templates/0190a0a0-0000-7000-8000-000000000000'],
  ])('%s %s needs a token (401)', async (method, path) => {
    expectError(await world.call(method, path, { body: method === 'GET' || method === 'DELETE' ? undefined : { title: 'T', body: 'B' } }), 401, 'unauthorized');
  });
});
