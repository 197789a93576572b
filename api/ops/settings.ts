/** The service verbs behind /settings: the organisation's SLA policy and its own accounts on the sites. */
import { eq } from 'drizzle-orm';
import type { BrandAccountT, SlaPolicyT } from '../contract.js';
import { isValidHandle, normalizeHandle } from '../domain/handles.js';
import { diff, type AuditActor } from '../db/audit.js';
import { recordChanges } from '../db/changes.js';
import type { Database, ReadDb } from '../db/client.js';
import { orgs } from '../db/schema.js';
import { policyOf } from './cases.js';
import { ServiceError } from './serviceError.js';

async function loadOrg(db: ReadDb, orgId: string) {
  const [org] = await db.select().from(orgs).where(eq(orgs.id, orgId)).limit(1);
  if (!org) throw new ServiceError('not_found', 'Organisation not found');
  return org;
}

export const getSlaPolicy = async (db: Database, orgId: string): Promise<SlaPolicyT> => policyOf(await loadOrg(db.read, orgId));

const policyFields = ['timeZone', 'firstResponseMinutes', 'resolutionMinutes', 'businessHours', 'holidays'] as const;

/** Cases opened after it follow the new policy; open cases keep the due times they were given. */
export async function setSlaPolicy(db: Database, actor: AuditActor, policy: SlaPolicyT, now: Date): Promise<SlaPolicyT> {
  const { urgent, high, normal, low } = policy.firstResponseMinutes;
  await db.tx(async (tx) => {
    const before = policyOf(await loadOrg(tx, actor.orgId));
    await tx.update(orgs).set({
      slaPolicy: policy, slaUrgentMinutes: urgent, slaHighMinutes: high, slaNormalMinutes: normal, slaLowMinutes: low,
    }).where(eq(orgs.id, actor.orgId));
    await recordChanges(tx, actor, [], now, [{ action: 'settings.sla_updated', entity: 'settings', entityId: 'sla', changes: diff(before, policy, policyFields) }]);
  });
  return policy;
}

export const getBrandAccounts = async (db: Database, orgId: string): Promise<BrandAccountT[]> => (await loadOrg(db.read, orgId)).brandAccounts;

/** Handles normalised (no `@`, lower-cased), each once; one that is no handle on its site is refused. */
export async function setBrandAccounts(db: Database, actor: AuditActor, input: BrandAccountT[], now: Date): Promise<BrandAccountT[]> {
  const seen = new Set<string>();
  const accounts = input
    .map(({ platform, handle }) => ({ platform, handle: normalizeHandle(platform, handle) }))
    .filter(({ platform, handle }) => !seen.has(`${platform}:${handle}`) && Boolean(seen.add(`${platform}:${handle}`)));
  const wrong = accounts.find(({ platform, handle }) => !isValidHandle(platform, handle));
  if (wrong) throw new ServiceError('validation_failed', `accounts: "${wrong.handle}" is not a handle on ${wrong.platform === 'x' ? 'X' : 'Facebook'}`);
  await db.tx(async (tx) => {
    const before = (await loadOrg(tx, actor.orgId)).brandAccounts;
    await tx.update(orgs).set({ brandAccounts: accounts }).where(eq(orgs.id, actor.orgId));
    await recordChanges(tx, actor, [], now, [
      { action: 'settings.accounts_updated', entity: 'settings', entityId: 'accounts', changes: diff({ accounts: before }, { accounts }, ['accounts']) },
    ]);
  });
  return accounts;
}
