import { describe, expect, it } from 'vitest';
import { rankReplies, type SuggestionTemplate } from '../../../api/domain/suggestions.js';
import { conceptsOf, namedConcepts } from '../../../api/domain/suggestions/concepts.js';

const template = (id: string, title: string, body: string, tags: string[] = []): SuggestionTemplate => ({ id, title, body, tags });
const desk = [
  template('baggage', 'Lost baggage', 'Sorry your things have not reached you. DM us your file reference and we will trace them.'),
  template('subscription', 'Cancel subscription', 'You can end it any time from Settings › Plan; nothing more is taken after that.'),
  template('staff', 'Complaint about staff', 'That is not how we want anyone treated. DM us where and when and we will follow it up.'),
  template('praise', 'Thanks for the kind words', 'That made our day, {{customer.name}}! We will pass it on to the team.'),
  template('speed', 'Slow connection speeds', 'Let us run a line test: DM us the account holder and postcode.'),
];
const top3 = (text: string) => rankReplies({ templates: desk, pastReplies: [], post: { text }, values: { 'customer.name': 'Jo' }, limit: 3 }).map((s) => s.templateId);

describe('care concepts', () => {
  it('names the same concept for different words, by stem, and for two-word phrases', () => {
    expect(conceptsOf('my suitcase never came off the carousel')).toEqual(expect.arrayContaining(['~baggage', '~parcel']));
    expect(conceptsOf('Lost baggage')).toContain('~baggage');
    expect(conceptsOf('the app keeps crashing')).toEqual(['~app', '~crash']);
    expect(conceptsOf('I want my money back')).toContain('~refund');
    expect(conceptsOf('paying for 200mb and getting 5')).toContain('~speed');
    expect(namedConcepts('so RUDE, the cashier ignored me').get('~rude')).toBe('rude');
  });

  it('leaves words of no concept, and a text of none, without any', () => {
    expect(conceptsOf('hello there')).toEqual([]);
    expect(conceptsOf('')).toEqual([]);
  });

  it.each([
    ['my suitcase never came off the carousel', 'baggage'],
    ['how do I stop my monthly plan', 'subscription'],
    ['the guy at the till was so disrespectful to me', 'staff'],
    ['you guys are amazing, thank you!', 'praise'],
    ['broadband is crawling tonight', 'speed'],
  ])('"%s" finds the template about the same thing though they share no word', (post, id) => {
    expect(top3(post)[0]).toBe(id);
  });

  it('says the match is by meaning, quoting the post', () => {
    const [first] = rankReplies({ templates: desk, pastReplies: [], post: { text: 'my suitcase is lost' }, values: { 'customer.name': 'Jo' } });
    expect(first).toMatchObject({ templateId: 'baggage', reason: 'template “Lost baggage” matches “lost” and by meaning “suitcase”' });
  });

  it('matches shared words only when meaning is turned off (relatedWeight 0)', () => {
    const off = rankReplies({ templates: desk, pastReplies: [], post: { text: 'broadband is crawling tonight' }, values: { 'customer.name': 'Jo' }, relatedWeight: 0 });
    expect(off.every((s) => s.score === 0)).toBe(true);
  });
});
