import { fixturePages } from '../fixtures/pages.js';
import { caseOf, withDesk } from './desk.js';
import { expect, fixture, serve, test } from './fixtures.js';

const profile = fixturePages.xProfile;
// Marisol's upset tweet on her profile page; the header above it reads "48.2K Followers".
const upset = '1854100000000000001';

test('on an author\'s profile, the header\'s follower count goes with their posts: into the suggested priority, the case and the customer card', async () => {
  test.setTimeout(90_000);
  await withDesk({}, async ({ api, pages: [page] }) => {
    await serve(page, 'https://x.com/**', { '/marisol_vega': fixture(profile.file) });
    await page.goto(profile.url);
    const bar = page.locator(`[data-parley-post="x:${upset}"] + parley-bar`).getByTestId('parley-post-bar');

    await bar.getByTestId('parley-create-case').click();
    await expect(bar.getByTestId('parley-priority-reasons')).toContainText('48.2K followers');
    await expect(bar.getByTestId('parley-case-reach')).toHaveText('Marisol Vega · 48.2K followers');
    await bar.getByTestId('parley-case-submit').click();
    await expect(bar.getByTestId('parley-case-number')).toHaveText('#1');

    await bar.getByTestId('parley-customer').click();
    await expect(bar.getByTestId('parley-identity')).toHaveText('X: @marisol_vega · 48.2K followers');

    const kase = await caseOf(api, upset);
    const customer = (await api.call('GET', `/customers/${kase.customerId}`)).body;
    expect(customer.identities).toEqual([expect.objectContaining({ handle: 'marisol_vega', followers: 48_200 })]);
  });
});
