import { expect, launchWithExtension, signInBrowser, test } from './fixtures.js';
import { openStatus, statusBar, statusIds } from './x-status.js';

// The case goes on Lee's post and the presence on Priya's and Dana's: other specs need Priya's without a case.
const { dana, lee, priya } = statusIds;
const bar = statusBar;

test('two agents: a case one opens shows on the other\'s screen, and so does who is replying', async ({ page, api, pageErrors }) => {
  const agentB = { email: `maya.${Date.now()}@brand.test`, password: 'maya password 123', name: 'Maya' };
  expect((await api.call('POST', '/agents', { ...agentB, role: 'agent' })).status).toBe(201);
  // Other specs in this worker may have opened a case on Lee's post: resolve it, so A can open a new one.
  const earlier = (await api.call('GET', `/posts/cases?platform=x&externalIds=${lee}`)).body.links[0]?.case;
  if (earlier && ['new', 'open', 'pending'].includes(earlier.status)) {
    expect((await api.call('PATCH', `/cases/${earlier.id}`, { status: 'resolved', version: earlier.version })).status).toBe(200);
  }
  const b = await launchWithExtension();
  try {
    await signInBrowser(b, api, agentB);
    const pageB = await b.context.newPage();
    const errorsB: string[] = [];
    pageB.on('pageerror', (error) => errorsB.push(error.message));

    await openStatus(page);
    await openStatus(pageB);
    await expect(bar(pageB, lee).getByTestId('parley-create-case')).toBeVisible();

    // A opens a case from the bar; B's open page shows its badge without a reload.
    await bar(page, lee).getByTestId('parley-create-case').click();
    await bar(page, lee).getByTestId('parley-case-submit').click();
    const badgeA = bar(page, lee).getByTestId('parley-case-badge');
    await expect(badgeA).toBeVisible();
    await expect(bar(page, lee).getByTestId('parley-case-number')).toHaveText(/^#\d+$/);
    const number = (await bar(page, lee).getByTestId('parley-case-number').textContent())!;
    await expect(bar(pageB, lee).getByTestId('parley-case-badge')).toContainText(number, { timeout: 3000 });

    // B starts a case on another post: A sees who is replying, within a second or two.
    await bar(pageB, priya).getByTestId('parley-create-case').click();
    await expect(bar(page, priya).getByTestId('parley-presence')).toHaveText('Maya is replying', { timeout: 3000 });
    await expect(bar(pageB, priya).getByTestId('parley-presence')).toHaveCount(0);

    // B clicks into the site's own reply box under Dana's tweet: A sees that too.
    await pageB.locator('[data-fixture="inline-composer"] [data-testid="tweetTextarea_0"]').click();
    await expect(bar(page, dana).getByTestId('parley-presence')).toHaveText('Maya is replying', { timeout: 3000 });

    // A status change made elsewhere reaches both.
    const found = (await api.call('GET', `/posts/cases?platform=x&externalIds=${lee}`)).body.links[0].case;
    expect((await api.call('PATCH', `/cases/${found.id}`, { status: 'pending', version: found.version })).status).toBe(200);
    await expect(bar(page, lee).getByTestId('parley-case-status')).toHaveValue('pending', { timeout: 3000 });
    await expect(bar(pageB, lee).getByTestId('parley-case-status')).toHaveValue('pending', { timeout: 3000 });
    expect(errorsB).toEqual([]);
    expect(pageErrors).toEqual([]);
  } finally {
    await b.close();
  }
});
