/**
 * Everything the X adapter knows about x.com's markup. Each entry lists alternatives, most
 * current first, each named by the page variant it covers. `test/unit/sites/x-selectors.test.ts`
 * counts what every entry matches on saved pages.
 */
export const xSelectors = {
  /** One tweet. */
  post: [
    'article[data-testid="tweet"]', // timelines, status pages, search, profiles, notifications (2020–2025)
    'article[role="article"]:has([data-testid="User-Name"])', // tweets rendered without the tweet test id
  ],
  /** The card of a quoted tweet inside a tweet: its name, text and time belong to another post. */
  quotedTweet: [
    'div[role="link"][tabindex="0"]:has([data-testid="User-Name"])', // quote card (2023–2025)
    'div[role="blockquote"]', // quote card of the 2019–2022 layout
  ],
  /** The block with the author's name, @handle and (outside status pages) the time. */
  userName: [
    '[data-testid="User-Name"]', // every layout since 2020
  ],
  /** The display name: the first line of the User-Name block's profile link. */
  displayName: [
    '[data-testid="User-Name"] a[role="link"]:not([tabindex="-1"]) div[dir="ltr"]:first-child', // tweet header (2022–2025)
    '[data-testid="User-Name"] div[dir="ltr"]:first-child', // names without a profile link
  ],
  /** Links to the author's profile (`/<handle>`). */
  profileLink: [
    '[data-testid="User-Name"] a[role="link"][href^="/"]:not([href*="/status/"])', // tweet header (2020–2025)
  ],
  /** The `@handle` text, when no profile link can be read. */
  handleText: [
    '[data-testid="User-Name"] a[tabindex="-1"] span', // tweet header (2022–2025)
    '[data-testid="User-Name"] div[dir="ltr"] > span', // tweet header without links
  ],
  /** The tweet's text. */
  tweetText: [
    '[data-testid="tweetText"]', // every layout since 2021
  ],
  /** The post time; the one inside a status link dates this tweet. */
  timestamp: [
    'time[datetime]', // header time on timelines, footer time on a status page
  ],
  /** A link to a tweet's permalink. */
  statusLink: [
    'a[href*="/status/"]', // `/<handle>/status/<id>` (and `/i/web/status/<id>`)
  ],
  /** Where a promotion label can sit (the text decides, see `xTexts.adLabel`). */
  adLabel: [
    'div[dir="ltr"] > span', // "Ad" beside the caret (2023–2025)
    'div[dir="auto"] > span', // "Promoted" under the actions (2019–2023)
  ],
  /** Content that may read "Ad" without being a promotion label. */
  adLabelLookalikes: [
    '[data-testid="tweetText"]', // the tweet's own words
    '[data-testid="User-Name"]', // an account named "Ad"
    '[data-testid="socialContext"]', // "Ad reposted"
    '[data-testid="card.wrapper"]', // a link card's title
  ],
  /** The tweet's own reply button. */
  replyButton: [
    '[data-testid="reply"]', // action bar (2020–2025)
  ],
  /** The Draft.js editor of a composer. */
  editor: [
    '[data-testid^="tweetTextarea_"][role="textbox"]', // inline reply box and reply dialog (2021–2025)
    'div.public-DraftEditor-content[contenteditable="true"]', // composer without test ids
  ],
  /** A line of text in the editor. */
  editorBlock: [
    '[data-block="true"]', // Draft.js block
  ],
  /** Buttons that post what is in the composer. */
  sendButton: [
    '[data-testid="tweetButtonInline"]', // inline box on a status page and the home composer
    '[data-testid="tweetButton"]', // reply dialog
  ],
  /** Any modal layer. */
  dialog: [
    '[role="dialog"]', // modal layer (2020–2025)
  ],
  /** The reply dialog: a modal holding a composer. */
  replyDialog: [
    '[role="dialog"]:has([data-testid^="tweetTextarea_"])', // reply modal at /compose/post (2023–2025)
  ],
  /**
   * Links whose text is an account's follower count, on screen when the agent looks: the
   * `/<handle>/…` in the address names the account. List tabs reading "Verified Followers" carry
   * no count and are skipped by the reader.
   */
  followersLink: [
    'a[href$="/verified_followers"]:not([role="tab"])', // profile header and hover card (2023–2025)
    'a[href$="/followers"]:not([role="tab"])', // profile header and hover card before 2023
  ],
} as const;

/** Texts that are markers rather than content. */
export const xTexts = {
  /** The whole text of a promotion label. */
  adLabel: ['Ad', 'Promoted'],
} as const;
