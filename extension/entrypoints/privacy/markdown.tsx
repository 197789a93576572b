/**
 * The little Markdown PRIVACY.md uses (headings, paragraphs, lists, `code`, **bold**), as React
 * elements: text stays text, nothing goes through innerHTML.
 */
import type { ReactNode } from 'react';

type Block = { kind: 'h1' | 'h2' | 'p'; text: string } | { kind: 'ul'; items: string[] };

export function blocks(source: string): Block[] {
  const out: Block[] = [];
  let paragraph: string[] = [];
  let list: string[] | undefined;
  const flush = () => {
    if (paragraph.length > 0) out.push({ kind: 'p', text: paragraph.join(' ') });
    paragraph = [];
    if (list) out.push({ kind: 'ul', items: list });
    list = undefined;
  };
  for (const raw of source.split('\n')) {
    const line = raw.trim();
    const heading = /^(#{1,2}) (.*)$/.exec(line);
    if (!line) flush();
    else if (heading) {
      flush();
      out.push({ kind: heading[1] === '#' ? 'h1' : 'h2', text: heading[2]! });
    } else if (line.startsWith('- ')) {
      if (paragraph.length > 0) flush();
      (list ??= []).push(line.slice(2));
    } else if (list) list[list.length - 1] += ` ${line}`;
    else paragraph.push(line);
  }
  flush();
  return out;
}

/** `code` and **bold** within a line. */
function inline(text: string): ReactNode[] {
  return text.split(/(`[^`]+`|\*\*[^*]+\*\*)/).map((part, i) => {
    if (part.startsWith('`') && part.endsWith('`') && part.length > 1) return <code key={i}>{part.slice(1, -1)}</code>;
    if (part.startsWith('**') && part.endsWith('**') && part.length > 3) return <strong key={i}>{part.slice(2, -2)}</strong>;
    return part;
  });
}

export function Markdown({ source }: { source: string }) {
  return (
    <>
      {blocks(source).map((block, i) => {
        if (block.kind === 'ul') return <ul key={i}>{block.items.map((item, j) => <li key={j}>{inline(item)}</li>)}</ul>;
        const Tag = block.kind;
        return <Tag key={i}>{inline(block.text)}</Tag>;
      })}
    </>
  );
}
