import { describe, expect, it } from 'vitest';
import { feedbackKinds as contractKinds } from '../../../api/contract.js';
import { feedbackKinds } from '../../../extension/overlay/feedback.js';
import { ExtensionPageRequest, PageRequest } from '../../../extension/protocol.js';

const post = { platform: 'x', externalId: '1851234567890123456', url: 'https://x.com/a/status/1851234567890123456', author: { handle: 'a', displayName: 'A' }, text: 'hi' };
const period = { from: '2026-03-02T00:00:00.000Z', to: '2026-03-09T00:00:00.000Z' };

it('the bar offers the contract\'s feedback kinds, in its order', () => {
  expect(feedbackKinds).toEqual(contractKinds);
});

describe('a bar\'s feedback messages', () => {
  it.each([
    { type: 'feedback.tag', post, kind: 'bug' },
    { type: 'feedback.tag', post, kind: 'idea', theme: 'dark mode' },
    { type: 'feedback.remove', platform: 'x', externalId: '1851234567890123456' },
  ])('accepts $type', (message) => {
    expect(PageRequest.safeParse(message).success).toBe(true);
  });

  it.each([
    ['an unknown kind', { type: 'feedback.tag', post, kind: 'rant' }],
    ['a theme past 60 characters', { type: 'feedback.tag', post, kind: 'bug', theme: 'x'.repeat(61) }],
    ['a post on another site\'s address', { type: 'feedback.tag', post: { ...post, url: 'https://evil.example/a/status/1' }, kind: 'bug' }],
    ['an extra field', { type: 'feedback.tag', post, kind: 'bug', taggedBy: '0190f0e0-0000-7000-8000-000000000001' }],
    ['a feedback id from the page', { type: 'feedback.remove', platform: 'x', externalId: '1', id: '0190f0e0-0000-7000-8000-000000000001' }],
    ['a post id with markup', { type: 'feedback.remove', platform: 'x', externalId: '<img>' }],
  ])('refuses %s', (_, message) => {
    expect(PageRequest.safeParse(message).success).toBe(false);
  });

  it('squeezes a theme\'s spaces, as the API keeps it', () => {
    const parsed = PageRequest.parse({ type: 'feedback.tag', post, kind: 'bug', theme: '  cracked   screens ' });
    expect(parsed).toMatchObject({ theme: 'cracked screens' });
  });
});

describe('the side panel\'s report messages', () => {
  it.each([
    { type: 'reports.metrics', query: { ...period, hours: 'calendar', platform: 'facebook', tag: 'billing' } },
    { type: 'reports.cases', query: { ...period, date: '2026-03-02', platform: 'x' } },
    { type: 'reports.cases', query: { openOn: '2026-03-05', cursor: '50' } },
    { type: 'reports.feedback', query: { ...period, kind: 'praise' } },
    { type: 'reports.export', file: { what: 'cases', query: period } },
    { type: 'reports.export', file: { what: 'feedback', query: { kind: 'bug' } } },
  ])('accepts $type', (message) => {
    expect(ExtensionPageRequest.safeParse(message).success).toBe(true);
  });

  it.each([
    ['a period past 366 days', { type: 'reports.metrics', query: { from: '2024-01-01T00:00:00.000Z', to: '2026-01-01T00:00:00.000Z' } }],
    ['a period that ends before it starts', { type: 'reports.metrics', query: { from: period.to, to: period.from } }],
    ['an unknown bucket', { type: 'reports.cases', query: { bucket: '2h' } }],
    ['an unknown file', { type: 'reports.export', file: { what: 'tokens', query: {} } }],
    ['a feedback filter on a cases file', { type: 'reports.export', file: { what: 'cases', query: { kind: 'bug' } } }],
  ])('refuses %s', (_, message) => {
    expect(ExtensionPageRequest.safeParse(message).success).toBe(false);
  });

  it('a content script cannot ask for reports', () => {
    expect(PageRequest.safeParse({ type: 'reports.metrics', query: period }).success).toBe(false);
    expect(PageRequest.safeParse({ type: 'reports.export', file: { what: 'cases', query: period } }).success).toBe(false);
  });
});
