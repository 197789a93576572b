/**
 * Everything the Facebook adapter knows about facebook.com's markup. Each entry lists
 * alternatives, most current first, each named by the page variant it covers.
 * `test/unit/sites/facebook-selectors.test.ts` counts what every entry matches on saved pages.
 */
export const facebookSelectors = {
  /** A post: an article without a label (comments and replies carry one). */
  post: [
    '[role="feed"] div[role="article"]:not([aria-label])', // news feed, page and group timelines (2021–2025)
    '[role="main"] div[role="article"]:not([aria-label])', // a post's own page (/posts/, permalink.php)
    'div[role="article"][aria-posinset]:not([aria-label])', // feed units rendered outside a feed list
  ],
  /** A comment on a post. */
  comment: [
    'div[role="article"][aria-label^="Comment by"]', // English UI (2021–2025)
  ],
  /** A reply to a comment. */
  reply: [
    'div[role="article"][aria-label^="Reply by"]', // English UI (2021–2025)
  ],
  /** A comment or reply in any UI language: a labelled article with a comment permalink. */
  commentAnyLanguage: [
    'div[role="article"][aria-label]:has(a[href*="comment_id="])', // translated UIs (2021–2025)
  ],
  /** The list item holding a comment, its replies and its reply box. */
  commentThread: [
    'ul > li', // comment list (2021–2025)
  ],
  /** Links that open a post on its own page. */
  postPermalink: [
    'a[href*="/posts/"]', // page and profile posts: /<page>/posts/<id or pfbid…>
    'a[href*="story_fbid="]', // permalink.php and story.php
    'a[href*="/permalink/"]', // group posts: /groups/<group>/permalink/<id>
  ],
  /** A comment's or reply's timestamp link (`comment_id=…`, `reply_comment_id=…`). */
  commentPermalink: [
    'a[href*="comment_id="]', // every layout since 2020
  ],
  /** Links to the author, name first. */
  authorLink: [
    '[data-ad-rendering-role="profile_name"] a[href]', // post header (2024–2025)
    'h2 a[href]', // post header on a post's page (2021–2024)
    'h3 a[href]', // post header in groups (2021–2024)
    'a[role="link"][href]:not([aria-hidden="true"])', // comment and reply: the name above the text
  ],
  /** The text of a post. */
  postText: [
    '[data-ad-rendering-role="story_message"]', // post body (2024–2025)
    '[data-ad-preview="message"]', // post body (2021–2024)
    '[data-ad-comet-preview="message"]', // post body (2020–2021)
  ],
  /** The text of a comment or reply. */
  commentText: [
    'span[dir="auto"][lang]', // comment bubble body (2021–2025)
    'div[dir="auto"][style*="text-align"]', // one paragraph of a comment bubble
  ],
  /** Paragraphs of a post's or comment's text: each starts a new line. */
  textLine: [
    'div[dir="auto"]', // paragraph of a post or comment (2021–2025)
  ],
  /** Controls inside a text that are not part of it ("See more", "See translation"). */
  textControls: [
    '[role="button"]', // expanders inside post and comment text
  ],
  /** The post's own button that opens its comment box. */
  commentButton: [
    'div[role="button"][aria-label="Leave a comment"]', // post action bar (2021–2025)
    'div[role="button"][aria-label="Comment"]:not(form *)', // post action bar, older label
  ],
  /** Buttons under a comment (Like, Reply…); the text decides, see `facebookTexts.replyButton`. */
  commentAction: [
    'li div[role="button"]', // comment action row (2021–2025)
  ],
  /** The Lexical comment and reply box. */
  editor: [
    'div[contenteditable="true"][role="textbox"][data-lexical-editor="true"]', // Lexical (2022–2025)
    'form div[contenteditable="true"][role="textbox"]', // Draft.js box of the 2020–2022 layout
  ],
  /** A line of text in the editor. */
  editorBlock: [
    'p', // Lexical paragraph
    '[data-block="true"]', // Draft.js block
  ],
  /** An editor whose mention or emoji menu is open: Enter then picks, it does not send. */
  editorWithMenu: [
    '[aria-expanded="true"]', // typeahead open
    '[aria-activedescendant]:not([aria-activedescendant=""])', // an option is highlighted
  ],
  /** The button that sends what is in the comment box. */
  sendButton: [
    '#focused-state-composer-submit', // comment box arrow (2023–2025)
    'form div[role="button"][aria-label="Comment"]', // comment box arrow
    'form div[role="button"][aria-label="Reply"]', // reply box arrow
    'form div[role="button"][aria-label="Post comment"]', // comment box arrow, older label
  ],
  /** Links whose text is a profile's or page's follower count ("12K followers"), in its header. */
  followersLink: [
    'a[href*="/followers"]', // `/<name>/followers/` on profiles and pages (2022–2025)
    'a[href*="sk=followers"]', // `profile.php?id=<id>&sk=followers` for profiles without a name
  ],
} as const;

/** Texts that name controls. */
export const facebookTexts = {
  /** A comment's reply button. */
  replyButton: ['Reply'],
} as const;
