import { describe, expect, it } from 'vitest';
import type { WebhookT } from '../../../api/contract.js';
import { changesOf, draftOf, problemOf } from '../../../extension/entrypoints/options/WebhookFields.js';

const webhook: WebhookT = {
  id: '0190f0e0-0000-7000-8000-000000000001', url: 'https://hooks.example.com/parley', events: ['case.created', 'note.added'], description: 'CRM sync',
  disabled: false, disabledReason: null, disabledAt: null, failingSince: null, previousSecretExpiresAt: null,
  createdAt: '2026-03-01T10:00:00.000Z', updatedAt: '2026-03-01T10:00:00.000Z',
};

describe('an edited endpoint', () => {
  it('sends nothing when nothing changed, whatever the order of its events', () => {
    expect(changesOf(webhook, { ...draftOf(webhook), events: ['note.added', 'case.created'] })).toEqual({});
  });

  it('sends only what changed: an unchanged address is not looked up again', () => {
    expect(changesOf(webhook, { ...draftOf(webhook), description: '  CRM sync (EU) ' })).toEqual({ description: 'CRM sync (EU)' });
    expect(changesOf(webhook, { ...draftOf(webhook), url: ' https://hooks.example.com/v2 ', events: ['case.created'] }))
      .toEqual({ url: 'https://hooks.example.com/v2', events: ['case.created'] });
  });

  it('needs at least one event', () => {
    expect(problemOf({ ...draftOf(webhook), events: [] })).toBe('Choose at least one event to send');
    expect(problemOf(draftOf(webhook))).toBeUndefined();
  });
});
