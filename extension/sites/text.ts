import { matchesAny, type Selectors } from './dom.js';

// Zero-width and bidi controls: invisible, used to slip words past filters or fake a name.
const decoyChars = /[\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u2069\uFEFF]/g;
const pictographBefore = /\p{Extended_Pictographic}[\u{FE0F}\u{1F3FB}-\u{1F3FF}]?$/u;
const pictographAfter = /^\p{Extended_Pictographic}/u;
const zeroWidthJoiner = '\u200D';

/**
 * Removes decoy characters. A zero-width joiner between two pictographs is kept: it is part of an
 * emoji sequence (👩‍💻), not a decoy.
 */
export function stripDecoys(text: string): string {
  return text.replace(decoyChars, (char: string, offset: number, whole: string) => {
    if (char !== zeroWidthJoiner) return '';
    const joinsEmoji =
      pictographBefore.test(whole.slice(Math.max(0, offset - 4), offset)) &&
      pictographAfter.test(whole.slice(offset + 1, offset + 3));
    return joinsEmoji ? char : '';
  });
}

const ignoredTags = new Set(['script', 'style', 'template', 'noscript']);

export interface TextReading {
  /** Subtrees that are not part of the text (buttons such as "See more"). */
  skip?: Selectors;
  /** Elements that sit on their own line (paragraphs); other elements run inline. */
  lines?: Selectors;
}

/** Source formatting between two paragraphs: a page shows none of it. */
function isSpacingBetweenLines(text: Node, lines: Selectors): boolean {
  if (lines.length === 0 || (text.nodeValue ?? '').trim() !== '') return false;
  const isLine = (node: Node | null) => node?.nodeType === 1 && matchesAny(node as Element, lines);
  return isLine(text.previousSibling) || isLine(text.nextSibling);
}

/**
 * The text a reader sees in `root`: emoji images become their alt text, `<br>` and `lines`
 * elements become line breaks, `skip` subtrees are left out, decoys are removed. Works without
 * layout (no innerText), so it reads the same in a page and in tests.
 */
export function readText(root: Element, { skip = [], lines = [] }: TextReading = {}): string {
  let out = '';
  const breakLine = () => {
    if (out && !out.endsWith('\n')) out += '\n';
  };
  const visit = (node: Node) => {
    for (const child of Array.from(node.childNodes)) {
      if (child.nodeType === 3) {
        if (!isSpacingBetweenLines(child, lines)) out += child.nodeValue ?? '';
        continue;
      }
      if (child.nodeType !== 1) continue;
      const element = child as Element;
      const tag = element.localName;
      if (ignoredTags.has(tag) || (skip.length > 0 && matchesAny(element, skip))) continue;
      if (tag === 'img') out += element.getAttribute('alt') ?? '';
      else if (tag === 'br') out += '\n';
      else if (lines.length > 0 && matchesAny(element, lines)) {
        breakLine();
        visit(element);
        breakLine();
      } else visit(element);
    }
  };
  visit(root);
  return stripDecoys(out)
    .replace(/[ \t]+\n/g, '\n')
    .trim();
}

/** A person's or page's name: one line, decoys removed. */
export function readName(root: Element): string {
  return readText(root).replace(/\s+/g, ' ').trim();
}

/** An ISO time from a `datetime`-like value, or undefined when it is not a time. */
export function toIsoTime(value: string | null | undefined): string | undefined {
  if (!value) return undefined;
  const time = new Date(value);
  return Number.isNaN(time.getTime()) ? undefined : time.toISOString();
}

const countPattern = /(\d[\d.,\u00a0\u202f ]*)\s*([KkMmBb])?(?![A-Za-z\d])/;
const multipliers: Readonly<Record<string, number>> = { k: 1e3, m: 1e6, b: 1e9 };

/**
 * A count as the sites print it beside "Followers": "9,876", "48.2K", "1.2M", "12 K",
 * "1.234" / "1 234" (grouped), "4,5 k" (a decimal comma before a unit). Undefined without digits.
 */
export function readCount(text: string): number | undefined {
  const match = countPattern.exec(text);
  if (!match) return undefined;
  const digits = match[1]!.replace(/[\s\u00a0\u202f]+$/, '');
  const unit = match[2]?.toLowerCase();
  if (unit) {
    const value = Number(digits.replace(/[\s\u00a0\u202f]/g, '').replace(',', '.'));
    return Number.isFinite(value) ? Math.round(value * multipliers[unit]!) : undefined;
  }
  const value = Number(digits.replace(/[.,\s\u00a0\u202f]/g, ''));
  return Number.isSafeInteger(value) ? value : undefined;
}
