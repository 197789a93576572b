import { describe, it, expect } from 'vitest';
import { tone, type ToneLabel } from '../../../api/domain/tone.js';
import { ngramBuckets } from '../../../api/domain/tone/ngrams.js';
import { toneModel } from '../../../api/domain/tone/model.js';
import { scoreTokens } from '../../../api/domain/tone/score.js';
import { tokenize } from '../../../api/domain/tone/tokenize.js';
import { positiveFrom, toneLabel } from '../../../api/domain/toneLabel.js';

const score = (text: string) => tone(text).score;

describe('tone labels', () => {
  it.each<[string, string, ToneLabel]>([
    ['angry emoji', 'the update 😡', 'negative'],
    ['smiling emoji', 'new phone 🙂', 'positive'],
    ['emoji with a skin tone', 'thanks 👍🏽', 'positive'],
    ['smiley', 'delivered today :)', 'positive'],
    ['frown', 'delivered late :(', 'negative'],
    ['smiley glued to a word', 'thanks:)', 'positive'],
    ['negation', 'the app is not good', 'negative'],
    ['"no" before a sentiment word', 'no fun at all', 'negative'],
    ['hashtag', 'third outage this week #fail', 'negative'],
    ['run-together hashtag', 'this update is an #EpicFail', 'negative'],
    ['escaped heart', 'I &lt;3 this team', 'positive'],
    ['JSON-escaped apostrophe', 'I don\\u2019t like it', 'negative'],
    ['plain statement', 'My order number is 12345', 'neutral'],
  ])('%s: %s → %s', (_feature, text, label) => {
    expect(tone(text).label).toBe(label);
  });
});

describe('tone emphasis and weight', () => {
  it.each<[string, string, string]>([
    ['ALL CAPS', 'This is GREAT', 'This is great'],
    ['ALL CAPS, negative', 'This is AWFUL', 'This is awful'],
    ['stretched booster', 'soooo good', 'so good'],
    ['stretched word', 'goooood', 'good'],
    ['intensifier', 'very good', 'good'],
    ['exclamation', 'good!!!', 'good'],
  ])('%s: "%s" is stronger than "%s"', (_feature, stronger, weaker) => {
    expect(Math.abs(score(stronger))).toBeGreaterThan(Math.abs(score(weaker)));
  });

  it.each([['kind of good'], ['sort of good'], ['slightly good']])('dampener: "%s" is weaker than "good"', (text) => {
    expect(score(text)).toBeLessThan(score('good'));
    expect(score(text)).toBeGreaterThan(0);
  });

  it("the lexicon's negation stays in its sentence", () => {
    expect(scoreTokens(tokenize('Not sure why. Great work!'))).toBeGreaterThan(0);
    expect(scoreTokens(tokenize('Not great work'))).toBeLessThan(0);
  });

  it('"but" gives the clause after it the weight', () => {
    expect(tone('The food was great but the service was awful').label).toBe('negative');
    expect(tone('The food was awful but the service was great').label).toBe('positive');
  });
});

describe('tone ignores what carries no tone', () => {
  it.each<[string, string]>([
    ['@mention', '@awesome_support thanks'],
    ['URL', 'thanks https://great.example/love-it'],
    ['www link', 'thanks www.happy.example'],
    ['zero-width characters', 'tha\u200bnks'],
  ])('%s', (_feature, text) => {
    expect(score(text)).toBe(score('thanks'));
  });

  it('decodes HTML entities the same as the characters', () => {
    expect(score('I &lt;3 it')).toBe(score('I <3 it'));
    expect(score('rock &amp;amp; roll &gt; jazz')).toBe(score('rock & roll > jazz'));
  });

  it.each([[''], ['   '], ['\n\t'], ['@user http://t.co/x']])('%j is neutral with score 0', (text) => {
    expect(tone(text)).toEqual({ label: 'neutral', score: 0 });
  });

  it.each([['RT @user: http://t.co/x'], ['My order number is 12345'], ['Reminder: the app update lands tomorrow']])(
    '%j holds no sentiment word: neutral, well inside the neutral band',
    (text) => {
      const result = tone(text);
      expect(result.label).toBe('neutral');
      expect(Math.abs(result.score)).toBeLessThan(positiveFrom * 0.75);
    },
  );
});

describe('tone score bounds and hostile input', () => {
  it.each([
    ['GREAT!!!! LOVE IT 😍😍😍 '.repeat(200)],
    ['AWFUL!!!! HATE IT 😡😡😡 '.repeat(200)],
    ['not not not never good '.repeat(100)],
    ['?!?!'.repeat(100)],
  ])('stays within -1..+1', (text) => {
    const { score: value } = tone(text);
    expect(value).toBeGreaterThanOrEqual(-1);
    expect(value).toBeLessThanOrEqual(1);
    expect(Number.isFinite(value)).toBe(true);
  });

  it.each<[string, string]>([
    ['one 100 KB word', 'a'.repeat(100_000)],
    ['100 KB of stretched letters', 'g' + 'o'.repeat(100_000) + 'd'],
    ['100 KB of entities', '&amp;'.repeat(20_000)],
    ['100 KB of escapes', '\\u0041'.repeat(16_000)],
    ['100 KB of emoji and marks', '😡\u200d\ufe0f👍🏽'.repeat(12_000)],
    ['100 KB of mixed text', 'so NOT good :( but #GreatDay @x http://y.z &lt;3 '.repeat(2_000)],
  ])('%s is read, with a score in bounds (its speed is measured by npm run eval:tone)', (_case, text) => {
    const result = tone(text);
    expect(Math.abs(result.score)).toBeLessThanOrEqual(1);
    expect(['negative', 'neutral', 'positive']).toContain(result.label);
  });
});

describe('words of customer care', () => {
  it('brand names read as no mood at all, ours included', () => {
    expect(tone('Does Parley ship to Japan yet?').label).toBe('neutral');
    const ours = tone('Reminder: the Parley app update lands tomorrow');
    const theirs = tone('Reminder: the Acme app update lands tomorrow');
    expect([ours.label, theirs.label]).toEqual(['neutral', 'neutral']);
    expect(Math.abs(ours.score - theirs.score)).toBeLessThan(0.1);
  });

  it('"support" names the care team, not approval', () => {
    expect(tone('the support chat closed on me again').label).not.toBe('positive');
    expect(tone('thanks support, quick fix and a lovely agent').label).toBe('positive');
  });
});

describe('the trained model', () => {
  it('labels with the bands the fit chose, centred on 0', () => {
    expect(toneModel.negativeFrom).toBe(-toneModel.positiveFrom);
    expect(toneModel.positiveFrom).toBeGreaterThan(0);
  });

  it('reads words no lexicon lists, from the tweets it was trained on', () => {
    // the lexicon finds no sentiment word in either
    expect(scoreTokens(tokenize('my parcel never came'))).toBe(0);
    expect(tone('my parcel never came').label).toBe('negative');
    expect(scoreTokens(tokenize('cannot wait for the weekend'))).toBe(0);
    expect(tone('cannot wait for the weekend').label).toBe('positive');
  });

  it('hashes the same text to the same buckets, all within the table', () => {
    const buckets = (text: string) => {
      const out: number[] = [];
      ngramBuckets(tokenize(text).tokens, toneModel.ngrams, out);
      return out;
    };
    const first = buckets('Where is my parcel?? #fail');
    expect(buckets('Where is my parcel?? #fail')).toEqual(first);
    expect(first.every((b) => Number.isInteger(b) && b >= 0 && b < 2 ** toneModel.ngrams.bits)).toBe(true);
    // each word, each pair after the first word, and its character 3- to 5-grams with edge marks
    expect(buckets('ok')).toHaveLength(1 + 2 + 1);
    expect(buckets('not ok')).not.toEqual(buckets('ok ok').map((b) => b));
  });

  it('marks a word that a negation reaches, so "not good" is not "good"', () => {
    const out: number[] = [];
    ngramBuckets(tokenize('not good').tokens, toneModel.ngrams, out);
    const plain: number[] = [];
    ngramBuckets(tokenize('good').tokens, toneModel.ngrams, plain);
    expect(out).not.toContain(plain[0]);
  });
});

describe('the fitted last step', () => {
  it('labels every score by the bands that the customer card also uses', () => {
    for (const text of ['good', 'where is my order??', 'my order arrived!!!', 'not good', 'ok', 'I hate this', 'kind of good']) {
      const result = tone(text);
      expect(result.label).toBe(toneLabel(result.score));
    }
  });

  it('reads "?" as leaning neutral-to-upset and "!" as leaning glad, against the same words', () => {
    expect(score('my order arrived!!!')).toBeGreaterThan(score('my order arrived'));
    expect(score('where is my order??')).toBeLessThan(score('where is my order'));
  });

  it('counts negated words on the side the rules put them', () => {
    expect(tone("I don't like it").label).toBe('negative');
    expect(tone("I don't hate it").score).toBeGreaterThan(tone('I hate it').score);
  });
});
