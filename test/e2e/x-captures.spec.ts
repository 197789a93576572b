import { fixturePages, type FixturePageName } from '../fixtures/pages.js';
import { expect, fixture, serve, test } from './fixtures.js';

/** The captures are bare fragments of x.com's DOM: the test gives each a page around it. */
const wrap = (fragment: string) => `<!doctype html><html><head><meta charset="utf-8"><title>X</title></head><body>${fragment}</body></html>`;

const captures: { name: FixturePageName; what: string; id: string; displayName: string; handle: string; text: string; quoted?: { handle: string; id?: string } }[] = [
  { name: 'xRealStatus', what: 'the focused tweet of a status page', id: '1981398750557065646', displayName: 'Test User Account', handle: 'TestUser123',
    text: "Democrat Shutdown Jeopardizes America's Skies",
  },
  {
    name: 'xRealQuote', what: 'a quote tweet (the quoted tweet gets none)', id: '1983130065320780162', displayName: 'Test Quoter', handle: 'TestQuoter',
    text: 'This is a quote tweet with additional commentary',
    quoted: { handle: 'OriginalAuthor', id: '1983129251856470493' }, // its photo links to that status
  },
  {
    name: 'xRealQuoteVideo', what: 'a quote of a video tweet (the quoted tweet gets none)', id: '1983128852952998358', displayName: 'Quoting User', handle: 'QuotingUser',
    text: 'How to share Example.com links',
    quoted: { handle: 'OriginalPoster' }, // the card links to no status of its own
  },
];

test.describe('the overlay on real x.com captures', () => {
  for (const capture of captures) {
    test(`${capture.name}: exactly one bar, for ${capture.what}`, async ({ page, api, pageErrors }) => {
      const { file, url } = fixturePages[capture.name];
      await serve(page, 'https://x.com/**', { [new URL(url).pathname]: wrap(fixture(file)) });
      await page.goto(url);

      const key = `x:${capture.id}`;
      await expect(page.locator('[data-parley-post]')).toHaveCount(1);
      await expect(page.locator('[data-parley-post]')).toHaveAttribute('data-parley-post', key);
      await expect(page.locator('article[data-testid="tweet"]').first()).toHaveAttribute('data-parley-post', key);

      await expect(page.locator('parley-bar')).toHaveCount(1);
      const bar = page.locator(`[data-parley-post="${key}"] + parley-bar`).getByTestId('parley-post-bar');
      await expect(bar).toHaveCount(1);
      await expect(bar).toHaveAttribute('aria-label', `Parley: ${capture.displayName}`);
      await expect(bar.getByTestId('parley-customer')).toHaveText(capture.displayName);

      if (capture.quoted) {
        // The quote card is inside the outer tweet: it is neither marked nor given a bar.
        const card = page.locator(`article div[role="link"]:has([data-testid="User-Name"]:has-text("@${capture.quoted.handle}"))`);
        await expect(card).toHaveCount(1);
        await expect(card.locator('[data-parley-post], parley-bar')).toHaveCount(0);
        await expect(page.locator('article parley-bar')).toHaveCount(0);
        if (capture.quoted.id) await expect(page.locator(`[data-parley-post="x:${capture.quoted.id}"]`)).toHaveCount(0);
      }

      // What the bar read from the real markup is what a case is made of.
      await bar.getByTestId('parley-create-case').click();
      await bar.getByTestId('parley-case-submit').click();
      await expect(bar.getByTestId('parley-case-number')).toHaveText(/^#\d+$/);
      const link = (await api.call('GET', `/posts/cases?platform=x&externalIds=${capture.id}`)).body.links[0];
      const detail = await api.call('GET', `/cases/${link.case.id}`);
      expect(detail.body.posts).toHaveLength(1);
      expect(detail.body.posts[0]).toMatchObject({
        externalId: capture.id, url: `https://x.com/${capture.handle}/status/${capture.id}`, text: capture.text,
        author: { handle: capture.handle.toLowerCase(), displayName: capture.displayName }, // the API keeps X handles lower-case
      });
      expect(pageErrors).toEqual([]);
    });
  }
});
