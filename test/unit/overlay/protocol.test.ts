import { describe, expect, it } from 'vitest';
import { ExtensionPageRequest, PageRequest } from '../../../extension/protocol.js';

const post = { platform: 'x', externalId: '1851234567890123456', url: 'https://x.com/a/status/1851234567890123456', author: { handle: 'a', displayName: 'A' }, text: 'hi' };

describe('messages a content script may send', () => {
  it.each([
    { type: 'posts.state', platform: 'x', posts: [{ externalId: '1', handle: 'a' }], fresh: true },
    { type: 'case.form', platform: 'facebook' },
    { type: 'suggestions', post },
    { type: 'case.create', post, priority: 'high', assigneeId: null, excerpt: 'late' },
    { type: 'reply.record', platform: 'x', externalId: '1', text: 'On it' },
    { type: 'options.open' },
    { type: 'presence.announce', platform: 'x', externalId: '1', activity: 'replying' },
    { type: 'ping' },
    { type: 'mutate', platform: 'x', externalId: '1', name: 'addNote', args: { caseId: '0190f0e0-0000-7000-8000-000000000001', body: 'called them' } },
    { type: 'panel.open', caseId: '0190f0e0-0000-7000-8000-000000000001' },
    { type: 'customer.find', platform: 'facebook', handle: 'dana.rivers' },
    { type: 'posts.tone', platform: 'x', posts: [{ externalId: '1', handle: 'a', text: 'so slow', followers: 48_200 }] },
    { type: 'case.form', platform: 'x', post: { handle: 'a', text: 'so slow', followers: 0 } },
  ])('accepts $type', (message) => {
    expect(PageRequest.safeParse(message).success).toBe(true);
  });

  it.each([
    ['an unknown type', { type: 'session.token' }],
    ['a session change from a page', { type: 'session.signIn', serverUrl: 'https://evil.example', email: 'a@b.c', password: 'x' }],
    ['an extra field', { type: 'options.open', url: 'https://evil.example' }],
    ['a post id with markup', { type: 'reply.record', platform: 'x', externalId: '<img>', text: 'x' }],
    ['too many posts at once', { type: 'posts.state', platform: 'x', posts: Array.from({ length: 201 }, (_, i) => ({ externalId: String(i), handle: 'a' })), fresh: false }],
    ['a post URL that is not https', { type: 'case.create', post: { ...post, url: 'javascript:alert(1)' }, priority: 'high', assigneeId: null }],
    ['an unknown priority', { type: 'case.create', post, priority: 'asap', assigneeId: null }],
    ['a negative follower count', { type: 'posts.tone', platform: 'x', posts: [{ externalId: '1', handle: 'a', text: 'x', followers: -1 }] }],
    ['a fractional follower count', { type: 'case.form', platform: 'x', post: { handle: 'a', text: 'x', followers: 48.2 } }],
    ['an unknown activity', { type: 'presence.announce', platform: 'x', externalId: '1', activity: 'typing' }],
    ['not an object', 'posts.state'],
    ['a case creation dressed as another action', { type: 'mutate', platform: 'x', externalId: '1', name: 'createCase', args: {} }],
    ['an action on no post', { type: 'mutate', name: 'addNote', args: {} }],
    // Internal notes and whole cases are for the side panel, never a page's content script.
    ['a request for a case\'s notes', { type: 'case.notes', caseId: '0190f0e0-0000-7000-8000-000000000001' }],
    ['a request for a case in full', { type: 'case.detail', caseId: '0190f0e0-0000-7000-8000-000000000001' }],
    ['the queue', { type: 'queue.get' }],
    ['a panel for no case', { type: 'panel.open', caseId: 'the-last-one' }],
  ])('rejects %s', (_name, message) => {
    expect(PageRequest.safeParse(message).success).toBe(false);
  });
});

describe('messages only the extension\'s own pages may send', () => {
  const template = { title: 'Broken screen', body: 'So sorry!', tags: ['screen'] };

  it('saves a template with its example posts, trimmed and each once, and refuses more than 20', () => {
    const saved = ExtensionPageRequest.safeParse({ type: 'settings.templates.save', template: { ...template, examples: [' my screen cracked ', 'My screen  cracked'] } });
    expect(saved.success && saved.data.type === 'settings.templates.save' && saved.data.template.examples).toEqual(['my screen cracked']);
    const tooMany = Array.from({ length: 21 }, (_, i) => `post ${i}`);
    expect(ExtensionPageRequest.safeParse({ type: 'settings.templates.save', template: { ...template, examples: tooMany } }).success).toBe(false);
    expect(ExtensionPageRequest.safeParse({ type: 'settings.templates.save', template }).success).toBe(false);
  });

  it('signs in only with an http(s) server URL', () => {
    expect(ExtensionPageRequest.safeParse({ type: 'session.signIn', serverUrl: 'https://parley.example', email: 'a@b.c', password: 'pw' }).success).toBe(true);
    expect(ExtensionPageRequest.safeParse({ type: 'session.signIn', serverUrl: 'file:///etc/passwd', email: 'a@b.c', password: 'pw' }).success).toBe(false);
  });

  const id = '0190f0e0-0000-7000-8000-000000000001';
  const webhook = { url: 'https://hooks.example.com/parley', events: ['case.created', 'case.created', 'note.added'] };

  it.each([
    { type: 'settings.webhooks.list' },
    { type: 'settings.webhooks.create', webhook },
    { type: 'settings.webhooks.create', webhook: { ...webhook, description: 'CRM sync' } },
    { type: 'settings.webhooks.update', id, change: { disabled: true } },
    { type: 'settings.webhooks.update', id, change: { url: 'https://hooks.example.com/v2', events: ['case.resolved'], description: '' } },
    { type: 'settings.webhooks.delete', id },
    { type: 'settings.webhooks.rotate', id },
    { type: 'settings.webhooks.deliveries', id },
    { type: 'settings.webhooks.redeliver', id, deliveryId: id },
  ])('accepts $type for the settings, from an extension page only', (message) => {
    expect(ExtensionPageRequest.safeParse(message).success).toBe(true);
    expect(PageRequest.safeParse(message).success).toBe(false);
  });

  it('sends an endpoint\'s events once each', () => {
    const parsed = ExtensionPageRequest.parse({ type: 'settings.webhooks.create', webhook });
    expect(parsed).toEqual({ type: 'settings.webhooks.create', webhook: { url: webhook.url, events: ['case.created', 'note.added'] } });
  });

  it.each([
    ['an address that is not http(s)', { type: 'settings.webhooks.create', webhook: { ...webhook, url: 'ftp://hooks.example.com/' } }],
    ['an unknown event', { type: 'settings.webhooks.create', webhook: { ...webhook, events: ['case.deleted'] } }],
    ['no events', { type: 'settings.webhooks.create', webhook: { ...webhook, events: [] } }],
    ['a secret of its own', { type: 'settings.webhooks.create', webhook: { ...webhook, secret: 'whsec_mine' } }],
    ['a change of nothing', { type: 'settings.webhooks.update', id, change: {} }],
    ['a change of the secret', { type: 'settings.webhooks.update', id, change: { secret: 'whsec_mine' } }],
    ['an endpoint that is not an id', { type: 'settings.webhooks.rotate', id: '../agents' }],
    ['a delivery that is not an id', { type: 'settings.webhooks.redeliver', id, deliveryId: '1' }],
    ['an extra field', { type: 'settings.webhooks.list', orgId: id }],
  ])('refuses a webhook message with %s', (_name, message) => {
    expect(ExtensionPageRequest.safeParse(message).success).toBe(false);
  });
});
