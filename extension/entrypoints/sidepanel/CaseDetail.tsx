import { useCallback, useEffect, useRef, useState, type FormEvent } from 'react';
import { canTransition, caseStatuses } from '../../../api/domain/caseStatus.js';
import { priorities } from '../../../api/domain/sla.js';
import { ask, errorOf } from '../../messaging.js';
import type { QueueItem, Responses } from '../../protocol.js';
import { platformName } from '../../words.js';

type Detail = Responses['case.detail'];
type Event = Detail['timeline'][number];

/** One line per timeline event: what happened, in words. */
function describe(event: Event, agents: Record<string, string>): string {
  const data = event.data as Record<string, unknown>;
  const name = (id: unknown) => (typeof id === 'string' ? (agents[id] ?? 'an agent') : 'nobody');
  switch (event.type) {
    case 'created': return 'Opened the case';
    case 'status': return `Status ${String(data.from)} → ${String(data.to)}${data.reason === 'customer_post' ? ' (the customer wrote again)' : ''}`;
    case 'priority': return `Priority ${String(data.from)} → ${String(data.to)}`;
    case 'assigned': return `Assigned to ${name(data.to)}`;
    case 'tags': return `Tags: ${Array.isArray(data.to) && data.to.length > 0 ? data.to.join(', ') : 'none'}`;
    case 'subject': return `Subject: ${String(data.to)}`;
    case 'note': return `Note: ${String(data.body ?? '')}`;
    case 'reply': return `Replied: ${String(data.text ?? '')}`;
    case 'post_linked': return `Post added${data.excerpt ? `: ${String(data.excerpt)}` : ''}`;
    default: return event.type;
  }
}

/** The case in full, in the extension's own page: the page of the site never sees it. */
interface Props {
  caseId: string;
  /** Its row in the queue; a closed case, or one outside the working set, has none. */
  item: QueueItem | undefined;
  /** Changes whenever the queue hears the case changed. */
  changed: string;
  /** Changes when the case is asked for from elsewhere (a bar, a notification): it scrolls into view. */
  reveal: number;
  onOpenPost: () => void;
  onClose: () => void;
}

export function CaseDetail({ caseId, item, changed, reveal, onOpenPost, onClose }: Props) {
  const [detail, setDetail] = useState<Detail>();
  const [error, setError] = useState<string>();
  const [note, setNote] = useState('');
  const kase = detail?.case ?? item?.case;
  const tagList = kase?.tags.join(', ') ?? '';
  const [tags, setTags] = useState(tagList);
  useEffect(() => setTags(tagList), [tagList]);
  const section = useRef<HTMLElement>(null);
  useEffect(() => { if (reveal > 0) section.current?.scrollIntoView({ block: 'start' }); }, [reveal, detail === undefined]);

  /** A change to this case, through the outbox like any other; a refusal is said here. */
  async function change(patch: Extract<Parameters<typeof ask>[0], { type: 'cases.update' }>['change']) {
    setError(undefined);
    try {
      const { results } = await ask({ type: 'cases.update', caseIds: [caseId], change: patch });
      const refused = results.find((result) => !result.ok);
      if (refused) setError(refused.message ?? 'Refused');
      await load();
    } catch (failure) {
      setError(errorOf(failure).message);
    }
  }
  const load = useCallback(() => ask({ type: 'case.detail', caseId }).then((next) => { setDetail(next); setError(undefined); }, (failure: unknown) => setError(errorOf(failure).message)), [caseId]);
  // Asked again whenever the queue hears the case changed.
  useEffect(() => void load(), [load, changed]);

  // Notes and customer changes go through the outbox like a bar's, keyed by one of the case's posts.
  const post = item?.postKey ? { platform: item.postKey.slice(0, item.postKey.indexOf(':')) as 'x' | 'facebook', externalId: item.postKey.slice(item.postKey.indexOf(':') + 1) }
    : detail?.posts[0] ? { platform: detail.posts[0].platform as 'x' | 'facebook', externalId: detail.posts[0].externalId } : undefined;
  async function send(name: 'addNote' | 'updateCustomer', args: Record<string, unknown>): Promise<boolean> {
    if (!post) return false;
    setError(undefined);
    try {
      await ask({ type: 'mutate', ...post, name, args });
      await load();
      return true;
    } catch (failure) {
      setError(errorOf(failure).message);
      return false;
    }
  }
  async function addNote(event: FormEvent) {
    event.preventDefault();
    const body = note.trim();
    if (!body) return;
    // The box is free at once for the next note; a note refused comes back to it, if it is still empty.
    setNote('');
    if (!(await send('addNote', { caseId, body }))) setNote((current) => current || body);
  }

  const agents = detail?.agents ?? {};
  const card = detail?.card;
  if (!kase) {
    return (
      <section className="case-detail" data-testid="parley-case-detail" data-case-id={caseId} ref={section}>
        {error ? <p className="error" role="alert">{error}</p> : <p className="muted">Loading the case…</p>}
        <button type="button" className="quiet" data-testid="parley-case-detail-close" onClick={onClose}>Close</button>
      </section>
    );
  }
  const customerName = card?.customer.name ?? item?.customerName ?? 'Customer';
  return (
    <section className="case-detail" data-testid="parley-case-detail" data-case-id={caseId} aria-label={`Case #${kase.number}`} ref={section}>
      <header className="row-head">
        <h2>#{kase.number} · {customerName}</h2>
        <button type="button" className="quiet" data-testid="parley-open-post" onClick={onOpenPost}>Open post</button>
        <button type="button" className="quiet" data-testid="parley-case-detail-close" onClick={onClose} aria-label="Close the case">×</button>
      </header>
      <div className="detail-controls">
        <label>Status
          <select data-testid="parley-detail-status" value={kase.status}
            onChange={(event) => void change({ status: event.target.value as 'open' | 'pending' | 'resolved' })}>
            {caseStatuses.filter((status) => status === kase.status || (canTransition(kase.status, status) && ['open', 'pending', 'resolved'].includes(status)))
              .map((status) => <option key={status} value={status}>{status}</option>)}
          </select>
        </label>
        <label>Priority
          <select data-testid="parley-detail-priority" value={kase.priority} onChange={(event) => void change({ priority: event.target.value as typeof priorities[number] })}>
            {priorities.map((priority) => <option key={priority} value={priority}>{priority}</option>)}
          </select>
        </label>
        <label>Assignee
          <select data-testid="parley-detail-assignee" value={kase.assigneeId ?? ''} onChange={(event) => void change({ assigneeId: event.target.value || null })}>
            <option value="">Unassigned</option>
            {Object.entries(agents).sort(([, a], [, b]) => a.localeCompare(b)).map(([id, name]) => <option key={id} value={id}>{name}</option>)}
          </select>
        </label>
        <form onSubmit={(event) => { event.preventDefault(); void change({ tags: tags.split(',').map((each) => each.trim()).filter(Boolean) }); }}>
          <label>Tags <input data-testid="parley-detail-tags" value={tags} maxLength={500} onChange={(event) => setTags(event.target.value)} /></label>
          <button type="submit" data-testid="parley-detail-save-tags">Save tags</button>
        </form>
      </div>
      {detail && !detail.complete && (
        <p className="notice" data-testid="parley-detail-offline">Parley's server is out of reach: this is the case as this browser has it; its posts and timeline show when the server is back.</p>
      )}
      {error && <p className="error" role="alert">{error}</p>}
      {card && (
        <div className="detail-customer" data-testid="parley-detail-customer">
          <h3>{card.customer.name}{card.customer.vip ? ' · VIP' : ''}</h3>
          <ul>
            {card.identities.map((identity) => (
              <li key={identity.id} data-testid="parley-detail-identity">{platformName[identity.platform]}: {identity.platform === 'x' ? '@' : ''}{identity.handle}</li>
            ))}
          </ul>
          {card.customer.tags.length > 0 && <p>Tags: {card.customer.tags.join(', ')}</p>}
          {card.customer.notes && <p className="notes" data-testid="parley-detail-customer-notes">{card.customer.notes}</p>}
          <CustomerNotes key={card.customer.notes} notes={card.customer.notes} disabled={!post}
            onSave={(notes) => send('updateCustomer', { customerId: card.customer.id, notes })} />
          <p className="muted">{card.cases.length} case{card.cases.length === 1 ? '' : 's'} in all</p>
        </div>
      )}
      <h3>Internal notes</h3>
      {detail && detail.notes.length === 0 && <p className="muted">No notes yet.</p>}
      {detail && detail.notes.length > 0 && (
        <ol className="detail-notes">
          {detail.notes.map((each) => (
            <li key={each.id} data-testid="parley-detail-note" data-pending={each.pending ? 'true' : undefined}>
              <span className="notes">{each.body}</span>{' '}
              <span className="muted">— {each.author ?? 'someone'}, <time dateTime={each.createdAt}>{new Date(each.createdAt).toLocaleString()}</time>
                {each.pending ? ' (not yet sent)' : ''}</span>
            </li>
          ))}
        </ol>
      )}
      {detail && detail.posts.length > 0 && (
        <>
          <h3>Posts</h3>
          <ul>
            {detail.posts.map((post) => (
              <li key={post.id} data-testid="parley-detail-post">
                <a href={post.url} target="_blank" rel="noopener noreferrer">{platformName[post.platform as 'x' | 'facebook'] ?? post.platform} post</a>: {post.excerpt ?? post.text}
              </li>
            ))}
          </ul>
        </>
      )}
      {detail && detail.timeline.length > 0 && (
        <>
          <h3>Timeline</h3>
          <ol className="timeline">
            {detail.timeline.map((event) => (
              <li key={event.id} data-testid="parley-timeline-item" data-type={event.type}>
                {describe(event, agents)} <span className="muted">— {event.actorId ? (agents[event.actorId] ?? 'an agent') : 'Parley'}, <time dateTime={event.createdAt}>{new Date(event.createdAt).toLocaleString()}</time></span>
              </li>
            ))}
          </ol>
        </>
      )}
      <form onSubmit={(event) => void addNote(event)}>
        <label>
          Internal note (only your team sees it)
          <textarea data-testid="parley-detail-note-body" rows={2} maxLength={10_000} value={note} onChange={(event) => setNote(event.target.value)} />
        </label>
        <button type="submit" data-testid="parley-detail-note-add" disabled={note.trim() === '' || !post}>Add note</button>
      </form>
    </section>
  );
}

/** The team's notes on the customer, edited here, never on the site's page. */
function CustomerNotes({ notes, disabled, onSave }: { notes: string; disabled: boolean; onSave: (notes: string) => Promise<boolean> }) {
  const [text, setText] = useState(notes);
  const [editing, setEditing] = useState(false);
  if (!editing) {
    return <button type="button" className="quiet" data-testid="parley-detail-customer-notes-edit" disabled={disabled} onClick={() => setEditing(true)}>{notes ? 'Edit notes' : 'Add notes on the customer'}</button>;
  }
  return (
    <form onSubmit={(event) => { event.preventDefault(); void onSave(text).then((saved) => saved && setEditing(false)); }}>
      <label>
        Notes on the customer
        <textarea data-testid="parley-detail-customer-notes-input" rows={3} maxLength={10_000} value={text} onChange={(event) => setText(event.target.value)} />
      </label>
      <button type="submit" data-testid="parley-detail-customer-notes-save" disabled={text === notes}>Save notes</button>
      <button type="button" className="quiet" onClick={() => { setText(notes); setEditing(false); }}>Cancel</button>
    </form>
  );
}
