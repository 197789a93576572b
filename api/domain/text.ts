/**
 * Text no field may hold: NUL bytes (which cut strings short in C libraries and logs) and lone
 * UTF-16 surrogates (which no encoder can write faithfully; they would be silently replaced).
 */

const loneSurrogate = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

export function isAcceptableText(value: string): boolean {
  return !value.includes('\u0000') && !loneSurrogate.test(value);
}

/** The path (dot-separated) of the first string, or object key, in `value` that is not acceptable text. */
export function firstUnacceptableText(value: unknown, path: string[] = []): string | undefined {
  if (typeof value === 'string') return isAcceptableText(value) ? undefined : path.join('.');
  if (Array.isArray(value)) {
    for (const [index, item] of value.entries()) {
      const found = firstUnacceptableText(item, [...path, String(index)]);
      if (found !== undefined) return found;
    }
    return undefined;
  }
  if (value && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      if (!isAcceptableText(key)) return [...path, '(key)'].join('.');
      const found = firstUnacceptableText(item, [...path, key]);
      if (found !== undefined) return found;
    }
  }
  return undefined;
}
