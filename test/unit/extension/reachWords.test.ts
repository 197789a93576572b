import { describe, expect, it } from 'vitest';
import { reachWords } from '../../../extension/words.js';

describe('an author\'s reach in words', () => {
  it('says "reach unknown" while the page has never shown it, never 0', () => {
    expect(reachWords(null)).toBe('reach unknown');
    expect(reachWords(undefined)).toBe('reach unknown');
  });

  it('gives a count the page showed, 0 included, in short form', () => {
    expect(reachWords(0)).toBe('0 followers');
    expect(reachWords(950)).toBe('950 followers');
    expect(reachWords(48_200)).toBe('48.2K followers');
    expect(reachWords(1_250_000)).toBe('1.3M followers');
  });
});
