import { useEffect, useState } from 'react';
import { useBar, useOverlay } from './context.js';
import { feedbackKinds, feedbackWords } from './feedback.js';

/** Voice of the customer: one click tags the post idea, bug, praise or question; a short theme groups it with others. */
export function FeedbackControl({ postKey }: { postKey: string }) {
  const { actions } = useOverlay();
  const current = useBar(postKey)?.feedback;
  const [theme, setTheme] = useState(current?.theme ?? '');
  useEffect(() => setTheme(current?.theme ?? ''), [current?.theme]);
  // Saved on Enter only: a blur is something the page can cause.
  const saveTheme = () => {
    if (current && theme.trim() !== current.theme) void actions.tagFeedback(postKey, current.kind, theme);
  };
  return (
    <span className="feedback" role="group" aria-label="Customer feedback" data-testid="parley-feedback">
      {feedbackKinds.map((kind) => (
        <button key={kind} type="button" aria-pressed={current?.kind === kind} data-testid={`parley-feedback-${kind}`}
          title={`Tag as ${feedbackWords[kind].toLowerCase()}`} onClick={() => void actions.tagFeedback(postKey, kind, theme)}>
          {feedbackWords[kind]}
        </button>
      ))}
      {current && (
        <>
          <span className="feedback-current" role="status" data-testid="parley-feedback-current" data-kind={current.kind}
            data-pending={current.pending ? 'true' : undefined}>
            {feedbackWords[current.kind]}{current.theme ? ` · ${current.theme}` : ''}
          </span>
          <form onSubmit={(event) => { event.preventDefault(); saveTheme(); }}>
            <input data-testid="parley-feedback-theme" aria-label="Feedback theme" placeholder="theme" maxLength={60}
              value={theme} onChange={(event) => setTheme(event.target.value)} />
          </form>
          <button type="button" className="quiet" data-testid="parley-feedback-remove" aria-label="Remove the feedback tag"
            onClick={() => void actions.removeFeedback(postKey)}>×</button>
        </>
      )}
    </span>
  );
}
