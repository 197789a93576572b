import { hash, verify } from '@node-rs/argon2';
import { ApiError } from '../http.js';

// OWASP Password Storage Cheat Sheet: argon2id, m = 19 MiB, t = 2, p = 1.
// `algorithm: 2` is Algorithm.Argon2id (a const enum that isolated modules cannot import).
const params = { algorithm: 2, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export function hashPassword(password: string): Promise<string> {
  return hash(password, params);
}

// Verified against when the email is unknown, so the answer takes as long either way.
let decoy: Promise<string> | undefined;

export async function verifyPassword(stored: string | undefined, password: string): Promise<boolean> {
  if (stored === undefined) {
    decoy ??= hashPassword('parley-decoy-password');
    await verify(await decoy, password).catch(() => false);
    return false;
  }
  return verify(stored, password).catch(() => false);
}

/**
 * Password hashing is deliberately slow: a burst of sign-ins must not take every core. A few run at
 * once, a bounded number wait, and the rest are told to come back.
 */
const MAX_RUNNING = 2;
const MAX_WAITING = 64;
let running = 0;
const waiting: (() => void)[] = [];
/** The bounds, and the most checks seen running at once (the tests read it). */
export const passwordSlots = { max: MAX_RUNNING, maxWaiting: MAX_WAITING, peak: 0 };

export async function withPasswordSlot<T>(work: () => Promise<T>): Promise<T> {
  if (running >= MAX_RUNNING) {
    if (waiting.length >= MAX_WAITING) {
      throw new ApiError(429, 'busy', 'The server is checking many passwords right now; try again in a moment', { headers: { 'Retry-After': '2' } });
    }
    await new Promise<void>((resolve) => waiting.push(resolve));
  } else {
    running += 1;
  }
  passwordSlots.peak = Math.max(passwordSlots.peak, running);
  try {
    return await work();
  } finally {
    const next = waiting.shift();
    if (next) next(); // the slot passes straight to the next in line
    else running -= 1;
  }
}
