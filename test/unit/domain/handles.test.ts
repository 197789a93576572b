import { describe, it, expect } from 'vitest';
import { normalizeHandle, isValidHandle, type Platform } from '../../../api/domain/handles.js';

describe('normalizeHandle', () => {
  it.each<[Platform, string, string]>([
    ['x', '@NASA', 'nasa'],
    ['x', 'nasa', 'nasa'],
    ['x', '  @Jack\u200b ', 'jack'],
    ['x', '\u200b @Jack', 'jack'],
    ['x', '@@x', '@x'],
    ['x', '\u202Ejack\u202C', 'jack'],
    ['x', '\uFEFF@Support_Team', 'support_team'],
    ['x', 'ja\u2060ck\u2066\u2069', 'jack'],
    ['x', 'ja\u200Dck\u200E', 'jack'],
    ['x', 'jack@', 'jack@'],
    ['facebook', '@Zuck', 'zuck'],
    ['facebook', ' John.Smith-99 ', 'john.smith-99'],
    ['facebook', '100004123456789', '100004123456789'],
  ])('%s: %j becomes %j', (platform, raw, normalized) => {
    expect(normalizeHandle(platform, raw)).toBe(normalized);
  });

  it('composes decomposed characters so both spellings compare equal', () => {
    const decomposed = 'Jose\u0301';
    const composed = 'jos\u00e9';
    expect(normalizeHandle('facebook', decomposed)).toBe(composed);
  });
});

describe('isValidHandle', () => {
  it.each<[Platform, string, boolean]>([
    ['x', 'nasa', true],
    ['x', 'support_team', true],
    ['x', '12345', true],
    ['x', 'a', true],
    ['x', 'a'.repeat(50), true],
    ['x', 'a'.repeat(51), false],
    ['x', '', false],
    ['x', '@x', false],
    ['x', 'Nasa', false],
    ['x', 'john.smith', false],
    ['x', 'john-smith', false],
    ['x', 'jack smith', false],
    ['facebook', 'john.smith-99', true],
    ['facebook', 'some_page', true],
    ['facebook', '100004123456789', true],
    ['facebook', 'a'.repeat(100), true],
    ['facebook', 'a'.repeat(101), false],
    ['facebook', '', false],
    ['facebook', '@zuck', false],
    ['facebook', 'José', false],
    ['facebook', 'john smith', false],
  ])('%s: %j is valid: %s', (platform, handle, valid) => {
    expect(isValidHandle(platform, handle)).toBe(valid);
  });

  it.each<[Platform, string, boolean]>([
    ['x', '@NASA', true],
    ['x', '  @Jack\u200b ', true],
    ['x', '@@x', false],
    ['facebook', ' @John.Smith ', true],
  ])('%s: raw %j is valid after normalizing: %s', (platform, raw, valid) => {
    expect(isValidHandle(platform, normalizeHandle(platform, raw))).toBe(valid);
  });
});
