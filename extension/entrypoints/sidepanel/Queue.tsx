import { useCallback, useEffect, useMemo, useState } from 'react';
import { browser } from 'wxt/browser';
import { ask, errorOf } from '../../messaging.js';
import type { QueueItem, Responses, TabMessage } from '../../protocol.js';
import { queueNames, queues, slaOf, view, type Filters, type Queue as QueueName } from './queueView.js';

const PANEL_PORT = 'parley-panel';
const platformName = { x: 'X', facebook: 'Facebook' } as const;
const statusWord = { new: 'New', open: 'Open', pending: 'Pending', resolved: 'Resolved', closed: 'Closed' } as const;

function clock(ms: number): string {
  const minutes = Math.floor(Math.abs(ms) / 60_000);
  return minutes >= 60 ? `${Math.floor(minutes / 60)}h ${minutes % 60}m` : `${minutes}m`;
}

/** The queue, kept live: asked again whenever the background hears of a change. */
function useQueue(): { data: Responses['queue.get'] | undefined; error: string | undefined } {
  const [data, setData] = useState<Responses['queue.get']>();
  const [error, setError] = useState<string>();
  const load = useCallback(() => ask({ type: 'queue.get' }).then((next) => { setData(next); setError(undefined); }, (failure: unknown) => setError(errorOf(failure).message)), []);
  useEffect(() => {
    void load();
    let port: ReturnType<typeof browser.runtime.connect> | undefined;
    let timer: ReturnType<typeof setTimeout> | undefined;
    // Many changes arrive together: one read of the cache for them all.
    const soon = () => {
      clearTimeout(timer);
      timer = setTimeout(() => void load(), 50);
    };
    const connect = () => {
      port = browser.runtime.connect({ name: PANEL_PORT });
      port.onMessage.addListener((message: TabMessage) => {
        if (message.type === 'posts.changed' || message.type === 'customers.changed' || message.type === 'outbox' || message.type === 'session.changed') soon();
      });
      // A service worker that stopped drops the port: take a new one.
      port.onDisconnect.addListener(() => setTimeout(connect, 500));
    };
    connect();
    return () => {
      clearTimeout(timer);
      port?.disconnect();
    };
  }, [load]);
  return { data, error };
}

export function Queue() {
  const { data, error } = useQueue();
  const [queue, setQueue] = useState<QueueName>('unassigned');
  const [filters, setFilters] = useState<Filters>({});
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    const tick = setInterval(() => setNow(Date.now()), 15_000);
    return () => clearInterval(tick);
  }, []);
  const shown = useMemo(() => view(data?.items ?? [], queue, filters, data?.me ?? null, now), [data, queue, filters, now]);
  const set = (patch: Filters) => setFilters((current) => ({ ...current, ...patch }));

  if (data && !data.me) {
    return (
      <main className="queue">
        <p data-testid="parley-queue-signed-out">Sign in to Parley to see the team's queue.</p>
        <button type="button" onClick={() => void browser.runtime.openOptionsPage()}>Sign in</button>
      </main>
    );
  }
  return (
    <main className="queue">
      <nav className="queue-tabs" role="tablist" aria-label="Queues">
        {queues.map((name) => (
          <button key={name} type="button" role="tab" aria-selected={queue === name} data-testid="parley-queue-tab" data-queue={name}
            data-count={shown.counts[name]} onClick={() => setQueue(name)}>
            {queueNames[name]} <span className="count">{shown.counts[name]}</span>
          </button>
        ))}
      </nav>
      <div className="queue-filters">
        <input type="search" data-testid="parley-queue-search" placeholder="Search customer, text or #number" aria-label="Search"
          value={filters.search ?? ''} onChange={(event) => set({ search: event.target.value })} />
        <select data-testid="parley-queue-platform" aria-label="Platform" value={filters.platform ?? ''}
          onChange={(event) => set({ platform: (event.target.value || undefined) as Filters['platform'] })}>
          <option value="">Both sites</option>
          <option value="x">X</option>
          <option value="facebook">Facebook</option>
        </select>
        <select data-testid="parley-queue-tag" aria-label="Tag" value={filters.tag ?? ''} onChange={(event) => set({ tag: event.target.value || undefined })}>
          <option value="">Any tag</option>
          {shown.tags.map((tag) => <option key={tag} value={tag}>{tag}</option>)}
        </select>
        <select data-testid="parley-queue-assignee" aria-label="Assignee" value={filters.assignee ?? ''} onChange={(event) => set({ assignee: event.target.value || undefined })}>
          <option value="">Anyone</option>
          <option value="none">Unassigned</option>
          {Object.entries(data?.agents ?? {}).sort(([, a], [, b]) => a.localeCompare(b)).map(([id, name]) => <option key={id} value={id}>{name}</option>)}
        </select>
      </div>
      {error && <p className="error" role="alert">{error}</p>}
      {!data ? <p className="muted">Loading the queue…</p> : shown.rows.length === 0 ? (
        <p className="muted" data-testid="parley-queue-empty">Nothing here.</p>
      ) : (
        <ol className="queue-rows">
          {shown.rows.map((item) => <Row key={item.case.id} item={item} agents={data.agents} now={now} />)}
        </ol>
      )}
    </main>
  );
}

function Row({ item, agents, now }: { item: QueueItem; agents: Record<string, string>; now: number }) {
  const kase = item.case;
  const state = slaOf(item, now);
  const left = kase.slaDueAt ? Date.parse(kase.slaDueAt) - now : 0;
  return (
    <li data-testid="parley-queue-item" data-case-id={kase.id} data-case-number={kase.number} data-status={kase.status}
      data-priority={kase.priority} data-sla={state} data-pending={kase.pending ? 'true' : undefined}>
      <p className="row-head">
        <strong>#{kase.number}</strong> <span className="customer">{item.customerName}</span>
        {item.platform && <span className="muted"> · {platformName[item.platform]}</span>}
      </p>
      <p className="excerpt">{item.excerpt}</p>
      <p className="row-meta">
        <span className={`status status-${kase.status}`}>{statusWord[kase.status]}</span>
        {' · '}<span className={`priority priority-${kase.priority}`}>{kase.priority}</span>
        {' · '}<span>{kase.assigneeId ? (agents[kase.assigneeId] ?? 'Assigned') : 'Unassigned'}</span>
        {kase.slaDueAt && (
          <>{' · '}<span className={`sla sla-${state}`} data-testid="parley-queue-sla">{left > 0 ? `${clock(left)} left` : `${clock(left)} over`}</span></>
        )}
      </p>
    </li>
  );
}
