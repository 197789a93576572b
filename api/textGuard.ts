/**
 * One check in front of every route: a NUL byte, a lone surrogate or invalid UTF-8 anywhere in a
 * request's path, query or JSON body is refused with 400 `invalid_text` before anything reads it.
 */
import type { MiddlewareHandler } from 'hono';
import { firstUnacceptableText, isAcceptableText } from './domain/text.js';
import { ApiError, type AppEnv } from './http.js';
import { hasBody } from './jsonDepth.js';

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

/**
 * Whether JSON text may hold a NUL or a lone surrogate once parsed. Strictly decoded UTF-8 holds no
 * surrogates and valid JSON no raw control characters, so either can only come from a `\u0000` or
 * `\uD800`–`\uDFFF` escape: without one, the body needs no parse and no walk here.
 */
const suspectEscape = /\\u(?:0000|[dD][89a-fA-F])/;
const rawUrlSuspect = /[%\0\ud800-\udfff]/;

/** Where the first bad text is: [part of the request, dotted path inside it], or undefined. */
async function findBadText(c: Parameters<MiddlewareHandler<AppEnv>>[0]): Promise<[string, string] | undefined> {
  const raw = c.req.url;
  // Without an escape, a NUL or a surrogate, parsing and decoding the URL could find nothing.
  if (!rawUrlSuspect.test(raw)) return findBadBody(c);
  const url = new URL(raw);
  if (!acceptable(url.pathname)) return ['path', ''];
  // Each piece as sent: URLSearchParams would silently turn invalid UTF-8 into U+FFFD.
  for (const piece of url.search.slice(1).split('&')) {
    const cut = piece.indexOf('=');
    const [key, value] = cut < 0 ? [piece, ''] : [piece.slice(0, cut), piece.slice(cut + 1)];
    if (!acceptable(key) || !acceptable(value)) return ['query', decoded(key) ?? ''];
  }
  return findBadBody(c);
}

async function findBadBody(c: Parameters<MiddlewareHandler<AppEnv>>[0]): Promise<[string, string] | undefined> {
  if (!hasBody(c.req.method) || !/\bjson\b/i.test(c.req.header('content-type') ?? '')) return undefined;
  let text: string;
  try {
    // Decoding is otherwise lenient: invalid UTF-8 would become U+FFFD without a word.
    text = strictUtf8.decode(await c.req.arrayBuffer());
  } catch (error) {
    if (error instanceof TypeError) return ['body', ''];
    throw error; // e.g. the body limit's 413
  }
  // The validator parses this text: not the bytes again through a Response of their own.
  // hono keeps each body form as a promise under its name (typed as the value itself).
  (c.req.bodyCache as { text?: Promise<string> }).text = Promise.resolve(text);
  if (!suspectEscape.test(text)) return undefined;
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return undefined; // malformed JSON is the validator's to refuse
  }
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
