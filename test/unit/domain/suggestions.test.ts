import { describe, expect, it } from 'vitest';
import { rankSuggestions, type RankableTemplate } from '../../../api/domain/suggestions.js';

const template = (id: string, title: string, body: string, tags: string[] = [], usageCount = 0): RankableTemplate => ({ id, title, body, tags, usageCount });
const values = { 'customer.name': 'Jane', 'customer.handle': '@jane', 'agent.name': 'Maya' };

describe('rankSuggestions', () => {
  const templates = [
    template('greet', 'Hello', 'Hi {{customer.name}}, {{agent.name}} here.', [], 9),
    template('late', 'Late delivery', 'Sorry {{customer.handle}}, your parcel is on its way.', ['order', 'delivery'], 1),
    template('case', 'Case number', 'Your case is #{{case.number}}.', [], 50),
    template('refund', 'Refund', 'Your refund is processed.', ['refund'], 3),
  ];

  it.each([
    ['my delivery is late and the order never came', ['late', 'greet', 'refund']],
    ['where is my refund?', ['refund', 'greet', 'late']],
    ['nothing in common', ['greet', 'refund', 'late']],
  ])('ranks by words shared with the post, then by use: %s', (post, expected) => {
    expect(rankSuggestions(templates, values, post).map((s) => s.templateId)).toEqual(expected);
  });

  it('fills the variables and leaves out a template it cannot fill', () => {
    const ranked = rankSuggestions(templates, values, 'late delivery');
    expect(ranked[0]).toEqual({ templateId: 'late', title: 'Late delivery', text: 'Sorry @jane, your parcel is on its way.' });
    expect(ranked.map((s) => s.templateId)).not.toContain('case');
    const withCase = rankSuggestions(templates, { ...values, 'case.number': 12 }, 'x');
    expect(withCase[0]).toEqual({ templateId: 'case', title: 'Case number', text: 'Your case is #12.' });
  });

  it('never fills a value that itself looks like a variable', () => {
    const [only] = rankSuggestions([template('greet', 'Hello', 'Hi {{customer.name}}')], { 'customer.name': '{{agent.name}}' }, '');
    expect(only?.text).toBe('Hi {{agent.name}}');
  });

  it('keeps at most the limit', () => {
    expect(rankSuggestions(templates, values, '', 2)).toHaveLength(2);
  });
});
