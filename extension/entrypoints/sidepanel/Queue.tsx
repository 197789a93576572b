import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { browser } from 'wxt/browser';
import { ask, errorOf } from '../../messaging.js';
import { PANEL_PORT } from '../../ports.js';
import type { QueueItem, Responses, TabMessage } from '../../protocol.js';
import { clock, platformName, statusWord } from '../../words.js';
import { CaseDetail } from './CaseDetail.js';
import { queueNames, queues, slaOf, view, type Filters, type Queue as QueueName } from './queueView.js';


/** The queue, kept live: asked again whenever the background hears of a change. */
function useQueue(onShow: (caseId: string) => void): { data: Responses['queue.get'] | undefined; error: string | undefined } {
  const [data, setData] = useState<Responses['queue.get']>();
  const [error, setError] = useState<string>();
  const show = useRef(onShow);
  show.current = onShow;
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
        if (message.type === 'panel.show') show.current(message.caseId);
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

/** `#case=<id>`: the panel's page opened in a tab on one case (where the browser's panel could not open). */
const askedInAddress = () => /^#case=([0-9a-f-]{36})$/i.exec(location.hash)?.[1];

interface Props {
  /** The queue is the view on screen: its keys are live. */
  active: boolean;
  /** A case was asked for from elsewhere (a bar, a notification): the queue's view comes forward. */
  onShow: () => void;
}

export function Queue({ active, onShow }: Props) {
  // The case open in full below the queue, and whether it was asked for from elsewhere (a bar, a notification).
  const [opened, setOpened] = useState<string | undefined>(askedInAddress);
  const [revealed, setRevealed] = useState(() => (askedInAddress() ? 1 : 0));
  const { data, error } = useQueue((caseId) => { onShow(); setOpened(caseId); setRevealed((count) => count + 1); });
  const [queue, setQueue] = useState<QueueName>('unassigned');
  const [filters, setFilters] = useState<Filters>({});
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    const tick = setInterval(() => setNow(Date.now()), 15_000);
    return () => clearInterval(tick);
  }, []);
  const shown = useMemo(() => view(data?.items ?? [], queue, filters, data?.me ?? null, now), [data, queue, filters, now]);
  const set = (patch: Filters) => setFilters((current) => ({ ...current, ...patch }));
  // The row the keyboard is on, by case id (rows move as cases change), and the rows selected.
  const [focused, setFocused] = useState<string>();
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const [refusals, setRefusals] = useState<ReadonlyMap<string, string>>(new Map());
  const [notice, setNotice] = useState<string>();
  const [tag, setTag] = useState('');
  const openedItem = data?.items.find((item) => item.case.id === opened);
  const focusIndex = Math.max(0, shown.rows.findIndex((item) => item.case.id === focused));
  const current = shown.rows[focusIndex];
  const visible = new Set(shown.rows.map((item) => item.case.id));
  // A selected case that leaves the view (resolved, say) is no longer selected.
  const chosen = [...selected].filter((id) => visible.has(id));

  async function apply(caseIds: string[], change: Extract<Parameters<typeof ask>[0], { type: 'cases.update' }>['change'], done: string) {
    if (caseIds.length === 0) return;
    setNotice(undefined);
    try {
      const { results } = await ask({ type: 'cases.update', caseIds, change });
      const refused = new Map(results.filter((result) => !result.ok).map((result) => [result.caseId, result.message ?? 'Refused']));
      setRefusals(refused);
      const queued = results.filter((result) => result.queued).length;
      const applied = results.length - refused.size;
      setNotice(`${done}: ${applied} of ${results.length}${queued ? ` (${queued} waiting for the server)` : ''}${refused.size ? `; ${refused.size} refused` : ''}`);
    } catch (failure) {
      setNotice(errorOf(failure).message);
    }
  }
  async function openPost(caseId: string) {
    setNotice(undefined);
    try {
      const { opened } = await ask({ type: 'post.open', caseId });
      if (opened === 'none') setNotice('Parley does not know where this case\'s post is');
    } catch (failure) {
      setNotice(errorOf(failure).message);
    }
  }
  const targets = () => (chosen.length > 0 ? chosen : current ? [current.case.id] : []);

  const keys = useRef<(event: KeyboardEvent) => void>(() => undefined);
  keys.current = (event: KeyboardEvent) => {
    const target = event.target as HTMLElement | null;
    if (!active) return;
    if (event.ctrlKey || event.metaKey || event.altKey || target?.closest('input, select, textarea')) return;
    // Enter on a button or a link is that control's own.
    if (event.key === 'Enter' && target?.closest('button, a')) return;
    const move = (by: number) => {
      const next = shown.rows[Math.min(shown.rows.length - 1, Math.max(0, focusIndex + by))];
      if (next) setFocused(next.case.id);
    };
    switch (event.key) {
      case 'j': move(1); break;
      case 'k': move(-1); break;
      case 'x':
        if (current) setSelected((before) => {
          const next = new Set(before);
          if (!next.delete(current.case.id)) next.add(current.case.id);
          return next;
        });
        break;
      case 'a': void apply(targets(), { assignToMe: true }, 'Assigned to you'); break;
      case 'e': void apply(targets(), { status: 'resolved' }, 'Resolved'); break;
      case 'o': if (current) void openPost(current.case.id); break;
      case 'Enter': if (current) setOpened(current.case.id); break;
      case 'Escape': setOpened(undefined); break;
      default: return;
    }
    event.preventDefault();
  };
  useEffect(() => {
    const listener = (event: KeyboardEvent) => keys.current(event);
    document.addEventListener('keydown', listener);
    return () => document.removeEventListener('keydown', listener);
  }, []);

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
      {chosen.length > 0 && (
        <div className="queue-bulk" data-testid="parley-bulk">
          <strong>{chosen.length} selected</strong>
          <button type="button" data-testid="parley-bulk-assign-me" onClick={() => void apply(chosen, { assignToMe: true }, 'Assigned to you')}>Assign to me</button>
          <button type="button" data-testid="parley-bulk-resolve" onClick={() => void apply(chosen, { status: 'resolved' }, 'Resolved')}>Resolve</button>
          <button type="button" data-testid="parley-bulk-pending" onClick={() => void apply(chosen, { status: 'pending' }, 'Waiting on the customer')}>Pending</button>
          <form onSubmit={(event) => { event.preventDefault(); if (tag.trim()) void apply(chosen, { addTag: tag.trim() }, `Tagged ${tag.trim()}`); }}>
            <input data-testid="parley-bulk-tag" aria-label="Tag to add" placeholder="tag" maxLength={50} value={tag} onChange={(event) => setTag(event.target.value)} />
            <button type="submit" data-testid="parley-bulk-tag-add">Add tag</button>
          </form>
          <button type="button" className="quiet" onClick={() => setSelected(new Set())}>Clear</button>
        </div>
      )}
      {data?.partial && (
        <p className="muted" data-testid="parley-queue-partial">
          Your team has more open cases than this browser holds: the counts leave out the ones least recently changed.
        </p>
      )}
      {notice && <p className="notice" role="status" data-testid="parley-queue-notice">{notice}</p>}
      {error && <p className="error" role="alert">{error}</p>}
      {!data ? <p className="muted">Loading the queue…</p> : shown.rows.length === 0 ? (
        <p className="muted" data-testid="parley-queue-empty">Nothing here.</p>
      ) : (
        <ol className="queue-rows" aria-label={`${queueNames[queue]} cases`}>
          {shown.rows.map((item) => (
            <Row key={item.case.id} item={item} agents={data.agents} now={now} focused={item === current} selected={selected.has(item.case.id)}
              refusal={refusals.get(item.case.id)} onFocus={() => { setFocused(item.case.id); setOpened(item.case.id); }} onOpenPost={() => void openPost(item.case.id)}
              onSelect={(on) => setSelected((before) => {
                const next = new Set(before);
                if (on) next.add(item.case.id);
                else next.delete(item.case.id);
                return next;
              })} />
          ))}
        </ol>
      )}
      {opened && data && (
        // A case asked for from a bar may be closed, or not in the working set: the detail asks for it itself.
        <CaseDetail key={opened} caseId={opened} item={openedItem} reveal={revealed}
          changed={`${openedItem ? `${openedItem.case.version}:${openedItem.case.updatedAt}:${openedItem.case.pending ? 'p' : ''}` : ''}:${data.waiting}`}
          onOpenPost={() => void openPost(opened)} onClose={() => setOpened(undefined)} />
      )}
    </main>
  );
}

interface RowProps {
  item: QueueItem;
  agents: Record<string, string>;
  now: number;
  focused: boolean;
  selected: boolean;
  refusal: string | undefined;
  onFocus: () => void;
  onSelect: (on: boolean) => void;
  onOpenPost: () => void;
}

function Row({ item, agents, now, focused, selected, refusal, onFocus, onSelect, onOpenPost }: RowProps) {
  const kase = item.case;
  const state = slaOf(item, now);
  const left = kase.slaDueAt ? Date.parse(kase.slaDueAt) - now : 0;
  const row = useRef<HTMLLIElement>(null);
  useEffect(() => { if (focused) row.current?.scrollIntoView({ block: 'nearest' }); }, [focused]);
  return (
    <li ref={row} data-testid="parley-queue-item" data-case-id={kase.id} data-case-number={kase.number} data-status={kase.status}
      data-priority={kase.priority} data-sla={state} data-pending={kase.pending ? 'true' : undefined}
      data-focused={focused ? 'true' : undefined} data-selected={selected ? 'true' : undefined} className={focused ? 'focused' : undefined}
      onClick={onFocus}>
      <p className="row-head">
        <input type="checkbox" data-testid="parley-queue-select" aria-label={`Select case #${kase.number}`} checked={selected}
          onClick={(event) => event.stopPropagation()} onChange={(event) => onSelect(event.target.checked)} />{' '}
        <strong>#{kase.number}</strong> <span className="customer">{item.customerName}</span>
        {item.platform && <span className="muted"> · {platformName[item.platform]}</span>}
        <button type="button" className="quiet open-post" data-testid="parley-open-post" title="Show the post (o)"
          onClick={(event) => { event.stopPropagation(); onOpenPost(); }}>Open post</button>
      </p>
      <p className="excerpt">
        <span className={`tone tone-${item.tone}`} data-testid="parley-queue-tone" data-tone={item.tone} role="img" aria-label={`Reads ${item.tone}`} />{' '}
        {item.excerpt}
      </p>
      <p className="row-meta">
        <span className={`status status-${kase.status}`}>{statusWord[kase.status]}</span>
        {' · '}<span className={`priority priority-${kase.priority}`}>{kase.priority}</span>
        {' · '}<span>{kase.assigneeId ? (agents[kase.assigneeId] ?? 'Assigned') : 'Unassigned'}</span>
        {kase.slaDueAt && (
          <>{' · '}<span className={`sla sla-${state}`} data-testid="parley-queue-sla">{left > 0 ? `${clock(left)} left` : `${clock(left)} over`}</span></>
        )}
      </p>
      {refusal && <p className="error" data-testid="parley-queue-row-error">{refusal}</p>}
    </li>
  );
}
