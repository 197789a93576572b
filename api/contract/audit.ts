/** The audit log on the wire: who changed what, when, newest first. */
import { z } from 'zod';
import { id, isoTime } from './fields.js';

export const auditEntities = ['case', 'customer', 'template', 'agent', 'settings', 'webhook', 'feedback'] as const;
export const auditActorTypes = ['agent', 'system'] as const;
/** What acts without an agent: the webhook dispatcher (it disables a failing endpoint) and setup (the first admin). */
export const systemActors = { webhooks: 'Webhook delivery', setup: 'Setup' } as const;
export type SystemActor = keyof typeof systemActors;

/** Written in place of a secret: that it changed is recorded, never what it is. */
export const REDACTED = '[redacted]';

export const AuditChange = z
  .object({ from: z.unknown(), to: z.unknown() })
  .meta({ description: 'A field before and after; `null` before a creation and after a deletion; secrets read "[redacted]"' });

export const AuditEntry = z
  .object({
    id,
    at: isoTime,
    actor: z.object({
      type: z.enum(auditActorTypes),
      id: z.string().meta({ description: "The agent's id, or the system part that acted (`webhooks`, `setup`)" }),
      name: z.string(),
    }),
    action: z.string().meta({ example: 'case.updated' }),
    entity: z.enum(auditEntities),
    entityId: z.string().meta({ description: 'The id of what changed; for settings, which ones (`sla`, `accounts`)' }),
    changes: z.record(z.string(), AuditChange),
  })
  .meta({ id: 'AuditEntry' });

// A cursor is the last entry's time and id, as a previous page answered it.
const auditCursor = z.string().regex(/^\d{1,15}\.[0-9a-f-]{36}$/, 'must be a cursor from a previous page');

export const AuditQuery = z
  .strictObject({
    from: isoTime.optional().meta({ description: 'Entries at or after this time' }),
    to: isoTime.optional().meta({ description: 'Entries before this time' }),
    actorId: z.union([id, z.enum(Object.keys(systemActors) as [SystemActor, ...SystemActor[]])]).optional()
      .meta({ description: "An agent's id, or `webhooks` / `setup` for what the system did" }),
    entity: z.enum(auditEntities).optional(),
    cursor: auditCursor.optional(),
    limit: z.coerce.number().int().min(1).max(200).default(50),
  })
  .refine((query) => !query.from || !query.to || Date.parse(query.from) < Date.parse(query.to), {
    message: 'must be after from', path: ['to'],
  });

export const AuditList = z.object({ entries: z.array(AuditEntry), nextCursor: z.string().nullable() });

export type AuditEntityT = (typeof auditEntities)[number];
export type AuditEntryT = z.infer<typeof AuditEntry>;
