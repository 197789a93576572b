import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { priorities, type Priority } from '../../api/domain/sla.js';
import { errorOf } from '../messaging.js';
import { useBar, useOverlay } from './context.js';
import { reachWords } from '../words.js';

export function CaseForm({ postKey, excerpt: initialExcerpt }: { postKey: string; excerpt: string }) {
  const { actions } = useOverlay();
  const post = useBar(postKey)?.post;
  // The page's reading of the author's reach, live (a hover card opened while the form is open), else what the background knew.
  const shown = post?.author.followers;
  const [known, setKnown] = useState<number | null | undefined>();
  const followers = shown ?? known;
  const id = useId();
  const [excerpt, setExcerpt] = useState(initialExcerpt);
  const [priority, setPriority] = useState<Priority>('normal');
  // The agent's own choice is never replaced by a suggestion that arrives after it.
  const chosen = useRef(false);
  const [agents, setAgents] = useState<{ id: string; name: string }[]>([]);
  const [assigneeId, setAssigneeId] = useState<string>('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | undefined>();
  const [suggested, setSuggested] = useState<{ priority: Priority; reasons: string[] } | undefined>();

  useEffect(() => setExcerpt(initialExcerpt), [initialExcerpt]);
  useEffect(() => {
    let live = true;
    actions.caseForm(postKey).then((form) => {
      if (!live) return;
      setAgents(form.agents);
      setAssigneeId((current) => current || form.me || '');
      if (form.followers !== undefined) setKnown(form.followers);
      if (form.suggested) {
        setSuggested(form.suggested);
        if (!chosen.current) setPriority(form.suggested.priority);
      }
    }, (failure: unknown) => live && setError(errorOf(failure).message));
    return () => { live = false; };
  }, [actions, postKey, shown]);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      await actions.createCase(postKey, { excerpt: excerpt.trim(), priority, assigneeId: assigneeId || null });
    } catch (failure) {
      setError(errorOf(failure).message);
      setBusy(false);
    }
  }

  return (
    <form className="panel case-form" data-testid="parley-case-form" onSubmit={(event) => void submit(event)}>
      <label htmlFor={`${id}-excerpt`}>Excerpt</label>
      <textarea id={`${id}-excerpt`} data-testid="parley-case-excerpt" rows={2} maxLength={5000} value={excerpt}
        onChange={(event) => setExcerpt(event.target.value)} placeholder="What the case is about (optional)" />
      <div className="row">
        <label>
          Priority{' '}
          <select data-testid="parley-case-priority" value={priority} onChange={(event) => { chosen.current = true; setPriority(event.target.value as Priority); }}>
            {priorities.map((name) => <option key={name} value={name}>{name}{name === suggested?.priority ? ' (suggested)' : ''}</option>)}
          </select>
        </label>
        <label>
          Assignee{' '}
          <select data-testid="parley-case-assignee" value={assigneeId} onChange={(event) => setAssigneeId(event.target.value)}>
            <option value="">Unassigned</option>
            {agents.map((agent) => <option key={agent.id} value={agent.id}>{agent.name}</option>)}
          </select>
        </label>
      </div>
      {error && <p className="error" role="alert">{error}</p>}
      <div className="row">
        <button type="submit" data-testid="parley-case-submit" disabled={busy}>{busy ? 'Creating…' : 'Create case'}</button>
        <button type="button" className="quiet" onClick={() => actions.setPanel(postKey, 'none')}>Cancel</button>
      </div>
      {/* Below the buttons: arriving after the form, it must not move them under the agent's pointer. */}
      {post && followers !== undefined && (
        <p className="muted" data-testid="parley-case-reach" data-known={followers !== null}>{post.author.displayName} · {reachWords(followers)}</p>
      )}
      {suggested && suggested.reasons.length > 0 && (
        <p className="muted" data-testid="parley-priority-reasons">Suggested {suggested.priority}: {suggested.reasons.join(' · ')}</p>
      )}
    </form>
  );
}
