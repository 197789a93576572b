import { useEffect, useMemo, useRef, useState, type FormEvent } from 'react';
import type { TemplateT } from '../../../api/contract.js';
import { maxWeightedLength, weightedLength } from '../../../api/domain/suggestions/fit.js';
import { renderTemplate, templateVariables } from '../../../api/domain/templates.js';
import { ask, errorOf } from '../../messaging.js';

/** The customer a preview is filled with. */
const sample = { 'customer.name': 'Dana Rivers', 'customer.handle': '@dana_rivers', 'case.number': 1042 };

interface Draft {
  id?: string;
  title: string;
  body: string;
  tags: string;
}
const empty: Draft = { title: '', body: '', tags: '' };
const tagsOf = (text: string) => [...new Set(text.split(',').map((tag) => tag.trim()).filter(Boolean))];

/** The team's reply templates: listed, searched, written with a live preview and X's weighted length. */
export function Templates({ agentName }: { agentName: string }) {
  const [list, setList] = useState<TemplateT[] | undefined>();
  const [search, setSearch] = useState('');
  const [draft, setDraft] = useState<Draft | undefined>();
  const [error, setError] = useState<string | undefined>();
  const [notice, setNotice] = useState<string | undefined>();
  const body = useRef<HTMLTextAreaElement>(null);
  const load = () => ask({ type: 'settings.templates.list' }).then(({ templates }) => setList(templates), (failure: unknown) => setError(errorOf(failure).message));
  useEffect(() => void load(), []);

  const shown = useMemo(() => {
    const words = search.trim().toLowerCase();
    return (list ?? []).filter((template) => !words || `${template.title} ${template.body} ${template.tags.join(' ')}`.toLowerCase().includes(words));
  }, [list, search]);
  const preview = draft ? renderTemplate(draft.body, { ...sample, 'agent.name': agentName }) : undefined;
  const length = preview?.ok ? weightedLength(preview.text) : 0;

  /** Puts `{{variable}}` where the cursor is in the body. */
  function insert(variable: string) {
    if (!draft) return;
    const at = body.current?.selectionStart ?? draft.body.length;
    const end = body.current?.selectionEnd ?? at;
    const text = `{{${variable}}}`;
    setDraft({ ...draft, body: draft.body.slice(0, at) + text + draft.body.slice(end) });
    requestAnimationFrame(() => {
      body.current?.focus();
      body.current?.setSelectionRange(at + text.length, at + text.length);
    });
  }

  async function save(event: FormEvent) {
    event.preventDefault();
    if (!draft) return;
    setError(undefined);
    try {
      const { template } = await ask({ type: 'settings.templates.save', template: { ...(draft.id ? { id: draft.id } : {}), title: draft.title.trim(), body: draft.body, tags: tagsOf(draft.tags) } });
      setNotice(`Saved "${template.title}"`);
      setDraft(undefined);
      await load();
    } catch (failure) {
      setError(errorOf(failure).message);
    }
  }

  async function remove(template: TemplateT) {
    if (!confirm(`Delete the template "${template.title}"?`)) return;
    try {
      await ask({ type: 'settings.templates.delete', id: template.id });
      setNotice(`Deleted "${template.title}"`);
      await load();
    } catch (failure) {
      setError(errorOf(failure).message);
    }
  }

  return (
    <section data-testid="parley-templates">
      <h2>Reply templates</h2>
      <div className="row">
        <input type="search" aria-label="Search templates" placeholder="Search templates" data-testid="parley-template-search" value={search} onChange={(event) => setSearch(event.target.value)} />
        <button type="button" data-testid="parley-template-new" onClick={() => { setDraft({ ...empty }); setNotice(undefined); }}>New template</button>
      </div>
      {list && shown.length === 0 && <p className="muted">{list.length === 0 ? 'No templates yet.' : 'No template matches.'}</p>}
      <ul className="template-list">
        {shown.map((template) => (
          <li key={template.id} data-testid="parley-template-item" data-template-id={template.id}>
            <strong>{template.title}</strong>
            {template.tags.length > 0 && <span className="muted"> · {template.tags.join(', ')}</span>}
            <span className="muted"> · used {template.usageCount}×</span>
            <p className="template-body">{template.body}</p>
            <button type="button" className="quiet" data-testid="parley-template-edit"
              onClick={() => { setDraft({ id: template.id, title: template.title, body: template.body, tags: template.tags.join(', ') }); setNotice(undefined); }}>Edit</button>{' '}
            <button type="button" className="quiet" data-testid="parley-template-delete" onClick={() => void remove(template)}>Delete</button>
          </li>
        ))}
      </ul>
      {draft && (
        <form className="settings-form" data-testid="parley-template-form" onSubmit={(event) => void save(event)}>
          <label>Title <input data-testid="parley-template-title" required maxLength={200} value={draft.title} onChange={(event) => setDraft({ ...draft, title: event.target.value })} /></label>
          <label>
            Text
            <textarea ref={body} data-testid="parley-template-body" required rows={4} maxLength={5000} value={draft.body} onChange={(event) => setDraft({ ...draft, body: event.target.value })} />
          </label>
          <p className="row">
            <span className="muted">Insert</span>
            {templateVariables.map((variable) => (
              <button key={variable} type="button" className="quiet" data-testid="parley-template-variable" data-variable={variable} onClick={() => insert(variable)}>{`{{${variable}}}`}</button>
            ))}
          </p>
          <label>Tags <input data-testid="parley-template-tags" placeholder="apology, delivery" maxLength={500} value={draft.tags} onChange={(event) => setDraft({ ...draft, tags: event.target.value })} /></label>
          <div className="template-preview" data-testid="parley-template-preview" aria-live="polite">
            {preview?.ok ? preview.text : `Unknown or unfinished variables: ${preview?.missing.join(', ')}`}
          </div>
          <p className={length > maxWeightedLength ? 'error' : 'muted'} data-testid="parley-template-count" data-over={length > maxWeightedLength ? 'true' : undefined}>
            {length} / {maxWeightedLength} on X{length > maxWeightedLength ? ': too long for one post, suggestions will cut it' : ''}
          </p>
          <div className="row">
            <button type="submit" data-testid="parley-template-save" disabled={!preview?.ok}>Save template</button>
            <button type="button" className="quiet" onClick={() => setDraft(undefined)}>Cancel</button>
          </div>
        </form>
      )}
      {notice && <p role="status" data-testid="parley-template-notice">{notice}</p>}
      {error && <p className="error" role="alert" data-testid="parley-template-error">{error}</p>}
    </section>
  );
}
