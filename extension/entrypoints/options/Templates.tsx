import { useEffect, useMemo, useRef, useState, type FormEvent } from 'react';
import type { TemplateT } from '../../../api/contract.js';
import { maxWeightedLength, weightedLength } from '../../../api/domain/suggestions/fit.js';
import { distinctExamples, renderTemplate, templateVariables } from '../../../api/domain/templates.js';
import { ask, errorOf } from '../../messaging.js';

/** The customer a preview is filled with. */
const sample = { 'customer.name': 'Dana Rivers', 'customer.handle': '@dana_rivers', 'case.number': 1042 };

interface Draft {
  id?: string;
  title: string;
  body: string;
  tags: string;
  /** Example posts, one a line. */
  examples: string;
}
const empty: Draft = { title: '', body: '', tags: '', examples: '' };
const tagsOf = (text: string) => [...new Set(text.split(',').map((tag) => tag.trim()).filter(Boolean))];
const MAX_EXAMPLES = 20;
/** One post a line, each once, as the server keeps them. */
const examplesOf = (text: string) => distinctExamples(text.split('\n').map((line) => line.trim()).filter(Boolean));
const quoted = (text: string) => `“${text.length > 80 ? `${text.slice(0, 79)}…` : text}”`;

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
    return (list ?? []).filter((template) => !words || [template.title, template.body, ...template.tags, ...template.examples].join(' ').toLowerCase().includes(words));
  }, [list, search]);
  const preview = draft ? renderTemplate(draft.body, { ...sample, 'agent.name': agentName }) : undefined;
  const length = preview?.ok ? weightedLength(preview.text) : 0;
  const examples = draft ? examplesOf(draft.examples) : [];

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
      const fields = { title: draft.title.trim(), body: draft.body, tags: tagsOf(draft.tags), examples: examplesOf(draft.examples) };
      const { template } = await ask({ type: 'settings.templates.save', template: { ...(draft.id ? { id: draft.id } : {}), ...fields } });
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
            {template.examples.length > 0 && (
              <p className="muted template-examples" data-testid="parley-template-item-examples">
                Answers posts like {template.examples.slice(0, 2).map(quoted).join(', ')}
                {template.examples.length > 2 ? ` and ${template.examples.length - 2} more` : ''}
              </p>
            )}
            <button type="button" className="quiet" data-testid="parley-template-edit"
              onClick={() => { setDraft({ id: template.id, title: template.title, body: template.body, tags: template.tags.join(', '), examples: template.examples.join('\n') }); setNotice(undefined); }}>Edit</button>{' '}
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
          <label>
            Example posts this answers
            <textarea data-testid="parley-template-examples" rows={3} placeholder={'my screen cracked the first week\nglass shattered after one drop'}
              aria-describedby="parley-template-examples-hint" value={draft.examples} onChange={(event) => setDraft({ ...draft, examples: event.target.value })} />
          </label>
          <p id="parley-template-examples-hint" className={examples.length > MAX_EXAMPLES ? 'error' : 'muted'} data-testid="parley-template-examples-count"
            data-over={examples.length > MAX_EXAMPLES ? 'true' : undefined}>
            One post a line, as customers write them: a post worded like one of them ranks this template higher. {examples.length} / {MAX_EXAMPLES}
          </p>
          <div className="template-preview" data-testid="parley-template-preview" aria-live="polite">
            {preview?.ok ? preview.text : `Unknown or unfinished variables: ${preview?.missing.join(', ')}`}
          </div>
          <p className={length > maxWeightedLength ? 'error' : 'muted'} data-testid="parley-template-count" data-over={length > maxWeightedLength ? 'true' : undefined}>
            {length} / {maxWeightedLength} on X{length > maxWeightedLength ? ': too long for one post, suggestions will cut it' : ''}
          </p>
          <div className="row">
            <button type="submit" data-testid="parley-template-save" disabled={!preview?.ok || examples.length > MAX_EXAMPLES}>Save template</button>
            <button type="button" className="quiet" onClick={() => setDraft(undefined)}>Cancel</button>
          </div>
        </form>
      )}
      {notice && <p role="status" data-testid="parley-template-notice">{notice}</p>}
      {error && <p className="error" role="alert" data-testid="parley-template-error">{error}</p>}
    </section>
  );
}
