import { eq } from 'drizzle-orm';
import { hashPassword } from '../auth/passwords.js';
import type { Tx } from '../db/client.js';
import { secretChanged, type AuditActor } from '../db/audit.js';
import { recordChanges } from '../db/changes.js';
import { newId } from '../db/ids.js';
import { agents, orgs } from '../db/schema.js';
import { ApiError } from '../http.js';

/** Give `passwordHash` (hashed before the transaction, so the write lock is not held for it) or `password`. */
export type NewAgent = { email: string; name: string; role: 'admin' | 'agent' } & (
  | { password: string; passwordHash?: undefined }
  | { passwordHash: string; password?: undefined }
);

/**
 * An email signs in to one agent on the whole server, so an address in use cannot be given again.
 * The refusal is the same whether the address is in the caller's organisation (which its admins can
 * see in GET /agents anyway) or in another one, so it tells no one which addresses other
 * organisations have.
 */
export const EMAIL_UNAVAILABLE =
  'every address already in use on this server, in your organisation or in another, gets this one refusal; it never says which, nor whose.';
const emailUnavailable = () =>
  new ApiError(409, 'email_unavailable', 'This email address cannot be used for a new agent: choose another one');

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

export async function createAgent(tx: Tx, actor: AuditActor, input: NewAgent, now: Date) {
  const { orgId } = actor;
  const email = input.email.toLowerCase();
  const [taken] = await tx.select({ id: agents.id }).from(agents).where(eq(agents.email, email)).limit(1);
  if (taken) throw emailUnavailable();
  const passwordHash = input.passwordHash ?? (await hashPassword(input.password!));
  const [agent] = await tx
    .insert(agents)
    .values({ id: newId(), orgId, email, name: input.name, role: input.role, passwordHash, createdAt: now, updatedAt: now })
    .returning();
  await recordChanges(tx, actor, [{ entity: 'agent', id: agent!.id }], now, [{
    action: 'agent.created', entity: 'agent', entityId: agent!.id,
    changes: { email: { from: null, to: email }, name: { from: null, to: input.name }, role: { from: null, to: input.role }, password: secretChanged() },
  }]);
  return agent!;
}

export async function createOrg(tx: Tx, name: string, admin: DistributiveOmit<NewAgent, 'role'>, now: Date) {
  const [org] = await tx.insert(orgs).values({ id: newId(), name, createdAt: now }).returning();
  const agent = await createAgent(tx, { orgId: org!.id, system: 'setup' }, { ...admin, role: 'admin' } as NewAgent, now);
  return { org: org!, agent };
}
