import { describe, expect, test } from 'vitest';
import { count, dayLabel, duration, percent, secondsBetween, toneScore } from '../../../../extension/entrypoints/sidepanel/reports/format.js';

describe('waits read as people say them', () => {
  test.each([
    [null, '—'], [undefined, '—'], [Number.NaN, '—'], [-5, '0 s'],
    [0, '0 s'], [45, '45 s'], [59.4, '59 s'], [60, '1 min'], [89, '1 min'], [90, '2 min'], [3570, '1 h'],
    [3600, '1 h'], [3900, '1 h 5 min'], [4500, '1 h 15 min'], [7200, '2 h'], [86_340, '23 h 59 min'],
    [86_400, '1 d'], [90_000, '1 d 1 h'], [172_799, '2 d'], [50_400 * 10, '5 d 20 h'],
  ])('%s s → %s', (seconds, words) => {
    expect(duration(seconds)).toBe(words);
  });
});

test('shares as percentages to one decimal at most', () => {
  expect(percent(0.6)).toBe('60%');
  expect(percent(0.5)).toBe('50%');
  expect(percent(2 / 3)).toBe('66.7%');
  expect(percent(1)).toBe('100%');
  expect(percent(0)).toBe('0%');
  expect(percent(null)).toBe('—');
});

test('tone with its sign, and counts and days in the given language', () => {
  expect(toneScore(0.25)).toBe('+0.25');
  expect(toneScore(-0.4)).toBe('−0.40');
  expect(toneScore(0.001)).toBe('0.00');
  expect(toneScore(null)).toBe('—');
  expect(count(12_345, 'en')).toBe('12,345');
  expect(dayLabel('2026-03-02', 'en')).toBe('Mar 2');
  expect(dayLabel('not a day', 'en')).toBe('not a day');
});

test('seconds between two times, none when either is missing', () => {
  expect(secondsBetween('2026-03-02T10:00:00.000Z', '2026-03-02T10:30:00.000Z')).toBe(1800);
  expect(secondsBetween('2026-03-02T10:00:00.000Z', null)).toBeNull();
});
