/**
 * `npm run icons`: renders Parley's mark (public/icon/parley.svg) to the PNGs the manifest, the
 * toolbar, the extension's pages and the store use, in the same Chromium the tests drive, so the
 * same source always gives the same pixels on a machine. Also the store's 440×280 promo tile.
 */
import { chromium } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { chromiumPath, root } from '../test/e2e/fixtures.js';

export const ICON_SIZES = [16, 32, 48, 128] as const;
const svg = readFileSync(resolve(root, 'public/icon/parley.svg'), 'utf8');
const mark = `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}`;

const iconPage = `<!doctype html><style>html,body{margin:0;background:transparent}img{display:block;width:100vw;height:100vh}</style><img src="${mark}">`;

// The tile: the mark in white on the brand blue, with the name and what it does.
const whiteMark = `data:image/svg+xml;base64,${Buffer.from(svg.replace('fill="#1d6fe8"', 'fill="#fff"').replace('stroke="#fff"', 'stroke="#1d6fe8"')).toString('base64')}`;
const tilePage = `<!doctype html><style>
  html,body{margin:0;width:440px;height:280px;background:#1d6fe8;color:#fff;font-family:system-ui,sans-serif}
  main{display:flex;align-items:center;gap:22px;height:100%;padding:0 34px;box-sizing:border-box}
  img{width:108px;height:108px} h1{margin:0;font-size:44px;letter-spacing:-0.5px} p{margin:6px 0 0;font-size:17px;line-height:1.35}
</style><main><img src="${whiteMark}"><div><h1>Parley</h1><p>Customer care on X and Facebook, beside every post.</p></div></main>`;

async function main() {
  const browser = await chromium.launch({ executablePath: chromiumPath(), headless: true, args: ['--no-sandbox', '--disable-gpu', '--font-render-hinting=none'] });
  try {
    for (const size of ICON_SIZES) {
      const page = await browser.newPage({ viewport: { width: size, height: size }, deviceScaleFactor: 1 });
      await page.setContent(iconPage);
      await page.locator('img').evaluate((img: HTMLImageElement) => img.decode());
      await page.screenshot({ path: resolve(root, `public/icon/${size}.png`), omitBackground: true });
      await page.close();
      console.log(`public/icon/${size}.png`);
    }
    const tile = await browser.newPage({ viewport: { width: 440, height: 280 }, deviceScaleFactor: 1 });
    await tile.setContent(tilePage);
    await tile.locator('img').evaluate((img: HTMLImageElement) => img.decode());
    await tile.screenshot({ path: resolve(root, 'docs/store/promo-tile-440x280.png') });
    console.log('docs/store/promo-tile-440x280.png');
  } finally {
    await browser.close();
  }
}

await main();
