import { chromium } from '@playwright/test';
import { build } from 'esbuild';
import { reactTimelineHtml } from './test/bench/react-timeline.js';
const html = await reactTimelineHtml();
const reader = (await build({ stdin: { contents: "import { findTweets, readTweet, isPromoted, ownership } from './extension/sites/x/read.ts'; import { xSelectors } from './extension/sites/x/selectors.ts'; import * as dom from './extension/sites/dom.ts'; import * as text from './extension/sites/text.ts'; Object.assign(window, { findTweets, readTweet, isPromoted, ownership, xSelectors, dom, text });", resolveDir: process.cwd(), loader: 'ts' }, bundle: true, write: false, format: 'iife' })).outputFiles[0]!.text;
const b = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] });
const p = await b.newPage();
await p.addInitScript('globalThis.__name = (target) => target');
p.on('pageerror', e => console.log('ERR', e.message));
await p.route('https://x.com/**', r => r.fulfill({ status: 200, contentType: 'text/html', body: html }));
await p.goto('https://x.com/home');
await p.addScriptTag({ content: reader });
const r = await p.evaluate(() => {
  const w = window as any; const sel = w.xSelectors; const dom = w.dom;
  const cells = [...document.querySelectorAll('[data-testid="cellInnerDiv"]')];
  const time = (f: (c: Element) => unknown) => { const t = performance.now(); let n = 0; for (let i = 0; i < 300; i++) for (const c of cells) { f(c); n++; } return +((performance.now() - t) / n * 1000).toFixed(1); };
  const art = (c: Element) => c.querySelector('article')!;
  return {
    find: time((c) => w.findTweets(c)),
    closestPost: time((c) => dom.closestMatch(c.parentElement, sel.post)),
    selectAllPost: time((c) => dom.selectAll(c, sel.post)),
    selectAllPost0: time((c) => c.querySelectorAll(sel.post[0])),
    closestDialog: time((c) => dom.closestMatch(art(c), sel.dialog)),
    read: time((c) => w.readTweet(art(c))),
    owners: time((c) => dom.selectAll(art(c), [...sel.post, ...sel.quotedTweet])),
    times: time((c) => art(c).querySelectorAll('time[datetime]')),
    userName: time((c) => dom.selectFirst(art(c), sel.userName, () => true)),
    displayName: time((c) => dom.selectFirst(art(c).querySelector('[data-testid="User-Name"]'), sel.displayName)),
    profileLink: time((c) => dom.selectFirst(art(c).querySelector('[data-testid="User-Name"]'), sel.profileLink)),
    readText: time((c) => w.text.readText(art(c).querySelector('[data-testid="tweetText"]'))),
    readName: time((c) => w.text.readName(art(c).querySelector('[data-testid="User-Name"] div[dir="ltr"]'))),
  };
});
console.log(JSON.stringify(r));
await b.close();
