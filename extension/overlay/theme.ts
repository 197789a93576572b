/** Follows the site's light or dark theme, read from the page's own background colour. */
import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import type { OverlayStore } from './store.js';

function luminance(color: string): number | undefined {
  const parts = color.match(/[\d.]+/g)?.map(Number);
  if (!parts || parts.length < 3) return undefined;
  if (parts.length >= 4 && parts[3] === 0) return undefined; // transparent: look further out
  const [r = 0, g = 0, b = 0] = parts;
  return (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255;
}

export function pageTheme(): 'light' | 'dark' {
  for (const element of [document.body, document.documentElement]) {
    if (!element) continue;
    const value = luminance(getComputedStyle(element).backgroundColor);
    if (value !== undefined) return value < 0.4 ? 'dark' : 'light';
  }
  return matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
}

export function watchTheme(ctx: ContentScriptContext, store: OverlayStore): void {
  const update = () => store.updatePage({ theme: pageTheme() });
  update();
  const observer = new MutationObserver(update);
  const options = { attributes: true, attributeFilter: ['class', 'style', 'data-theme'] };
  observer.observe(document.documentElement, options);
  observer.observe(document.body, options);
  ctx.onInvalidated(() => observer.disconnect());
  const media = matchMedia('(prefers-color-scheme: dark)');
  ctx.addEventListener(media, 'change', update);
}
