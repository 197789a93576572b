/**
 * One check in front of every route: a NUL byte, a lone surrogate or invalid UTF-8 anywhere in a
 * request's path, query or JSON body is refused with 400 `invalid_text` before anything reads it.
 */
import type { MiddlewareHandler } from 'hono';
import { firstUnacceptableText, isAcceptableText } from './domain/text.js';
import { ApiError, type AppEnv } from './http.js';

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/** Percent-decoded, or undefined when the escapes are not UTF-8 (decodeURIComponent throws). */
function decoded(part: string): string | undefined {
  try {
    return decodeURIComponent(part.replaceAll('+', ' '));
  } catch {
    return undefined;
  }
}

const acceptable = (part: string) => {
  const text = decoded(part);
  return text !== undefined && isAcceptableText(text);
};

/** Where the first bad text is: [part of the request, dotted path inside it], or undefined. */
async function findBadText(c: Parameters<MiddlewareHandler<AppEnv>>[0]): Promise<[string, string] | undefined> {
  const url = new URL(c.req.url);
  if (!acceptable(url.pathname)) return ['path', ''];
  // Each piece as sent: URLSearchParams would silently turn invalid UTF-8 into U+FFFD.
  for (const piece of url.search.slice(1).split('&')) {
    const cut = piece.indexOf('=');
    const [key, value] = cut < 0 ? [piece, ''] : [piece.slice(0, cut), piece.slice(cut + 1)];
    if (!acceptable(key) || !acceptable(value)) return ['query', decoded(key) ?? ''];
  }
  if (!/\bjson\b/i.test(c.req.header('content-type') ?? '')) return undefined;
  try {
    // Decoding is otherwise lenient: invalid UTF-8 would become U+FFFD without a word.
    strictUtf8.decode(await c.req.arrayBuffer());
  } catch (error) {
    if (error instanceof TypeError) return ['body', ''];
    throw error; // e.g. the body limit's 413
  }
  const body: unknown = await c.req.json().catch(() => undefined); // malformed JSON is the validator's to refuse
  const path = firstUnacceptableText(body);
  return path === undefined ? undefined : ['body', path];
}

export const refuseMalformedText: MiddlewareHandler<AppEnv> = async (c, next) => {
  const found = await findBadText(c);
  if (found) {
    const [where, path] = found;
    throw new ApiError(400, 'invalid_text', `Invalid ${where} — ${path ? `${path}: ` : ''}text may not contain NUL bytes, lone surrogates or invalid UTF-8`, {
      issues: [{ path, message: 'contains a NUL byte, a lone surrogate or invalid UTF-8' }],
    });
  }
  await next();
};
