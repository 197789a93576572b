import { useEffect, useState } from 'react';
import type { FeedbackKindT, FeedbackThemesT } from '../../../../api/contract.js';
import { ask, errorOf } from '../../../messaging.js';
import { periodOf, recentDays } from '../reports/period.js';
import { csvName, saveCsv } from '../reports/saveCsv.js';
import { feedbackKinds, kindWords } from '../reports/terms.js';
import { ThemeRow } from './ThemeRow.js';

/** What customers tell the company, grouped by kind and theme, with how far it reached and the posts that said it. */
export default function FeedbackView({ active }: { active: boolean }) {
  const [days, setDays] = useState(() => recentDays(new Date()));
  const [kind, setKind] = useState<FeedbackKindT | ''>('');
  const [answer, setAnswer] = useState<FeedbackThemesT>();
  const [error, setError] = useState<string>();
  const period = periodOf(days.fromDay, days.toDay);
  const query = period.ok ? { from: period.from, to: period.to, ...(kind ? { kind } : {}) } : undefined;
  const asked = JSON.stringify(query);

  useEffect(() => {
    // Asked again each time the view comes forward: tags are added on the bars meanwhile.
    if (!query || !active) return;
    let current = true;
    setError(undefined);
    ask({ type: 'reports.feedback', query }).then(
      (next) => { if (current) setAnswer(next); },
      (failure: unknown) => { if (current) setError(errorOf(failure).message); },
    );
    return () => { current = false; };
  }, [asked, active]);

  async function download() {
    if (!query) return;
    try {
      const { csv } = await ask({ type: 'reports.export', file: { what: 'feedback', query } });
      saveCsv(csv, csvName('feedback', days.fromDay, days.toDay));
    } catch (failure) {
      setError(errorOf(failure).message);
    }
  }

  return (
    <main className="feedback-view" data-testid="parley-feedback-view">
      <form className="report-filters" onSubmit={(event) => event.preventDefault()}>
        <label>From <input type="date" data-testid="parley-feedback-from" value={days.fromDay} max={days.toDay} required
          onChange={(event) => setDays((before) => ({ ...before, fromDay: event.target.value }))} /></label>
        <label>To <input type="date" data-testid="parley-feedback-to" value={days.toDay} min={days.fromDay} required
          onChange={(event) => setDays((before) => ({ ...before, toDay: event.target.value }))} /></label>
        <label>Kind
          <select data-testid="parley-feedback-kind" value={kind} onChange={(event) => setKind(event.target.value as FeedbackKindT | '')}>
            <option value="">All kinds</option>
            {feedbackKinds.map((each) => <option key={each} value={each}>{kindWords[each]}</option>)}
          </select>
        </label>
      </form>
      <div className="report-exports">
        <button type="button" data-testid="parley-export-feedback" disabled={!query} onClick={() => void download()}>Feedback CSV</button>
      </div>
      {!period.ok && <p className="error" role="alert">{period.message}</p>}
      {error && <p className="error" role="alert">{error}</p>}
      {!answer && !error && <p className="muted">Loading what customers said…</p>}
      {answer && (answer.themes.length === 0 ? <p className="muted" data-testid="parley-feedback-none">No post was tagged in this period.</p> : (
        <ol className="feedback-themes" data-testid="parley-feedback-themes" aria-label="Themes, most mentioned first">
          {answer.themes.map((theme) => <ThemeRow key={`${theme.kind}:${theme.theme}`} theme={theme} />)}
        </ol>
      ))}
    </main>
  );
}
