import { useEffect, useRef, useState } from 'react';
import type { CaseT, MetricsQueryT } from '../../../../api/contract.js';
import { ask, errorOf } from '../../../messaging.js';
import { statusWord } from '../../../words.js';
import { CaseDetail } from '../CaseDetail.js';
import { duration, secondsBetween } from './format.js';
import type { Drill } from './series.js';

interface Props {
  drill: Drill;
  query: MetricsQueryT;
  onClose: () => void;
}

const PAGE = 50;

/** The cases behind a figure, a page at a time; each opens in full below the list. */
export function ReportCases({ drill, query, onClose }: Props) {
  const [cases, setCases] = useState<CaseT[]>([]);
  const [next, setNext] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<string>();
  const [opened, setOpened] = useState<string>();
  const [reveal, setReveal] = useState(0);
  const section = useRef<HTMLElement>(null);
  // A list asked for from a chart far below comes into view.
  useEffect(() => { section.current?.scrollIntoView({ block: 'nearest' }); }, []);
  const { title, ...narrowed } = drill;

  async function load(cursor?: string) {
    setLoading(true);
    setError(undefined);
    try {
      const page = await ask({ type: 'reports.cases', query: { ...query, ...narrowed, limit: PAGE, ...(cursor ? { cursor } : {}) } });
      setCases((before) => (cursor ? [...before, ...page.cases] : page.cases));
      setNext(page.nextCursor);
    } catch (failure) {
      setError(errorOf(failure).message);
    } finally {
      setLoading(false);
    }
  }
  // Asked again for every new figure, or the same one under other filters.
  const asked = JSON.stringify([query, narrowed]);
  useEffect(() => { void load(); }, [asked]);
  const open = (caseId: string) => {
    setOpened(caseId);
    setReveal((times) => times + 1);
  };

  return (
    <section ref={section} className="report-cases" data-testid="parley-report-cases" aria-labelledby="parley-report-cases-title" data-loading={loading ? 'true' : undefined}>
      <header className="row-head">
        <h3 id="parley-report-cases-title">{title}</h3>
        <button type="button" className="quiet" data-testid="parley-report-cases-close" aria-label="Close the list" onClick={onClose}>×</button>
      </header>
      {error && <p className="error" role="alert">{error}</p>}
      {!loading && !error && cases.length === 0 && <p className="muted" data-testid="parley-report-cases-empty">No cases.</p>}
      <ol className="report-case-list" aria-live="polite">
        {cases.map((kase) => (
          <li key={kase.id} data-testid="parley-report-case" data-case-id={kase.id} data-case-number={kase.number}>
            <button type="button" className="quiet" aria-expanded={opened === kase.id} onClick={() => open(kase.id)}>#{kase.number}</button>{' '}
            {kase.subject && <span>{kase.subject} · </span>}
            <span>{statusWord[kase.status]} · {kase.priority}</span>
            <span className="muted"> · opened <time dateTime={kase.createdAt}>{new Date(kase.createdAt).toLocaleString()}</time>
              {kase.firstResponseAt ? ` · first reply after ${duration(secondsBetween(kase.createdAt, kase.firstResponseAt))} around the clock` : ' · no reply yet'}</span>
          </li>
        ))}
      </ol>
      {next && <button type="button" data-testid="parley-report-cases-more" disabled={loading} onClick={() => void load(next)}>More cases</button>}
      {opened && (
        <CaseDetail key={opened} caseId={opened} item={undefined} changed="" reveal={reveal}
          onOpenPost={() => void ask({ type: 'post.open', caseId: opened }).catch((failure: unknown) => setError(errorOf(failure).message))}
          onClose={() => setOpened(undefined)} />
      )}
    </section>
  );
}
