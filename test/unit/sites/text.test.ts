// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { readText, stripDecoys, toIsoTime } from '../../../extension/sites/text.js';

function element(html: string): Element {
  return new DOMParser().parseFromString(html, 'text/html').body.firstElementChild ?? document.createElement('div');
}

describe('stripDecoys', () => {
  it('removes zero-width, bidi and other invisible controls', () => {
    expect(stripDecoys('re\u200Bfu\u200Cnd\u200D \u200E\u200Fnow\u202A\u202B\u202C\u202D\u202E \u2060\u2061\u2062\u2063\u2064\u2066\u2067\u2068\u2069ok\uFEFF')).toBe('refund now ok');
  });

  it('keeps the joiner inside emoji sequences, removes it between letters', () => {
    expect(stripDecoys('👩\u200D💻 and 👨🏽\u200D🚒')).toBe('👩\u200D💻 and 👨🏽\u200D🚒');
    expect(stripDecoys('Ja\u200Dne 👩\u200D')).toBe('Jane 👩');
  });

  it('keeps ordinary text, emoji and non-Latin scripts as they are', () => {
    expect(stripDecoys('مرحبا 你好 ❤️ café')).toBe('مرحبا 你好 ❤️ café');
  });
});

describe('readText', () => {
  it('reads emoji images as their alt text and keeps the text’s own line breaks', () => {
    expect(readText(element('<div><span>Hi </span><img alt="😡" src="data:,"><span>\nbye</span></div>'))).toBe('Hi 😡\nbye');
  });

  it('starts a new line only at the elements named as lines', () => {
    const html = '<div><div dir="auto">one</div>\n<div dir="auto">two <div class="inline">@x</div></div></div>';
    expect(readText(element(html), { lines: ['div[dir="auto"]'] })).toBe('one\ntwo @x');
    expect(readText(element(html))).toBe('one\ntwo @x');
  });

  it('leaves out skipped controls and scripts', () => {
    const html = '<div>Long text<div role="button">See more</div><script>ignored()</script></div>';
    expect(readText(element(html), { skip: ['[role="button"]'] })).toBe('Long text');
  });
});

describe('toIsoTime', () => {
  it('normalises a datetime and rejects anything else', () => {
    expect(toIsoTime('2025-10-28T11:13:47.000Z')).toBe('2025-10-28T11:13:47.000Z');
    expect(toIsoTime('2025-10-28T13:13:47+02:00')).toBe('2025-10-28T11:13:47.000Z');
    expect(toIsoTime('yesterday')).toBeUndefined();
    expect(toIsoTime(null)).toBeUndefined();
  });
});
