/**
 * A JSON body nested deeper than any request of the contract is refused (400 `too_deep`) before
 * anything parses or walks it: recursive code (validation, text checks) would run out of stack.
 */
import type { MiddlewareHandler } from 'hono';
import { ApiError, type AppEnv } from './http.js';

/** The contract's deepest body (a sync push of a post) is 6 levels; this leaves room to grow. */
export const MAX_JSON_DEPTH = 64;

const [quote, backslash, openArray, openObject, closeArray, closeObject] = [0x22, 0x5c, 0x5b, 0x7b, 0x5d, 0x7d];

/** Whether the JSON text nests arrays and objects more than `limit` deep; one pass, no recursion. */
export function nestsDeeperThan(bytes: Uint8Array, limit: number): boolean {
  let depth = 0;
  let inString = false;
  for (let index = 0; index < bytes.length; index++) {
    const byte = bytes[index];
    if (inString) {
      if (byte === backslash) index++;
      else if (byte === quote) inString = false;
    } else if (byte === quote) {
      inString = true;
    } else if (byte === openArray || byte === openObject) {
      if (++depth > limit) return true;
    } else if (byte === closeArray || byte === closeObject) {
      depth--;
    }
  }
  return false;
}

/** GET and HEAD requests carry no body the API reads. */
export const hasBody = (method: string) => method !== 'GET' && method !== 'HEAD';

export const refuseDeepJson: MiddlewareHandler<AppEnv> = async (c, next) => {
  // By method, not `c.req.raw.body`: touching that builds a full Request and its stream for every request.
  // Read as bytes, as the text check after this reads them: a cached decoded text would hide invalid UTF-8.
  if (hasBody(c.req.method) && /\bjson\b/i.test(c.req.header('content-type') ?? '')) {
    if (nestsDeeperThan(new Uint8Array(await c.req.arrayBuffer()), MAX_JSON_DEPTH)) {
      throw new ApiError(400, 'too_deep', `Invalid body — arrays and objects may nest at most ${MAX_JSON_DEPTH} deep`);
    }
  }
  await next();
};
