/**
 * A post's bar drawn without React while it shows only its first row: the mark, the author, Suggest
 * reply, the feedback tags and Create case — what nearly every bar on a timeline shows. Its buttons
 * call the same actions as PostBar's; the first change that shows anything more (a case, a panel,
 * a customer, a notice …) hands the bar to React. The markup is PostBar's, element for element
 * (test/unit/overlay/plainBar.test.ts), and page text only ever goes in as text.
 */
import type { OverlayActions } from './context.js';
import { feedbackKinds, feedbackWords } from './feedback.js';
import type { BarState, PageState } from './store.js';
import { fromUser } from '../trusted.js';

/** Whether PostBar would draw only the first row for this bar and page, with nothing in it but the author. */
export function isPlain(bar: BarState | undefined, page: PageState): bar is BarState {
  if (!bar || bar.brand || bar.kase || bar.customer || bar.panel !== 'none' || bar.notice || bar.feedback) return false;
  if (bar.presence.length > 0 || page.held > 0 || page.offline) return false;
  if (page.session !== undefined && !page.session.signedIn) return false;
  return !(page.listening && bar.tone);
}

/** What a plain bar shows: when it is the same, nothing is drawn again. */
export const plainLook = (bar: BarState, page: PageState) => `${page.theme}\n${bar.post.author.displayName}`;

function element<K extends keyof HTMLElementTagNameMap>(tag: K, attributes: Record<string, string>, text?: string): HTMLElementTagNameMap[K] {
  const made = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) made.setAttribute(name, value);
  if (text !== undefined) made.textContent = text;
  return made;
}

const button = (testid: string, text: string, attributes: Record<string, string> = { 'aria-expanded': 'false' }) =>
  element('button', { type: 'button', 'data-testid': testid, ...attributes }, text);

/**
 * The bar as every plain bar starts, made once: each bar is a copy with its author and theme put
 * in (copying fifteen elements costs a fraction of making them and setting forty attributes).
 */
let template: HTMLDivElement | undefined;
function barTemplate(): HTMLDivElement {
  const feedback = element('span', { class: 'feedback', role: 'group', 'aria-label': 'Customer feedback', 'data-testid': 'parley-feedback' });
  for (const kind of feedbackKinds) {
    feedback.append(button(`parley-feedback-${kind}`, feedbackWords[kind], { 'aria-pressed': 'false', title: `Tag as ${feedbackWords[kind].toLowerCase()}` }));
  }
  const row = element('div', { class: 'row' });
  row.append(
    element('span', { class: 'brand', 'aria-hidden': 'true' }, 'P'),
    button('parley-customer', ''),
    button('parley-suggest', 'Suggest reply'),
    feedback,
    button('parley-create-case', 'Create case'),
  );
  const root = element('div', { class: 'bar', 'data-theme': 'light', 'data-testid': 'parley-post-bar', role: 'group', 'aria-label': 'Parley' });
  root.append(row);
  return root;
}

/** What each button of the row does, by its test id. */
function buttonAction(testid: string, key: string, actions: OverlayActions): (() => void) | undefined {
  if (testid === 'parley-customer') return () => actions.setPanel(key, 'customer');
  if (testid === 'parley-suggest') return () => actions.setPanel(key, 'suggest');
  if (testid === 'parley-create-case') return () => actions.setPanel(key, 'form');
  const kind = feedbackKinds.find((each) => testid === `parley-feedback-${each}`);
  return kind ? () => void actions.tagFeedback(key, kind, '') : undefined;
}

/** Draws the bar's first row into `container`, replacing what was there. */
export function drawPlainBar(container: HTMLElement, key: string, bar: BarState, page: PageState, actions: OverlayActions): void {
  const name = bar.post.author.displayName;
  const root = (template ??= barTemplate()).cloneNode(true) as HTMLDivElement;
  root.setAttribute('data-theme', page.theme);
  root.setAttribute('aria-label', `Parley: ${name}`);
  root.querySelector('[data-testid="parley-customer"]')!.textContent = name;
  // One listener for the row's seven buttons.
  root.addEventListener('click', (event) => {
    if (!fromUser(event) || !(event.target instanceof Element)) return;
    const testid = event.target.closest('button')?.getAttribute('data-testid');
    if (testid) buttonAction(testid, key, actions)?.();
  });
  container.replaceChildren(root);
}
