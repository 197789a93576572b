/** Handles that name Object.prototype's members are keys like any other: their bars show their cases. */
import { fixturePages } from '../fixtures/pages.js';
import { expect, fixture, serve, test } from './fixtures.js';
import { statusBar, statusIds } from './x-status.js';

for (const [i, handle] of ['constructor', '__proto__', 'valueOf', 'toString'].entries()) {
  // A post of its own per handle: the API server lives as long as the worker.
  const id = `18512500998877665${60 + i}`;
  test(`a post by @${handle} gets its bar and its case badge`, async ({ page, api, pageErrors }) => {
    const status = fixturePages.xStatus;
    const html = fixture(status.file).replaceAll('priya_n', handle).replaceAll(statusIds.priya, id);
    const made = await api.call('POST', '/cases', {
      post: { platform: 'x', externalId: id, url: `https://x.com/${handle}/status/${id}`, author: { handle, displayName: 'Priya N.' }, text: 'Status page says all good' },
    });
    expect(made.status).toBe(201);
    await serve(page, 'https://x.com/**', { [new URL(status.url).pathname]: html });
    await page.goto(status.url);
    const bar = statusBar(page, id);
    await expect(bar.getByTestId('parley-case-badge')).toContainText(`#${made.body.case.number}`);
    await expect(bar.getByTestId('parley-customer')).toHaveText('Priya N. · 1 case');
    expect(pageErrors).toEqual([]);
  });
}
