/**
 * The requests `npm run bench:api` and `npm run profile:api` send, built from the seeded
 * database: lookups over every customer, case creations from known and new customers, and pushes
 * of an outbox's worth of mutations.
 */
import { v7 as uuidv7 } from 'uuid';
import type { Seeded } from './seed.js';

export const PUSH_SIZE = 100;

/** The seeded admin's Authorization header, signed in on the API at `base`. */
export async function signInAsAdmin(base: string, seed: Seeded): Promise<{ authorization: string }> {
  const login = await fetch(`${base}/auth/login`, {
    method: 'POST', headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: seed.adminEmail, password: seed.adminPassword }),
  });
  const { token } = (await login.json()) as { token: string };
  return { authorization: `Bearer ${token}` };
}

/** The `i`th lookup: every customer in turn, in capitals, half of them with a leading `@`. */
export function lookupPath(seed: Seeded, i: number): string {
  const handle = seed.handles[(i * 7919) % seed.handles.length]!;
  return `/customers/lookup?platform=x&handle=${i % 2 ? '@' : ''}${encodeURIComponent(handle.toUpperCase())}`;
}

let counter = 0;
export function createBody(seed: Seeded): string {
  return JSON.stringify(createArgs(seed));
}

export function createArgs(seed: Seeded) {
  counter += 1;
  // Half the new cases come from known customers, half from new ones, as on a real desk.
  const known = counter % 2 === 0;
  const author = known ? seed.authors[(counter * 7) % seed.authors.length]! : { handle: `newcomer_${process.pid}_${counter}`, displayName: `Newcomer ${counter}` };
  const externalId = String(1_700_000_000_000_000_000n + BigInt(process.pid) * 1_000_000n + BigInt(counter));
  return {
    post: {
      platform: 'x', externalId, url: `https://x.com/${author.handle}/status/${externalId}`,
      author: { handle: author.handle, displayName: author.displayName, followers: counter % 5000 },
      text: seed.texts[counter % seed.texts.length],
    },
    // By code points: half an emoji is a lone surrogate, which the API refuses (400 invalid_text).
    excerpt: Array.from(seed.texts[counter % seed.texts.length]!).slice(0, 80).join(''),
  };
}

let pushes = 0;
/**
 * An outbox of 100 actions as the extension sends them after a spell offline: cases opened on
 * posts (one in five) and notes on cases already open, each with its own UUIDv7.
 */
export function pushBody(seed: Seeded, caseIds: string[]): string {
  pushes += 1;
  const mutations = Array.from({ length: PUSH_SIZE }, (_, k) => (k % 5 === 0
    ? { id: uuidv7(), name: 'createCase', args: createArgs(seed) }
    : { id: uuidv7(), name: 'addNote', args: { caseId: caseIds[(pushes * PUSH_SIZE + k) * 7919 % caseIds.length]!, body: `Checked the order again (${pushes}.${k}): it left the warehouse today.` } }));
  return JSON.stringify({ mutations });
}
