import { lazy, Suspense, useState } from 'react';
import { Queue } from './Queue.js';

// The charts (uPlot) load when the agent first opens a report, not with the queue.
const Reports = lazy(() => import('./reports/Reports.js'));
const FeedbackView = lazy(() => import('./feedback/FeedbackView.js'));

const views = { queue: 'Queue', reports: 'Reports', feedback: 'Feedback' } as const;
type View = keyof typeof views;

/** `#reports`, `#feedback`: the panel's page opened on that view. */
const viewInAddress = (): View => (location.hash === '#reports' ? 'reports' : location.hash === '#feedback' ? 'feedback' : 'queue');

/**
 * The side panel: the team's queue, its reports, and what customers tell the company. A view
 * once opened stays mounted, so its filters and lists are as the agent left them.
 */
export function Panel() {
  const [view, setView] = useState<View>(viewInAddress);
  const [seen, setSeen] = useState<ReadonlySet<View>>(() => new Set([view]));
  const show = (next: View) => {
    setView(next);
    setSeen((before) => (before.has(next) ? before : new Set([...before, next])));
  };
  return (
    <>
      <nav className="views" aria-label="Parley views">
        <img className="views-mark" src="/icon/32.png" alt="Parley" width={24} height={24} />
        {(Object.keys(views) as View[]).map((name) => (
          <button key={name} type="button" data-testid={`parley-view-${name}`} aria-current={view === name ? 'page' : undefined} onClick={() => show(name)}>
            {views[name]}
          </button>
        ))}
      </nav>
      <div hidden={view !== 'queue'}><Queue active={view === 'queue'} onShow={() => show('queue')} /></div>
      <Suspense fallback={<p className="muted">Loading…</p>}>
        {seen.has('reports') && <div hidden={view !== 'reports'}><Reports active={view === 'reports'} /></div>}
        {seen.has('feedback') && <div hidden={view !== 'feedback'}><FeedbackView active={view === 'feedback'} /></div>}
      </Suspense>
    </>
  );
}
