/**
 * Builds the React timeline page (`test/fixtures/x/react-timeline/`) into one HTML document, once
 * per bench run: esbuild bundles React 19 in production mode and the page inlines the bundle.
 */
import { build } from 'esbuild';
import { resolve } from 'node:path';

const source = resolve(import.meta.dirname, '../fixtures/x/react-timeline');

export async function reactTimelineHtml(): Promise<string> {
  const bundle = await build({
    entryPoints: [resolve(source, 'Timeline.tsx')], bundle: true, write: false, minify: true, format: 'iife',
    jsx: 'automatic', define: { 'process.env.NODE_ENV': '"production"' }, target: 'chrome120',
  });
  const script = bundle.outputFiles[0]!.text.replaceAll('</script', '<\\/script');
  return `<!DOCTYPE html>
<html dir="ltr" lang="en"><head><meta charset="utf-8"><title>Home / X</title>
<style>
  body { margin: 0; font: 15px/20px system-ui, sans-serif; color: rgb(15, 20, 25); background: #fff; }
  main { max-width: 600px; margin: 0 auto; } .r-18u37iz { display: flex; } .r-1iusvr4 { flex: 1; margin-left: 8px; }
  [data-testid="cellInnerDiv"] > div { border-bottom: 1px solid rgb(239, 243, 244); padding: 12px 16px; }
  article a { color: inherit; text-decoration: none; } [role="group"] { display: flex; gap: 32px; margin-top: 8px; }
  svg { width: 18px; height: 18px; } img { width: 100%; height: 100%; } .r-9aw3ui { border: 1px solid #cfd9de; border-radius: 16px; padding: 8px; margin-top: 8px; }
  [data-testid="tweetPhoto"] { height: 100%; overflow: hidden; }
</style></head>
<body><div id="react-root"></div><script>${script}</script></body></html>`;
}
