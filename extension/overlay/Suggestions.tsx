import { useEffect, useState } from 'react';
import { errorOf } from '../messaging.js';
import type { Suggestion } from '../protocol.js';
import { useOverlay } from './context.js';

export function Suggestions({ postKey }: { postKey: string }) {
  const { actions } = useOverlay();
  const [items, setItems] = useState<Suggestion[] | undefined>();
  const [error, setError] = useState<string | undefined>();

  useEffect(() => {
    let live = true;
    actions.suggestions(postKey).then(
      (found) => live && setItems(found),
      (failure: unknown) => live && setError(errorOf(failure).message),
    );
    return () => { live = false; };
  }, [actions, postKey]);

  if (error) return <div className="panel error" role="alert">{error}</div>;
  if (!items) return <div className="panel">Finding replies…</div>;
  if (items.length === 0) return <div className="panel muted">No replies to offer yet: add templates for your team, or answer a few posts.</div>;
  return (
    <ul className="panel suggestions">
      {items.map((item) => (
        <li key={item.text} data-testid="parley-suggestion">
          <span className="suggestion-title">{item.title ?? 'Your team\'s earlier reply'}</span>
          <span className="suggestion-text">{item.text}</span>
          <span className="suggestion-reason muted">{item.reason}{item.trimmed ? ' · shortened to fit one post' : ''}</span>
          <button type="button" data-testid="parley-insert" onClick={() => void actions.insert(postKey, item.text, item.templateId)}>Insert</button>
        </li>
      ))}
    </ul>
  );
}
