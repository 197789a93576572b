import { randomBytes } from 'node:crypto';
import { count } from 'drizzle-orm';
import type { Config } from './config.js';
import type { Database } from './db/client.js';
import { orgs } from './db/schema.js';
import { createOrg } from './ops/orgs.js';
import { hashPassword } from './auth/passwords.js';

export interface FirstStart {
  created: boolean;
  email: string;
  /** Only when it was generated on this start: shown once, never stored in clear. */
  generatedPassword?: string;
}

/** On an empty database, creates the organisation and its admin from the environment. */
export async function ensureFirstOrg(db: Database, config: Config, now = new Date()): Promise<FirstStart> {
  const email = config.PARLEY_ADMIN_EMAIL.toLowerCase();
  const [existing] = await db.read.select({ n: count() }).from(orgs);
  if ((existing?.n ?? 0) > 0) return { created: false, email };
  const generatedPassword = config.PARLEY_ADMIN_PASSWORD ? undefined : randomBytes(15).toString('base64url');
  const passwordHash = await hashPassword(config.PARLEY_ADMIN_PASSWORD ?? generatedPassword!);
  return db.tx(async (tx) => {
    // Checked again inside the write lock: two processes starting at once create one organisation.
    const [row] = await tx.select({ n: count() }).from(orgs);
    if ((row?.n ?? 0) > 0) return { created: false, email };
    await createOrg(tx, config.PARLEY_ORG_NAME, { email, name: 'Admin', passwordHash }, now);
    return { created: true, email, generatedPassword };
  });
}
