import { useEffect, useState } from 'react';
import { auditEntities, systemActors, type AgentT, type AuditEntityT, type AuditEntryT } from '../../../api/contract.js';
import { ask, errorOf } from '../../messaging.js';

const PAGE = 50;
const actionWords: Record<string, string> = {
  'case.created': 'opened a case', 'case.updated': 'changed a case', 'case.note_added': 'added a note', 'case.reply_recorded': 'recorded a reply',
  'case.post_linked': 'added a post to a case', 'customer.created': 'first saw a customer', 'customer.updated': 'edited a customer',
  'customer.merged': 'merged customers', 'customer.merged_away': 'merged a customer away', 'template.created': 'added a template',
  'template.updated': 'edited a template', 'template.deleted': 'deleted a template', 'agent.created': 'added an agent',
  'agent.updated': 'changed an agent', 'agent.password_changed': 'changed their password', 'settings.sla_updated': 'changed the SLA policy',
  'settings.accounts_updated': 'changed the brand accounts', 'webhook.created': 'registered a webhook', 'webhook.updated': 'changed a webhook',
  'webhook.deleted': 'deleted a webhook', 'webhook.secret_rotated': 'rotated a webhook secret', 'webhook.disabled': 'disabled a webhook',
  'webhook.redelivered': 'redelivered a webhook event',
};

/** A value as one short line: long text and lists are cut, never laid out as markup. */
function shown(value: unknown): string {
  if (value === null || value === undefined) return '—';
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return text.length > 120 ? `${text.slice(0, 119)}…` : text;
}

interface Filters {
  entity: AuditEntityT | '';
  actorId: string;
  from: string;
  to: string;
}

/** A date picked in the browser's own time zone, as the instant its day starts (`to`: the next day's start, so the day is in). */
function dayStart(date: string, next = false): string | undefined {
  if (!date) return undefined;
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  return new Date(year, month - 1, day + (next ? 1 : 0)).toISOString();
}

function Entry({ entry }: { entry: AuditEntryT }) {
  const changes = Object.entries(entry.changes);
  return (
    <li data-testid="parley-audit-entry" data-action={entry.action} data-entity-id={entry.entityId}>
      <p>
        <strong>{entry.actor.name}</strong>{entry.actor.type === 'system' ? ' (system)' : ''} {actionWords[entry.action] ?? entry.action}
        {' '}<span className="muted">· {new Date(entry.at).toLocaleString()} · {entry.entity} {entry.entityId.slice(0, 8)}</span>
      </p>
      {changes.length > 0 && (
        <ul className="audit-changes">
          {changes.map(([field, { from, to }]) => (
            <li key={field} data-testid="parley-audit-change" data-field={field}>
              {field}: {from === null ? '' : `${shown(from)} → `}{shown(to)}
            </li>
          ))}
        </ul>
      )}
    </li>
  );
}

/** Who changed what, newest first (admins): filtered by kind of thing, by whom and by dates, a page at a time. */
export function Audit() {
  const [filters, setFilters] = useState<Filters>({ entity: '', actorId: '', from: '', to: '' });
  const [entries, setEntries] = useState<AuditEntryT[]>([]);
  const [next, setNext] = useState<string | null>(null);
  const [team, setTeam] = useState<AgentT[]>([]);
  const [error, setError] = useState<string | undefined>();

  async function load(cursor?: string) {
    setError(undefined);
    try {
      const page = await ask({
        type: 'settings.audit.list',
        query: {
          limit: PAGE, cursor, entity: filters.entity || undefined, actorId: filters.actorId || undefined,
          from: dayStart(filters.from), to: dayStart(filters.to, true),
        },
      });
      setEntries((shown) => (cursor ? [...shown, ...page.entries] : page.entries));
      setNext(page.nextCursor);
    } catch (failure) {
      setError(errorOf(failure).message);
    }
  }
  useEffect(() => void load(), [filters]);
  useEffect(() => {
    ask({ type: 'settings.agents.list' }).then(({ agents }) => setTeam(agents), () => undefined);
  }, []);

  const set = (patch: Partial<Filters>) => setFilters({ ...filters, ...patch });
  return (
    <section data-testid="parley-audit">
      <h2>Audit log</h2>
      <div className="row audit-filters">
        <label>
          What
          <select data-testid="parley-audit-entity" value={filters.entity} onChange={(event) => set({ entity: event.target.value as Filters['entity'] })}>
            <option value="">everything</option>
            {auditEntities.map((entity) => <option key={entity} value={entity}>{entity}</option>)}
          </select>
        </label>
        <label>
          Who
          <select data-testid="parley-audit-actor" value={filters.actorId} onChange={(event) => set({ actorId: event.target.value })}>
            <option value="">anyone</option>
            {team.map((agent) => <option key={agent.id} value={agent.id}>{agent.name}</option>)}
            {Object.entries(systemActors).map(([id, name]) => <option key={id} value={id}>{name} (system)</option>)}
          </select>
        </label>
        <label>From <input type="date" data-testid="parley-audit-from" value={filters.from} onChange={(event) => set({ from: event.target.value })} /></label>
        <label>To <input type="date" data-testid="parley-audit-to" value={filters.to} onChange={(event) => set({ to: event.target.value })} /></label>
      </div>
      <ol className="audit-list" aria-live="polite">
        {entries.map((entry) => <Entry key={entry.id} entry={entry} />)}
      </ol>
      {entries.length === 0 && !error && <p className="muted" data-testid="parley-audit-empty">Nothing recorded for these filters.</p>}
      {next && <button type="button" className="quiet" data-testid="parley-audit-more" onClick={() => void load(next)}>Show older</button>}
      {error && <p className="error" role="alert" data-testid="parley-audit-error">{error}</p>}
    </section>
  );
}
