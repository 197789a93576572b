import { useEffect, useId, useState, type FormEvent } from 'react';
import { priorities, type Priority } from '../../api/domain/sla.js';
import { errorOf } from '../messaging.js';
import type { CaseView, NoteView } from '../protocol.js';
import { useOverlay, usePage } from './context.js';
import { Private } from './Private.js';

/** Tags as typed: separated by commas, trimmed, each once. */
export const parseTags = (text: string): string[] => [...new Set(text.split(',').map((tag) => tag.trim()).filter((tag) => tag !== ''))];

/** The post's case up close: priority, assignee, tags and the team's internal notes. */
export function CasePanel({ postKey, kase, agents }: { postKey: string; kase: CaseView; agents: Record<string, string> }) {
  const { actions } = useOverlay();
  // Notes waiting to be sent change state when the outbox empties: ask again then.
  const { waiting, session } = usePage();
  const id = useId();
  const [tags, setTags] = useState(kase.tags.join(', '));
  const [note, setNote] = useState('');
  const [notes, setNotes] = useState<{ notes: NoteView[]; complete: boolean } | undefined>();
  const [error, setError] = useState<string | undefined>();
  const [loads, setLoads] = useState(0);

  useEffect(() => setTags(kase.tags.join(', ')), [kase.tags]);
  useEffect(() => {
    let live = true;
    actions.notes(kase.id).then((answer) => live && setNotes(answer), (failure: unknown) => live && setError(errorOf(failure).message));
    return () => { live = false; };
  }, [actions, kase.id, loads, waiting]);

  async function addNote(event: FormEvent) {
    event.preventDefault();
    const body = note.trim();
    if (body === '') return;
    // Listed at once; the list is asked for again once the note is safe in the outbox.
    const shown: NoteView = { id: `here:${Date.now()}`, body, author: session?.agent?.name ?? null, createdAt: new Date().toISOString(), pending: true };
    setNotes((current) => current && { ...current, notes: [...current.notes, shown] });
    setNote('');
    if (!(await actions.addNote(postKey, body))) {
      setNotes((current) => current && { ...current, notes: current.notes.filter((item) => item !== shown) });
      setNote(body);
    }
    setLoads((count) => count + 1);
  }

  return (
    <div className="panel case-panel" data-testid="parley-case-panel">
      <div className="row">
        <label>
          Priority{' '}
          <select data-testid="parley-case-set-priority" value={kase.priority}
            onChange={(event) => void actions.changeCase(postKey, { priority: event.target.value as Priority })}>
            {priorities.map((name) => <option key={name} value={name}>{name}</option>)}
          </select>
        </label>
        <label>
          Assignee{' '}
          <select data-testid="parley-case-set-assignee" value={kase.assigneeId ?? ''}
            onChange={(event) => void actions.changeCase(postKey, { assigneeId: event.target.value || null })}>
            <option value="">Unassigned</option>
            {Object.entries(agents).map(([agentId, name]) => <option key={agentId} value={agentId}>{name}</option>)}
          </select>
        </label>
      </div>
      <form className="row" onSubmit={(event) => { event.preventDefault(); void actions.changeCase(postKey, { tags: parseTags(tags) }); }}>
        <label htmlFor={`${id}-tags`}>Tags</label>
        <input id={`${id}-tags`} data-testid="parley-case-tags" value={tags} maxLength={500} placeholder="billing, outage"
          onChange={(event) => setTags(event.target.value)} />
        <button type="submit" data-testid="parley-case-save-tags">Save tags</button>
      </form>
      <h4>Notes</h4>
      {notes === undefined ? <p className="muted">Loading notes…</p> : (
        <>
          {notes.notes.length === 0 && <p className="muted">No notes yet.</p>}
          <ol className="case-notes">
            {notes.notes.map((item) => (
              <li key={item.id} data-testid="parley-note" data-pending={item.pending ? 'true' : undefined}>
                <span className="notes"><Private>{item.body}</Private></span>{' '}
                <span className="muted">— {item.author ?? 'someone'}, <time dateTime={item.createdAt}>{new Date(item.createdAt).toLocaleString()}</time>
                  {item.pending ? ' (not yet sent)' : ''}</span>
              </li>
            ))}
          </ol>
          {!notes.complete && <p className="muted">Earlier notes show when Parley's server is back.</p>}
        </>
      )}
      <form onSubmit={(event) => void addNote(event)}>
        <label htmlFor={`${id}-note`} className="muted">Internal note (only your team sees it)</label>
        <textarea id={`${id}-note`} data-testid="parley-note-body" rows={2} maxLength={10_000} value={note} onChange={(event) => setNote(event.target.value)} />
        <button type="submit" data-testid="parley-note-add" disabled={note.trim() === ''}>Add note</button>
      </form>
      {error && <p className="error" role="alert">{error}</p>}
    </div>
  );
}
