import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { blocks } from '../../../extension/entrypoints/privacy/markdown.js';

describe('the privacy page reads PRIVACY.md', () => {
  it('into headings, paragraphs joined across lines, and list items with their continuation lines', () => {
    expect(blocks('# Title\n\nOne line\nand the next.\n\n## Part\n\n- first item\n  goes on\n- second\n\nAfter.')).toEqual([
      { kind: 'h1', text: 'Title' },
      { kind: 'p', text: 'One line and the next.' },
      { kind: 'h2', text: 'Part' },
      { kind: 'ul', items: ['first item goes on', 'second'] },
      { kind: 'p', text: 'After.' },
    ]);
  });

  it('keeps markup a customer could write as text: nothing in it is HTML', () => {
    expect(blocks('<img src=x onerror=alert(1)>')).toEqual([{ kind: 'p', text: '<img src=x onerror=alert(1)>' }]);
  });

  it('finds every section the stores ask about in the repository\'s policy', () => {
    const policy = blocks(readFileSync(resolve(import.meta.dirname, '../../../PRIVACY.md'), 'utf8'));
    const headings = policy.filter((block) => block.kind === 'h2').map((block) => block.kind === 'h2' && block.text);
    expect(headings).toEqual(expect.arrayContaining([
      'What Parley reads on the page', 'What Parley keeps, and where', 'What leaves the browser, and to whom', 'How long it is kept', 'How to delete it',
    ]));
  });
});
