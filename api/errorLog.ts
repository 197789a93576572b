/**
 * How an unexpected error is written to the server's log. Messages are left out: a database
 * error's message can hold the statement's bound values (drizzle's DrizzleQueryError prints them,
 * and keeps them in `params`), and with them customers' words, emails and password hashes.
 * What stays is enough to find the fault: the request, the error classes, their codes, the frames.
 */

const MAX_CAUSES = 5;
const MAX_FRAMES = 8;
// Codes are names like SQLITE_CONSTRAINT_UNIQUE or ECONNREFUSED; anything else might be data.
const safeCode = /^[A-Z][A-Z0-9_]{0,63}$/;

function className(value: unknown): string {
  if (value instanceof Error) return value.constructor?.name || value.name || 'Error';
  return value === null ? 'null' : typeof value;
}

/** The error and its causes, outermost first. */
function chain(error: unknown): unknown[] {
  const links: unknown[] = [error];
  for (let current = error; links.length < MAX_CAUSES && current instanceof Error && current.cause !== undefined; current = current.cause) {
    links.push(current.cause);
  }
  return links;
}

/** `[requestId] DrizzleQueryError ← SqliteError: SQLITE_CONSTRAINT_TRIGGER`, then the stack's frames. */
export function describeError(error: unknown, requestId: string): string {
  const links = chain(error);
  const codes = links.flatMap((link) => {
    const code = link instanceof Error ? (link as Error & { code?: unknown }).code : undefined;
    return typeof code === 'string' && safeCode.test(code) ? [code] : [];
  });
  const head = `[${requestId}] ${links.map(className).join(' ← ')}${codes.length > 0 ? `: ${[...new Set(codes)].join(', ')}` : ''}`;
  // Only the "at …" lines: the lines before them are the message.
  const frames = error instanceof Error ? (error.stack ?? '').split('\n').filter((line) => /^\s+at /.test(line)).slice(0, MAX_FRAMES) : [];
  return [head, ...frames].join('\n');
}

/** The default report of an error no route expected. */
export const logUnexpectedError = (error: unknown, requestId: string): void => {
  console.error(describeError(error, requestId));
};
