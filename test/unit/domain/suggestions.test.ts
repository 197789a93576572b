import { describe, expect, it } from 'vitest';
import twitterText from 'twitter-text';
import {
  fitToPost, rankReplies, weightedLength, type ReplyRankingInput, type SuggestionTemplate,
} from '../../../api/domain/suggestions.js';

const template = (id: string, title: string, body: string, tags: string[] = [], usageCount = 0): SuggestionTemplate => ({ id, title, body, tags, usageCount });
const values = { 'customer.name': 'Jane', 'customer.handle': '@jane', 'agent.name': 'Maya' };

/** Templates alone (a team with no past replies yet): their ids, texts and titles in rank order. */
function rankTemplates(templates: SuggestionTemplate[], fill: ReplyRankingInput['values'], text: string, limit?: number) {
  const titles = new Map(templates.map((t) => [t.id, t.title]));
  return rankReplies({ templates, pastReplies: [], post: { text }, values: fill, ...(limit ? { limit } : {}) })
    .map((s) => ({ templateId: s.templateId, title: titles.get(s.templateId ?? ''), text: s.text }));
}

describe('ranking templates alone', () => {
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
    expect(rankTemplates(templates, values, post).map((s) => s.templateId)).toEqual(expected);
  });

  it('fills the variables and leaves out a template it cannot fill', () => {
    const ranked = rankTemplates(templates, values, 'late delivery');
    expect(ranked[0]).toEqual({ templateId: 'late', title: 'Late delivery', text: 'Sorry @jane, your parcel is on its way.' });
    expect(ranked.map((s) => s.templateId)).not.toContain('case');
    const withCase = rankTemplates(templates, { ...values, 'case.number': 12 }, 'x');
    expect(withCase[0]).toEqual({ templateId: 'case', title: 'Case number', text: 'Your case is #12.' });
  });

  it('never fills a value that itself looks like a variable', () => {
    const [only] = rankTemplates([template('greet', 'Hello', 'Hi {{customer.name}}')], { 'customer.name': '{{agent.name}}' }, '');
    expect(only?.text).toBe('Hi {{agent.name}}');
  });

  it('keeps at most the limit', () => {
    expect(rankTemplates(templates, values, '', 2)).toHaveLength(2);
  });
});

describe('rankReplies', () => {
  const library = [
    template('refund', 'Refund', 'Hi {{customer.name}}, your refund for the order is on its way.', ['refund', 'billing'], 2),
    template('delivery', 'Late delivery', 'Sorry about the delay {{customer.handle}}, the courier has your parcel.', ['delivery', 'tracking'], 1),
    template('hello', 'Hello', 'Hi {{customer.name}}, {{agent.name}} here. How can I help?', [], 9),
    template('case', 'Case number', 'Your case is #{{case.number}}.', ['case'], 50),
  ];
  const rank = (text: string, extra: Partial<ReplyRankingInput> = {}) =>
    rankReplies({ templates: library, pastReplies: [], post: { text }, values, ...extra });

  it('ranks the template whose title, tags and body match the post first, and says which words matched', () => {
    const [first, ...rest] = rank('I was charged twice, I want a refund for my order');
    expect(first).toMatchObject({ templateId: 'refund', text: 'Hi Jane, your refund for the order is on its way.', trimmed: false });
    // "charged" names a charge, as the template's "billing" tag does
    expect(first!.reason).toBe('template “Refund” matches “refund”, “order” and by meaning “charged”');
    expect(first!.score).toBeGreaterThan(rest[0]!.score);
  });

  it('offers the team\'s staples after the matches, by use, and never a template it cannot fill', () => {
    const ranked = rank('where is my refund');
    expect(ranked.map((s) => s.templateId)).toEqual(['refund', 'hello', 'delivery']);
    expect(ranked[1]).toMatchObject({ score: 0, reason: 'template “Hello”, often used by the team' });
    expect(rank('my case', { values: { ...values, 'case.number': 7 } }).map((s) => s.text)).toContain('Your case is #7.');
  });

  it('offers what the team answered to a similar post, without the other customer\'s mention; unrelated ones last', () => {
    const pastReplies = [
      { text: '@someone_else The app crash is fixed in version 4.2, please update.', inReplyTo: 'the app keeps crashing when I open it' },
      { text: '@another Happy birthday!', inReplyTo: 'it is my birthday today' },
    ];
    const ranked = rank('my app is crashing on startup', { pastReplies });
    expect(ranked[0]).toEqual({
      text: 'The app crash is fixed in version 4.2, please update.', score: expect.any(Number),
      reason: 'answered a similar post: matches “app”, “crashing”', trimmed: false,
    });
    const unrelated = ranked.find((s) => s.text === 'Happy birthday!');
    expect(unrelated).toEqual({ text: 'Happy birthday!', score: 0, reason: 'one of the team\'s usual replies', trimmed: false });
    expect(ranked.indexOf(unrelated!)).toBeGreaterThan(ranked.findIndex((s) => s.templateId === 'hello'));
  });

  it('fills the places nothing matched with the team\'s most typical past replies first', () => {
    const pastReplies = [
      { text: 'Our chef loves that dish too.', inReplyTo: 'the burrito was great' },
      { text: 'Please send us a DM with your order number.', inReplyTo: 'my order is wrong' },
      { text: 'Please send us a DM with your email.', inReplyTo: 'cannot log in' },
      { text: 'Please send us a DM so we can help.', inReplyTo: 'app broken' },
    ];
    const ranked = rankReplies({ templates: [], pastReplies, post: { text: 'hmm' }, values });
    expect(ranked.map((s) => s.score)).toEqual([0, 0, 0, 0]);
    expect(ranked.at(-1)!.text).toBe('Our chef loves that dish too.');
  });

  it('never offers a past reply that still holds a variable or stray braces', () => {
    const pastReplies = [
      { text: 'About case #{{case.number}}: the refund is done', inReplyTo: 'refund please' },
      { text: 'Your refund {{ is done', inReplyTo: 'refund please' },
    ];
    const texts = rank('refund please', { pastReplies, templates: [] }).map((s) => s.text);
    expect(texts).toEqual([]);
    expect(rank('refund please', { pastReplies, templates: [], values: { 'case.number': 3 } }).map((s) => s.text))
      .toEqual(['About case #3: the refund is done']);
  });

  it('leads with an apology for an upset customer and says so; a pleased one gets it later', () => {
    const post = 'My refund still has not arrived and the order is late';
    expect(rank(post)[0]!.templateId).toBe('refund');
    const upset = rank(post, { post: { text: post, tone: 'negative' } });
    expect(upset.map((s) => s.templateId).slice(0, 2)).toEqual(['delivery', 'refund']);
    expect(upset[0]!.reason).toBe('template “Late delivery” matches “late” and by meaning “arrived”; apology first for an upset customer');
    expect(upset[1]!.reason).not.toMatch(/apology/);
    const pleased = rank('parcel late but the courier was lovely', { post: { text: 'parcel late but the courier was lovely', tone: 'positive' } });
    const plain = rank('parcel late but the courier was lovely');
    expect(pleased.find((s) => s.templateId === 'delivery')!.score).toBeLessThan(plain.find((s) => s.templateId === 'delivery')!.score);
  });

  it('never lifts an apology that matches nothing of an upset post above the answer', () => {
    const sorry = template('sorry', 'Sorry', 'Sorry to hear that, {{customer.name}}.', [], 20);
    const post = 'where is my refund, this is ridiculous';
    const ranked = rank(post, { templates: [sorry, ...library], post: { text: post, tone: 'negative' } });
    expect(ranked[0]!.templateId).toBe('refund');
  });

  it('offers the same words once, under the template\'s id', () => {
    const pastReplies = [
      { text: 'Hi Jane, your refund for the order is on its way.', inReplyTo: 'refund for my order?' },
      { text: 'Hi Jane, your refund for the order is on its way.', inReplyTo: 'order refund' },
    ];
    const ranked = rank('refund for my order', { pastReplies });
    expect(ranked.filter((s) => s.text.startsWith('Hi Jane, your refund'))).toEqual([expect.objectContaining({ templateId: 'refund' })]);
  });

  it('trims a reply over 280 weighted characters at a word, with an ellipsis, and flags it', () => {
    const long = `Refund steps: ${'please check the order page then write to us again '.repeat(8)}`;
    const [only] = rankReplies({ templates: [template('long', 'Refund steps', long)], pastReplies: [], post: { text: 'refund' }, values });
    expect(only!.trimmed).toBe(true);
    expect(only!.text.endsWith('…')).toBe(true);
    expect(twitterText.parseTweet(only!.text).weightedLength).toBeLessThanOrEqual(280);
    expect(long.startsWith(only!.text.slice(0, -1))).toBe(true);
    expect(long.charAt(only!.text.length - 1)).toMatch(/\s/);
  });

  it('keeps at most the limit, and nothing for an empty library', () => {
    expect(rank('refund', { limit: 2 })).toHaveLength(2);
    expect(rankReplies({ templates: [], pastReplies: [], post: { text: 'refund' }, values })).toEqual([]);
  });
});

describe('example posts a template answers', () => {
  const followUp = (examples?: string[]): SuggestionTemplate => ({
    id: 'follow-up', title: 'Following up', body: 'Thanks for your patience, {{customer.name}}: a specialist looks at it today.', tags: [],
    ...(examples ? { examples } : {}),
  });
  const hello = template('hello', 'Hello', 'Hi {{customer.name}}, {{agent.name}} here. How can I help?', [], 9);
  const post = '@brand you said this was fixed last week?';

  it('ranks a template up when the post is worded like one of its examples, and says so', () => {
    const ranked = rankReplies({ templates: [hello, followUp(['You told me it would be fixed last week', 'Still waiting on that callback'])], pastReplies: [], post: { text: post }, values });
    expect(ranked.map((s) => s.templateId)).toEqual(['follow-up', 'hello']);
    expect(ranked[0]!.score).toBeGreaterThan(0);
    expect(ranked[0]!.reason).toBe('template “Following up”: its example posts match “fixed”, “last”, “week”');
  });

  it('ranks the same template as before without examples, and the same whether they are empty or absent', () => {
    const without = rankReplies({ templates: [hello, followUp([])], pastReplies: [], post: { text: post }, values });
    expect(without.map((s) => s.templateId)).toEqual(['hello', 'follow-up']);
    expect(rankReplies({ templates: [hello, followUp()], pastReplies: [], post: { text: post }, values })).toEqual(without);
  });

  it('never lets examples that share the post\'s words outrank a template whose title, tags and text match them', () => {
    const refund = template('refund', 'Refund', 'Hi {{customer.name}}, your refund for the order is on its way.', ['refund', 'billing']);
    const apology = (examples: string[]): SuggestionTemplate => ({ id: 'apology', title: 'Apology', body: 'We are sorry about this, {{customer.name}}.', tags: [], examples });
    for (const examples of [
      ['my order arrived broken', 'the app keeps crashing', 'can I speak to a manager', 'still no refund after two weeks', 'your driver was rude'],
      ['where is my refund for my order'],
    ]) {
      const ranked = rankReplies({ templates: [apology(examples), refund, hello], pastReplies: [], post: { text: 'I want a refund for my order' }, values });
      expect(ranked.map((s) => s.templateId)).toEqual(['refund', 'apology', 'hello']);
      expect(ranked[1]!.reason).toBe('template “Apology”: its example posts match “refund”, “order”');
    }
  });

  it('names both what the template says and what its examples share', () => {
    const refund: SuggestionTemplate = { ...template('refund', 'Refund', 'Your refund is on its way.', ['refund']), examples: ['I was charged twice'] };
    const [first] = rankReplies({ templates: [refund], pastReplies: [], post: { text: 'charged twice, refund me' }, values });
    expect(first!.reason).toBe('template “Refund” matches “refund”; its example posts match “charged”, “twice”');
  });

  it('ranks by example posts and past replies on one scale: the closer post leads', () => {
    const pastReplies = [{ text: 'We are on it, the fix ships this week.', inReplyTo: 'is the fix coming this week' }];
    const ranked = rankReplies({ templates: [followUp(['you said this was fixed last week'])], pastReplies, post: { text: post }, values });
    expect(ranked.map((s) => s.templateId ?? s.text)).toEqual(['follow-up', 'We are on it, the fix ships this week.']);
    const closer = [{ ...pastReplies[0]!, inReplyTo: 'you said this was fixed last week, what now' }];
    expect(rankReplies({ templates: [followUp(['fixed?'])], pastReplies: closer, post: { text: post }, values }).map((s) => s.templateId ?? s.text))
      .toEqual(['We are on it, the fix ships this week.', 'follow-up']);
  });
});

describe('fitToPost', () => {
  it.each([
    ['a short reply', false],
    ['x'.repeat(280), false],
    ['字'.repeat(141), true],
    ['😀'.repeat(140), false],
    ['y'.repeat(400), true],
  ])('counts as X does: %#', (text, trimmed) => {
    const fitted = fitToPost(text);
    expect(fitted.trimmed).toBe(trimmed);
    expect(twitterText.parseTweet(fitted.text).weightedLength).toBeLessThanOrEqual(280);
    expect(weightedLength(fitted.text)).toBe(twitterText.parseTweet(fitted.text).weightedLength);
  });
});
