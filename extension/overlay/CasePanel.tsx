import { useEffect, useId, useState } from 'react';
import { priorities, type Priority } from '../../api/domain/sla.js';
import type { CaseView } from '../protocol.js';
import { useOverlay } from './context.js';

/** Tags as typed: separated by commas, trimmed, each once. */
export const parseTags = (text: string): string[] => [...new Set(text.split(',').map((tag) => tag.trim()).filter((tag) => tag !== ''))];

/**
 * The post's case up close: priority, assignee and tags. Its internal notes and timeline are in the
 * side panel, the extension's own page, which the button here opens.
 */
export function CasePanel({ postKey, kase, agents }: { postKey: string; kase: CaseView; agents: Record<string, string> }) {
  const { actions } = useOverlay();
  const id = useId();
  const [tags, setTags] = useState(kase.tags.join(', '));
  useEffect(() => setTags(kase.tags.join(', ')), [kase.tags]);

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
      <p className="row">
        <button type="button" data-testid="parley-open-in-panel" onClick={() => void actions.openInPanel(postKey, kase.id)}>
          Notes and timeline in the side panel
        </button>
      </p>
    </div>
  );
}
