/** On a thread, a reply by one of the team's own profiles below a post in a case is shown as the team's answer, and can be recorded on it. */
import { startApi } from './api-server.js';
import { caseOf } from './desk.js';
import { expect, launchWithExtension, signInBrowser, test, watchPageErrors } from './fixtures.js';
import { openStatus, statusBar, statusIds } from './x-status.js';

test('a brand reply below a post in a case is the team\'s answer on it, recorded once with one click, and known as such after a reload', async () => {
  test.setTimeout(90_000);
  const api = await startApi();
  const browser = await launchWithExtension();
  try {
    // Sam's account is the team's: Sam's reply, right below Dana's post, answers it.
    expect((await api.call('PUT', '/settings/accounts', { accounts: [{ platform: 'x', handle: 'sam_okafor' }] })).status).toBe(200);
    await signInBrowser(browser, api);
    const page = await browser.context.newPage();
    const errors = watchPageErrors(page);
    await openStatus(page);
    const ours = statusBar(page, statusIds.sam);
    await expect(ours).toHaveAttribute('data-brand', 'true');
    // Dana's post is in no case yet: Sam's reply answers nothing Parley tracks.
    await expect(ours.getByTestId('parley-team-answer')).toHaveCount(0);

    const dana = statusBar(page, statusIds.dana);
    await dana.getByTestId('parley-create-case').click();
    await dana.getByTestId('parley-case-submit').click();
    await expect(dana.getByTestId('parley-case-number')).toBeVisible();
    await expect.poll(async () => (await caseOf(api, statusIds.dana))?.number).toBe(1);
    const answer = ours.getByTestId('parley-team-answer');
    await expect(answer).toHaveText('· the team\'s answer on case #1');
    await expect(answer).not.toHaveAttribute('data-recorded', 'true');
    // Mallory's post, below Sam's, is a customer's as before; it answers nothing.
    await expect(statusBar(page, statusIds.mallory).getByTestId('parley-create-case')).toBeVisible();
    await expect(statusBar(page, statusIds.mallory).getByTestId('parley-team-answer')).toHaveCount(0);

    await ours.getByTestId('parley-record-answer').click();
    await expect(ours.getByTestId('parley-notice')).toHaveText('Recorded as the reply on case #1');
    await expect(answer).toHaveAttribute('data-recorded', 'true');
    await expect(ours.getByTestId('parley-record-answer')).toHaveCount(0);
    const kase = (await caseOf(api, statusIds.dana))!;
    const detail = (await api.call('GET', `/cases/${kase.id}`)).body;
    const replies = detail.timeline.filter((event: { type: string }) => event.type === 'reply');
    expect(replies).toHaveLength(1);
    expect(replies[0].data).toMatchObject({ postExternalId: statusIds.sam, text: expect.stringContaining('Same here, second broken screen this month') });
    // Posted before the case was opened: answered from the case's first moment.
    expect(detail.case.firstResponseAt).toBe(detail.case.createdAt);
    await expect(dana.getByTestId('parley-case-number')).toBeVisible();

    // The same thread in another browser, whose cache never saw it recorded: the server says it is.
    const other = await launchWithExtension();
    try {
      await signInBrowser(other, api);
      const again = await other.context.newPage();
      errors.push(...watchPageErrors(again));
      await openStatus(again);
      await expect(statusBar(again, statusIds.sam).getByTestId('parley-team-answer')).toHaveAttribute('data-recorded', 'true');
      await expect(statusBar(again, statusIds.sam).getByTestId('parley-record-answer')).toHaveCount(0);
    } finally {
      await other.close();
    }
    expect(errors).toEqual([]);
  } finally {
    await browser.close();
    await api.stop();
  }
});
