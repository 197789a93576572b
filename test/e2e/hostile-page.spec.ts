/**
 * The page is hostile. A script on x.com (the site's own, a third-party tag, an XSS) tries to read
 * what Parley shows and to make Parley act, on the store build that ships: it walks the document,
 * patches `attachShadow`, selects everything, searches the text, dispatches events and sends WXT's
 * "a newer content script started" message. The agent's own clicks, made by the browser, still work.
 */
import type { BrowserContext, CDPSession, Page } from '@playwright/test';
import { startApi, type ApiServer } from './api-server.js';
import { caseOf, xPost } from './desk.js';
import { expect, launchWithExtension, signInBrowser, test, watchPageErrors } from './fixtures.js';
import { openStatus, statusBar, statusIds } from './x-status.js';

const { dana, sam, priya } = statusIds;

// What only the team may see, and only in the side panel: a bar is never handed it.
const SECRETS = {
  customerNote: 'Refund 4417 approved by Jo',
  internalNote: 'Escalated to legal, do not promise anything',
  otherSite: 'dana.rivers.fb',
};
// What only the team may see, and a bar shows: none of it is in the page itself.
const ON_BAR = {
  vip: 'VIP',
  tag: 'chargeback-watch',
  // The excerpt of Dana's case on Facebook, in her history.
  history: 'Still waiting',
};
const everything = [...Object.values(ON_BAR), ...Object.values(SECRETS)];

/** Dana's case, with a customer note, VIP, a tag, her Facebook identity and case, and an internal note. */
async function seed(api: ApiServer): Promise<void> {
  const made = await api.call('POST', '/cases', { post: xPost(dana, 'dana_rivers', 'Dana Rivers', 'my order is late') });
  expect(made.status).toBe(201);
  const facebook = await api.call('POST', '/cases', {
    post: { platform: 'facebook', externalId: '7001', url: 'https://www.facebook.com/dana.rivers.fb/posts/7001', author: { handle: SECRETS.otherSite, displayName: 'Dana R.' }, text: 'Still waiting' },
  });
  expect(facebook.status).toBe(201);
  const customerId = made.body.case.customerId as string;
  expect((await api.call('POST', `/customers/${customerId}/merge`, { otherCustomerId: facebook.body.case.customerId })).status).toBe(200);
  expect((await api.call('PATCH', `/customers/${customerId}`, { notes: SECRETS.customerNote, vip: true, tags: [ON_BAR.tag] })).status).toBe(200);
  expect((await api.call('POST', `/cases/${made.body.case.id}/notes`, { body: SECRETS.internalNote })).status).toBe(201);
}

// The page's own spy, installed before any of its scripts run: every shadow root made through its
// `attachShadow`, closed ones included, as a tag manager could.
const spyOnShadowRoots = () => {
  const caught: ShadowRoot[] = [];
  (window as unknown as { __caughtRoots: ShadowRoot[] }).__caughtRoots = caught;
  const attach = Element.prototype.attachShadow;
  Element.prototype.attachShadow = function (this: Element, init: ShadowRootInit) {
    const root = attach.call(this, init);
    caught.push(root);
    return root;
  };
};

/** Everything a page script can read of the document, by every means it has. */
function readAsThePage(page: Page, secrets: string[]) {
  return page.evaluate((secrets) => {
    const texts: string[] = [];
    const walk = (node: Node) => {
      if (node.nodeType === Node.TEXT_NODE) texts.push(node.nodeValue ?? '');
      if (node instanceof Element) {
        if (node.shadowRoot) walk(node.shadowRoot);
        for (const attribute of node.attributes) texts.push(attribute.value);
      }
      for (const child of node.childNodes) walk(child);
    };
    walk(document);
    for (const root of (window as unknown as { __caughtRoots: ShadowRoot[] }).__caughtRoots) walk(root);
    texts.push(document.body.innerText, document.documentElement.outerHTML);
    const selection = getSelection()!;
    selection.selectAllChildren(document.body);
    texts.push(selection.toString());
    document.execCommand('selectAll');
    texts.push(getSelection()!.toString());
    selection.removeAllRanges();
    const read = texts.join('\n');
    return {
      hosts: document.querySelectorAll('parley-bar').length,
      openRoots: [...document.querySelectorAll('parley-bar')].filter((host) => host.shadowRoot).length,
      seen: secrets.filter((secret) => read.includes(secret)),
      // `window.find` searches what is rendered, shadow trees included: it must not find them either.
      found: secrets.filter((secret) => {
        const hit = (window as unknown as { find(text: string): boolean }).find(secret);
        getSelection()!.removeAllRanges();
        return hit;
      }),
    };
  }, secrets);
}

interface Node$ {
  nodeId: number;
  nodeType: number;
  nodeName: string;
  nodeValue: string;
  attributes?: string[];
  children?: Node$[];
  shadowRoots?: (Node$ & { shadowRootType?: string })[];
}

/**
 * Parley's UI as the browser itself sees it, closed shadow roots included: DevTools' view, which
 * no page script has. It finds where the agent would click and proves what is on screen.
 */
class Screen {
  private constructor(private readonly cdp: CDPSession, private readonly page: Page) {}
  static async of(page: Page): Promise<Screen> {
    return new Screen(await page.context().newCDPSession(page), page);
  }

  private async tree(): Promise<Node$> {
    return (await this.cdp.send('DOM.getDocument', { depth: -1, pierce: true })).root as Node$;
  }

  private static attribute(node: Node$, name: string): string | undefined {
    const list = node.attributes ?? [];
    for (let i = 0; i < list.length; i += 2) if (list[i] === name) return list[i + 1];
    return undefined;
  }

  private static *walk(node: Node$): Generator<Node$> {
    yield node;
    for (const root of node.shadowRoots ?? []) yield* Screen.walk(root);
    for (const child of node.children ?? []) yield* Screen.walk(child);
  }

  private static find(node: Node$, test: (node: Node$) => boolean): Node$ | undefined {
    for (const each of Screen.walk(node)) if (test(each)) return each;
    return undefined;
  }

  /** The shadow root of the bar under the post `id`, and whether the page could open it. */
  async bar(id: string): Promise<Node$ & { shadowRootType?: string }> {
    const tree = await this.tree();
    const cell = Screen.find(tree, (node) => Screen.attribute(node, 'data-testid') === 'cellInnerDiv'
      && Screen.find(node, (inner) => Screen.attribute(inner, 'data-parley-post') === `x:${id}`) !== undefined);
    const host = cell && Screen.find(cell, (node) => node.nodeName === 'PARLEY-BAR');
    const root = host?.shadowRoots?.[0];
    if (!root) throw new Error(`No Parley bar under post ${id}`);
    return root;
  }

  /** The text the bar under the post `id` shows. */
  async textOf(id: string): Promise<string> {
    const root = await this.bar(id);
    return [...Screen.walk(root)].filter((node) => node.nodeType === 3).map((node) => node.nodeValue).join(' ');
  }

  async has(id: string, testId: string): Promise<boolean> {
    return Screen.find(await this.bar(id), (node) => Screen.attribute(node, 'data-testid') === testId) !== undefined;
  }

  /** A real click of the mouse, made by the browser, on the element `testId` of a bar. */
  async click(id: string, testId: string): Promise<void> {
    await expect.poll(() => this.has(id, testId), { message: `${testId} in the bar of ${id}` }).toBe(true);
    const node = Screen.find(await this.bar(id), (each) => Screen.attribute(each, 'data-testid') === testId)!;
    await this.cdp.send('DOM.scrollIntoViewIfNeeded', { nodeId: node.nodeId });
    const { model } = await this.cdp.send('DOM.getBoxModel', { nodeId: node.nodeId });
    const [x1, y1, , , x3, y3] = model.content as number[];
    await this.page.mouse.click((x1! + x3!) / 2, (y1! + y3!) / 2);
  }
}

/** The page dispatches what an agent's input would: on every host it can reach, and on the document. */
function driveAsThePage(page: Page) {
  return page.evaluate(() => {
    const hosts = [...document.querySelectorAll('parley-bar, parley-selection')];
    for (const host of hosts) {
      (host as HTMLElement).click();
      for (const type of ['pointerdown', 'mousedown', 'pointerup', 'mouseup', 'click']) host.dispatchEvent(new MouseEvent(type, { bubbles: true, composed: true }));
      host.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true, composed: true }));
    }
    // Through the roots the spy caught, if any: the deepest the page could ever reach.
    for (const root of (window as unknown as { __caughtRoots: ShadowRoot[] }).__caughtRoots) {
      for (const button of root.querySelectorAll('button')) button.click();
    }
    return hosts.length;
  });
}

const countReplies = async (api: ApiServer, caseId: string) =>
  (await api.call('GET', `/cases/${caseId}`)).body.timeline.filter((event: { type: string }) => event.type === 'reply').length;
const settle = (ms = 1500) => new Promise((done) => setTimeout(done, ms));

async function openBrowser(build: 'test' | 'store', api: ApiServer) {
  const browser = await launchWithExtension(build);
  await signInBrowser(browser, api);
  const page = await browser.context.newPage();
  await page.addInitScript(spyOnShadowRoots);
  const errors = watchPageErrors(page);
  await openStatus(page);
  return { browser, page, errors };
}

test.describe('the store build, on a hostile page', () => {
  let api: ApiServer;
  let browser: { context: BrowserContext; extensionId: string; close: () => Promise<void> };
  let page: Page;
  let errors: string[];
  test.beforeAll(async () => {
    api = await startApi();
    await seed(api);
  });
  test.afterAll(async () => {
    await api.stop();
  });
  test.beforeEach(async () => {
    ({ browser, page, errors } = await openBrowser('store', api));
  });
  test.afterEach(async () => {
    expect(errors, 'errors thrown into the page').toEqual([]);
    await browser.close();
  });

  test('what Parley shows the agent cannot be read from the page', async () => {
    const screen = await Screen.of(page);
    await expect.poll(() => screen.textOf(dana)).toContain('VIP');
    expect((await screen.bar(dana)).shadowRootType).toBe('closed');
    // The agent opens the customer card, then the case: what a bar shows is on screen, and only there;
    // the notes and the other site's profile are not even in Parley's own part of the page.
    await screen.click(dana, 'parley-customer');
    await expect.poll(() => screen.textOf(dana)).toContain(ON_BAR.history);
    expect(await screen.textOf(dana)).toContain(ON_BAR.tag);
    expect(await screen.textOf(dana)).toContain('dana_rivers');
    for (const secret of Object.values(SECRETS)) expect(await screen.textOf(dana)).not.toContain(secret);
    const whileCard = await readAsThePage(page, everything);
    await screen.click(dana, 'parley-case-number');
    await expect.poll(() => screen.textOf(dana)).toContain('Notes and timeline in the side panel');
    for (const secret of Object.values(SECRETS)) expect(await screen.textOf(dana)).not.toContain(secret);
    const whileCase = await readAsThePage(page, everything);

    for (const read of [whileCard, whileCase]) {
      expect(read.hosts).toBeGreaterThan(3);
      expect(read.openRoots).toBe(0);
      expect(read.seen).toEqual([]);
      expect(read.found).toEqual([]);
    }
    // Playwright's own selectors, which pierce open shadow roots, find nothing either.
    await expect(statusBar(page, dana)).toHaveCount(0);
  });

  test('nothing the page dispatches makes Parley act; the agent\'s own input does', async () => {
    const screen = await Screen.of(page);
    const danaCase = (await caseOf(api, dana))!;
    const cases = async () => (await api.call('GET', '/cases?limit=100')).body.cases.length as number;
    const before = await cases();
    await expect.poll(() => screen.has(sam, 'parley-create-case')).toBe(true);

    // Clicks and keys on every Parley host.
    expect(await driveAsThePage(page)).toBeGreaterThan(3);
    // A selection of Sam's text and the shortcut, both made by the page.
    await page.evaluate((id) => {
      const text = document.querySelector(`[data-parley-post="x:${id}"] [data-testid="tweetText"]`)!;
      getSelection()!.selectAllChildren(text);
      for (const type of ['mousedown', 'mouseup', 'selectionchange']) document.dispatchEvent(new MouseEvent(type, { bubbles: true }));
      document.dispatchEvent(new KeyboardEvent('keydown', { key: 'C', code: 'KeyC', altKey: true, shiftKey: true, bubbles: true }));
    }, sam);
    // A reply to Dana's case typed and sent by the page through the site's own reply box.
    await page.evaluate(async () => {
      const editor = document.querySelector<HTMLElement>('[data-fixture="inline-composer"] [data-testid="tweetTextarea_0"]')!;
      editor.focus();
      document.execCommand('insertText', false, 'A reply the page made up');
      await new Promise((done) => setTimeout(done, 100));
      document.querySelector<HTMLButtonElement>('[data-testid="tweetButtonInline"]')!.click();
    });
    await expect.poll(() => page.evaluate(() => (window as unknown as { __sent: unknown[] }).__sent.length)).toBe(1);
    await settle();
    expect(await cases()).toBe(before);
    expect(await screen.has(sam, 'parley-case-form')).toBe(false);
    expect(await countReplies(api, danaCase.id)).toBe(0);

    // The agent: the shortcut on Priya's text opens the case form; a real click creates the case.
    await page.locator(`[data-parley-post="x:${priya}"] [data-testid="tweetText"]`).selectText();
    await page.keyboard.press('Alt+Shift+C');
    await screen.click(priya, 'parley-case-submit');
    await expect.poll(async () => (await caseOf(api, priya))?.number).toBeGreaterThan(0);
    // The agent's reply through the same box is recorded, once.
    await page.locator('[data-fixture="inline-composer"] [data-testid="tweetTextarea_0"]').click();
    await page.keyboard.type('Sorry Dana, on it');
    await page.locator('[data-testid="tweetButtonInline"]').click();
    await expect.poll(() => countReplies(api, danaCase.id)).toBe(1);
  });

  test('a page announcing a newer Parley content script cannot stop it', async () => {
    const screen = await Screen.of(page);
    const hosts = () => page.evaluate(() => document.querySelectorAll('parley-bar').length);
    const mounted = await hosts();
    expect(mounted).toBeGreaterThan(3);
    // WXT's event and message, word for word as a newer instance of the `x` script sends them.
    await page.evaluate((extensionId) => {
      const type = `${extensionId}:x:wxt:content-script-started`;
      document.dispatchEvent(new CustomEvent(type, { detail: { contentScriptName: 'x', messageId: 'evil' } }));
      window.dispatchEvent(new CustomEvent(type, { detail: { contentScriptName: 'x', messageId: 'evil' } }));
      window.postMessage({ type, contentScriptName: 'x', messageId: 'evil' }, '*');
    }, browser.extensionId);
    await settle(500);
    expect(await hosts()).toBe(mounted);
    // And it still acts on the agent's click.
    await screen.click(sam, 'parley-create-case');
    await screen.click(sam, 'parley-case-submit');
    await expect.poll(async () => (await caseOf(api, sam))?.number).toBeGreaterThan(0);
    expect(await hosts()).toBe(mounted);
  });
});

// The control: the same page script on the test build, whose roots are open, reads everything; and
// even there, a click the page makes on a button it can reach does nothing.
test('on the test build the page reaches the bars, and still cannot click them', async () => {
  const api = await startApi();
  const { browser, page, errors } = await openBrowser('test', api);
  try {
    await seed(api);
    await page.reload();
    const bar = statusBar(page, dana);
    await bar.getByTestId('parley-customer').click();
    await expect(bar.getByTestId('parley-customer-card')).toContainText(ON_BAR.history);
    const whileCard = await readAsThePage(page, everything);
    await bar.getByTestId('parley-case-number').click();
    await expect(bar.getByTestId('parley-case-panel')).toBeVisible();
    const whileCase = await readAsThePage(page, everything);
    expect(whileCard.openRoots).toBe(whileCard.hosts);
    // Open roots give the page all a bar shows, and still none of what only the side panel shows.
    expect(whileCard.seen).toEqual([ON_BAR.vip, ON_BAR.tag, ON_BAR.history]);
    expect(whileCase.seen).toEqual([ON_BAR.vip]);

    const before = (await api.call('GET', '/cases?limit=100')).body.cases.length;
    await expect(statusBar(page, sam).getByTestId('parley-create-case')).toBeVisible();
    await page.evaluate((id) => {
      const cell = [...document.querySelectorAll('[data-testid="cellInnerDiv"]')].find((each) => each.querySelector(`[data-parley-post="x:${id}"]`))!;
      cell.querySelector('parley-bar')!.shadowRoot!.querySelector<HTMLButtonElement>('[data-testid="parley-create-case"]')!.click();
    }, sam);
    await settle(1000);
    await expect(statusBar(page, sam).getByTestId('parley-case-form')).toHaveCount(0);
    expect((await api.call('GET', '/cases?limit=100')).body.cases.length).toBe(before);
    expect(errors).toEqual([]);
  } finally {
    await browser.close();
    await api.stop();
  }
});
