import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { maxWeightedLength, rankReplies, weightedLength, type SuggestionTemplate } from '../../../api/domain/suggestions.js';
import { relatedQuery, relatedTerms } from '../../../api/domain/suggestions/related.js';
import { evalValues, historyOf, loadLabelledSet } from '../../bench/suggest-labelled.js';

const template = (id: string, title: string, body: string): SuggestionTemplate => ({ id, title, body, tags: [] });
const desk = [
  template('parcel', 'Parcel not arrived', 'Sorry it has not reached you yet. Please DM us the order number and we will chase the courier.'),
  template('duplicate', 'Duplicate charge', 'Sorry about that! DM us the date and amount of both payments and we will reverse the extra one.'),
  template('password', 'Password reset', 'You can set a new password from the sign-in page; we email you a link.'),
  template('refund', 'Refund status', 'Refunds reach your statement 5 to 7 working days after we process them.'),
  template('escalate', 'Escalate', 'We have passed this to a team lead; they will update you today.'),
];
const first = (text: string, extra: Partial<Parameters<typeof rankReplies>[0]> = {}) =>
  rankReplies({ templates: desk, pastReplies: [], post: { text }, values: {}, ...extra })[0];

describe('matching by meaning before any history', () => {
  it.each([
    ['my parcel never came', 'parcel'],
    ['the package never came', 'parcel'],
    ['charged me twice', 'duplicate'],
    ['forgot my pasword', 'password'],
  ])('%s → the right template first', (post, id) => {
    expect(first(post)!.templateId).toBe(id);
  });

  it('finds a template through related words when no word is shared, and says so', () => {
    const found = first('the package never came');
    expect(found).toMatchObject({ templateId: 'parcel' });
    expect(found!.reason).toMatch(/by meaning “(package|came)”/);
    expect(first('the package never came', { relatedWeight: 0 })!.score).toBe(0);
  });

  it('knows related words learned for the table, and leaves the post\'s own words out of them', () => {
    expect(relatedTerms('came').map(([term]) => term)).toContain('come');
    expect(relatedTerms('parcel').map(([term]) => term)).toContain('packag');
    expect([...relatedQuery('parcel package').terms.keys()]).not.toContain('packag');
  });
});

describe('learning from the organisation\'s answered posts', () => {
  const answered = ['the oven door came off in my hand', 'fridge door fell off after a week', 'dishwasher door broke off this morning'];
  const history = answered.map((inReplyTo) => ({ text: 'We have passed this to a team lead; they will update you today.', inReplyTo, templateId: 'escalate' }));
  const post = 'my freezer door fell off yesterday';

  it('three posts answered with a template move it to the top for a post like them, and says why', () => {
    expect(first(post)!.templateId).not.toBe('escalate');
    const top = first(post, { pastReplies: history });
    expect(top).toMatchObject({ templateId: 'escalate', reason: expect.stringMatching(/^template “Escalate”: posts the team answered with it match “door”/) });
  });

  it('offers the template once, not its sent copies beside it', () => {
    const ranked = rankReplies({ templates: desk, pastReplies: history, post: { text: post }, values: {} });
    expect(ranked.filter((s) => s.text.startsWith('We have passed this'))).toHaveLength(1);
  });

  it('keeps a reply whose template is gone as a past reply of its own', () => {
    const orphan = [{ text: 'A new door ships today.', inReplyTo: 'oven door fell off', templateId: 'deleted' }];
    const ranked = rankReplies({ templates: desk, pastReplies: orphan, post: { text: post }, values: {} });
    expect(ranked[0]).toMatchObject({ text: 'A new door ships today.', templateId: 'deleted' });
  });
});

describe('the labelled care set', () => {
  const set = loadLabelledSet(resolve(import.meta.dirname, '../../fixtures/suggest/care-set.json'));

  it('has at least five posts for every template, and three answered per template before the measured ones', () => {
    for (const { id } of set.templates) expect(set.posts.filter((post) => post.templateId === id).length).toBeGreaterThanOrEqual(5);
    const { history, rest } = historyOf(set);
    expect(history).toHaveLength(set.templates.length * 3);
    expect(rest.every((post) => post.split === 'test')).toBe(true);
  });

  it('keeps every suggestion within 280 weighted characters with every variable filled', () => {
    const { history } = historyOf(set);
    for (const post of set.posts) {
      for (const suggestion of rankReplies({ templates: set.templates, pastReplies: history, post: { text: post.text }, values: evalValues, limit: 1000 })) {
        expect(weightedLength(suggestion.text)).toBeLessThanOrEqual(maxWeightedLength);
        expect(suggestion.text).not.toMatch(/\{\{|\}\}/);
      }
    }
  });
});
