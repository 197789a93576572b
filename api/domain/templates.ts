export const templateVariables = ['customer.name', 'customer.handle', 'agent.name', 'case.number'] as const;
export type TemplateVariable = (typeof templateVariables)[number];

export type TemplateValues = Partial<Record<TemplateVariable, string | number | null | undefined>>;
export type RenderResult = { ok: true; text: string } | { ok: false; missing: string[] };

// `{{ name }}` with optional whitespace; the name itself cannot contain braces.
const placeholder = /\{\{([^{}]*)\}\}/g;
// Leftover double braces in the body's own text: an unclosed `{{…` or an unopened `…}}`.
const strayBraces = /\{\{[^{}\n]*\}?|\{?[^{}\s]*\}\}/g;

function isTemplateVariable(name: string): name is TemplateVariable {
  return (templateVariables as readonly string[]).includes(name);
}

type Piece = { kind: 'text'; text: string } | { kind: 'placeholder'; raw: string; name: string };

function splitBody(body: string): Piece[] {
  const pieces: Piece[] = [];
  let last = 0;
  for (const match of body.matchAll(placeholder)) {
    pieces.push({ kind: 'text', text: body.slice(last, match.index) });
    pieces.push({ kind: 'placeholder', raw: match[0], name: (match[1] ?? '').trim() });
    last = match.index + match[0].length;
  }
  pieces.push({ kind: 'text', text: body.slice(last) });
  return pieces;
}

function unique(items: string[]): string[] {
  return [...new Set(items)];
}

/** Named placeholders in order of first appearance; empty `{{ }}` is malformed, not a name. */
export function templateVariablesIn(body: string): { variables: string[]; unknown: string[] } {
  const names: string[] = [];
  for (const piece of splitBody(body)) {
    if (piece.kind === 'placeholder' && piece.name !== '') names.push(piece.name);
  }
  const variables = unique(names);
  return { variables, unknown: variables.filter((name) => !isTemplateVariable(name)) };
}

function valueOf(name: string, values: TemplateValues): string | null {
  if (!isTemplateVariable(name)) return null;
  const value = values[name];
  if (value === undefined || value === null) return null;
  const text = String(value);
  return text.trim() === '' ? null : text;
}

export function renderTemplate(body: string, values: TemplateValues): RenderResult {
  const missing: string[] = [];
  let text = '';
  // One pass over the body only, so braces inside inserted values are never expanded.
  for (const piece of splitBody(body)) {
    if (piece.kind === 'text') {
      missing.push(...(piece.text.match(strayBraces) ?? []));
      text += piece.text;
      continue;
    }
    const value = piece.name === '' ? null : valueOf(piece.name, values);
    if (value === null) missing.push(piece.name === '' ? piece.raw : piece.name);
    else text += value;
  }
  return missing.length > 0 ? { ok: false, missing: unique(missing) } : { ok: true, text };
}

const sameWords = (text: string) => text.replace(/\s+/gu, ' ').toLowerCase();
/** A template's example posts, each once: the first of the same words (ignoring case and spacing), as written. */
export function distinctExamples(posts: string[]): string[] {
  const seen = new Set<string>();
  return posts.filter((post) => {
    const key = sameWords(post);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
