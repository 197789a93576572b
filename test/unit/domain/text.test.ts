import { describe, expect, it } from 'vitest';
import { firstUnacceptableText, isAcceptableText } from '../../../api/domain/text.js';

describe('isAcceptableText', () => {
  it.each<[string, string, boolean]>([
    ['plain text', 'My order never arrived', true],
    ['an emoji (a surrogate pair)', 'thanks \ud83d\ude00', true],
    ['accents and other scripts', 'café 東京 مرحبا', true],
    ['the replacement character itself', '\ufffd', true],
    ['empty', '', true],
    ['a NUL byte', 'a\u0000b', false],
    ['a lone high surrogate', 'a\ud800b', false],
    ['a lone high surrogate at the end', 'a\ud83d', false],
    ['a lone low surrogate', '\udc00b', false],
    ['a pair the wrong way round', '\ude00\ud83d', false],
  ])('%s → %s', (_what, text, expected) => {
    expect(isAcceptableText(text)).toBe(expected);
  });
});

describe('firstUnacceptableText', () => {
  it.each<[string, unknown, string | undefined]>([
    ['clean nested values', { a: ['x', { b: 'y' }], n: 1, t: true, z: null }, undefined],
    ['a bad top-level string', 'a\u0000', ''],
    ['a bad value deep inside', { mutations: [{ args: { body: 'ok' } }, { args: { body: 'x\ud800' } }] }, 'mutations.1.args.body'],
    ['a bad key', { ok: 1, ['k\u0000']: 1 }, '(key)'],
    ['a bad key deep inside', { post: { ['\udfff']: 'x' } }, 'post.(key)'],
  ])('%s → %j', (_what, value, expected) => {
    expect(firstUnacceptableText(value)).toBe(expected);
  });
});
