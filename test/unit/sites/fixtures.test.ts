// @vitest-environment jsdom
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { fixturePath, type FixturePageName } from '../../fixtures/pages.js';
import { loadPage } from './load.js';

const sha256 = (name: FixturePageName) => createHash('sha256').update(readFileSync(fixturePath(name))).digest('hex');
const builtPages = ['xStatus', 'xTimeline', 'xProfile', 'facebookPost'] as const;

describe('fixture pages', () => {
  it('keep the real X captures byte for byte', () => {
    expect(sha256('xRealStatus')).toBe('5db4f69b2e9b66fb0ff2e55d7596a41cc06ba7002d2edc9cbac052f075a2b072');
    expect(sha256('xRealQuote')).toBe('9af5454e919b7238c2ec2fc0da105cc885fc1a4c5d9066f353fb38f9f8bd8ce2');
    expect(sha256('xRealQuoteVideo')).toBe('580dbfeee4a514e845795e177bc7da69a3c48d64df4f764b733862b3dab457c4');
  });

  it('share one X page script between the status page and the timeline', () => {
    const script = (name: FixturePageName) => loadPage(name).document.getElementById('fixture-x-page')?.textContent;
    expect(script('xStatus')).toBeTruthy();
    expect(script('xStatus')).toBe(script('xTimeline'));
  });

  it('load nothing from the network', () => {
    for (const name of builtPages) {
      const { document } = loadPage(name);
      expect(document.querySelectorAll('script[src], link[rel="stylesheet"], iframe, video, audio, source')).toHaveLength(0);
      const sources = Array.from(document.querySelectorAll('[src]'), (element) => element.getAttribute('src') ?? '');
      expect(sources.filter((source) => !source.startsWith('data:'))).toEqual([]);
      expect(document.documentElement.outerHTML).not.toMatch(/url\(\s*["']?(https?:)?\/\//);
    }
  });

  it('run their page code without errors', () => {
    for (const name of builtPages) expect(loadPage(name, { scripts: true }).errors).toEqual([]);
  });

  it('hold hostile names and texts as escaped text', () => {
    const html = readFileSync(fixturePath('xStatus'), 'utf8');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
  });

  it('say that the Facebook page is built, not captured', () => {
    expect(readFileSync(fixturePath('facebookPost'), 'utf8')).toContain('No public capture of facebook.com exists');
  });
});
