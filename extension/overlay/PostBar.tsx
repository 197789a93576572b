import { Component, type ReactNode } from 'react';
import { CaseBadge } from './CaseBadge.js';
import { CaseForm } from './CaseForm.js';
import { CasePanel } from './CasePanel.js';
import { CustomerEdit } from './CustomerEdit.js';
import { useBar, useOverlay, usePage } from './context.js';
import { CustomerCard } from './CustomerCard.js';
import { FeedbackControl } from './FeedbackControl.js';
import { Private } from './Private.js';
import { Suggestions } from './Suggestions.js';
import type { Panel } from './store.js';
import { reachWords } from '../words.js';

const openStatuses = new Set(['new', 'open', 'pending']);
/** Followers from which an upset author's post stands out on a search or mentions page. */
const HIGH_REACH = 10_000;

/**
 * A bar that fails renders nothing, and the page and the other bars carry on. It tries again on
 * its post's next update (`subscribe`), so data that broke it once does not hide it for good.
 */
export class Contained extends Component<
  { children: ReactNode; onError: (error: unknown) => void; subscribe: (listener: () => void) => () => void },
  { failed: boolean }
> {
  override state = { failed: false };
  #unsubscribe: (() => void) | undefined;
  static getDerivedStateFromError() {
    return { failed: true };
  }
  override componentDidCatch(error: unknown) {
    this.props.onError(error);
    this.#unsubscribe ??= this.props.subscribe(() => {
      this.#unsubscribe?.();
      this.#unsubscribe = undefined;
      this.setState({ failed: false });
    });
  }
  override componentWillUnmount() {
    this.#unsubscribe?.();
  }
  override render() {
    return this.state.failed ? null : this.props.children;
  }
}

/** On a thread, the brand reply below a post in a case: the team's answer on it, recorded or ready to record. */
function TeamAnswer({ postKey }: { postKey: string }) {
  const { actions } = useOverlay();
  const bar = useBar(postKey);
  const answering = bar?.answering;
  const recorded = bar?.answered;
  if (recorded) {
    return <span className="answer" data-testid="parley-team-answer" data-recorded="true" data-case-number={recorded.number}>· the team's answer on case #{recorded.number}</span>;
  }
  if (!answering) return null;
  return (
    <>
      <span className="answer" data-testid="parley-team-answer" data-case-number={answering.number}>· the team's answer on case #{answering.number}</span>
      {answering.open && (
        <button type="button" data-testid="parley-record-answer" onClick={() => void actions.recordAnswer(postKey)}>Record as the reply</button>
      )}
    </>
  );
}

export function PostBar({ postKey }: { postKey: string }) {
  const { actions } = useOverlay();
  const bar = useBar(postKey);
  const page = usePage();
  if (!bar) return null;
  const { post, kase, customer, panel } = bar;
  const toggle = (next: Panel) => actions.setPanel(postKey, panel === next ? 'none' : next);
  const signedOut = page.session !== undefined && !page.session.signedIn;
  const name = customer?.customer.name ?? post.author.displayName;
  const inOpenCase = !!kase && openStatuses.has(kase.status);
  // On search and mentions pages: posts not in a case show how they read, upset ones from far-reaching authors loudest.
  // An unknown reach is not a small one, nor a wide one: it never sounds the alert, and the marks say so.
  const triage = page.listening && bar.tone && !inOpenCase ? bar.tone : undefined;
  const alert = triage?.label === 'negative' && triage.followers !== null && triage.followers >= HIGH_REACH;

  // The team's own post: not a customer's, so nothing to open or answer; its case, if it is in one.
  if (bar.brand && !signedOut) {
    return (
      <div className="bar compact" data-theme={page.theme} data-testid="parley-post-bar" data-brand="true" role="group" aria-label="Parley: your team's post">
        <div className="row">
          <span className="brand" aria-hidden="true">P</span>
          {kase && (
            <CaseBadge kase={kase} assignee={kase.assigneeId ? page.agents[kase.assigneeId] : undefined} now={page.now}
              open={false} onOpen={() => undefined} onStatus={(status) => void actions.setStatus(postKey, status)} />
          )}
          <span className="muted" data-testid="parley-brand-post">Your team's post</span>
          <TeamAnswer postKey={postKey} />
        </div>
        {bar.notice && (
          <p className={`notice ${bar.notice.kind}`} role={bar.notice.kind === 'error' ? 'alert' : 'status'} data-testid="parley-notice">{bar.notice.text}</p>
        )}
      </div>
    );
  }

  return (
    <div className="bar" data-theme={page.theme} data-testid="parley-post-bar" role="group" aria-label={`Parley: ${name}`}
      data-alert={alert ? 'true' : undefined}
      onKeyDown={(event) => { if (event.key === 'Escape' && panel !== 'none') actions.setPanel(postKey, 'none'); }}>
      <div className="row">
        <span className="brand" aria-hidden="true">P</span>
        {signedOut ? (
          <button type="button" className="quiet" data-testid="parley-sign-in-again" onClick={actions.openOptions}>
            {page.session?.expired ? 'Parley session ended: sign in again' : 'Sign in to Parley'}
          </button>
        ) : (
          <>
            {kase && (
              <CaseBadge kase={kase} assignee={kase.assigneeId ? page.agents[kase.assigneeId] : undefined} now={page.now}
                open={panel === 'case'} onOpen={() => toggle('case')} onStatus={(status) => void actions.setStatus(postKey, status)} />
            )}
            <button type="button" data-testid="parley-customer" aria-expanded={panel === 'customer'} onClick={() => toggle('customer')}>
              {name}{customer?.customer.vip && <Private> · VIP</Private>}
              {customer && customer.cases.length > 0 ? ` · ${customer.cases.length} case${customer.cases.length === 1 ? '' : 's'}` : ''}
            </button>
            <button type="button" data-testid="parley-suggest" aria-expanded={panel === 'suggest'} onClick={() => toggle('suggest')}>Suggest reply</button>
            <FeedbackControl postKey={postKey} />
            {page.held > 0 && (
              <button type="button" className="quiet offline" data-testid="parley-held" onClick={actions.openOptions}>
                {page.held} change{page.held === 1 ? ' needs' : 's need'} your decision
              </button>
            )}
            {page.offline && (
              <span className="offline" role="status" data-testid="parley-offline">
                offline — {page.waiting} change{page.waiting === 1 ? '' : 's'} waiting
              </span>
            )}
            {triage && (
              <span className={`tone-chip tone-${triage.label}`} data-testid="parley-tone-chip" data-tone={triage.label}
                title={triage.followers === null ? undefined : `${triage.followers.toLocaleString()} followers`}>
                {alert ? `${triage.label}, wide reach` : triage.label}
              </span>
            )}
            {triage && <span className="muted" data-testid="parley-reach" data-known={triage.followers !== null}>{reachWords(triage.followers)}</span>}
            {triage && (
              <button type="button" data-testid="parley-open-case" onClick={() => void actions.openCaseNow(postKey)}>Open case</button>
            )}
            {!inOpenCase && (
              <button type="button" data-testid="parley-create-case" aria-expanded={panel === 'form'} onClick={() => toggle('form')}>
                {triage ? 'Case with details' : 'Create case'}
              </button>
            )}
          </>
        )}
      </div>
      {bar.presence.length > 0 && (
        <p className="presence" role="status" data-testid="parley-presence">
          {bar.presence.map((note) => `${note.agentName} is ${note.activity === 'replying' ? 'replying' : 'looking at this'}`).join(' · ')}
        </p>
      )}
      {panel === 'case' && kase && !kase.provisional && <CasePanel postKey={postKey} kase={kase} agents={page.agents} />}
      {panel === 'customer' && (
        <CustomerCard card={customer} fallbackName={post.author.displayName} onEdit={() => toggle('editCustomer')}
          onLink={!inOpenCase ? (caseId) => void actions.linkPost(postKey, caseId) : undefined}
          onOpenInPanel={(caseId) => void actions.openInPanel(postKey, kase && !kase.provisional ? kase.id : caseId)} />
      )}
      {panel === 'editCustomer' && customer && <CustomerEdit postKey={postKey} card={customer} />}
      {panel === 'suggest' && <Suggestions postKey={postKey} />}
      {panel === 'form' && <CaseForm postKey={postKey} excerpt={bar.excerpt} />}
      {bar.notice && (
        <p className={`notice ${bar.notice.kind}`} role={bar.notice.kind === 'error' ? 'alert' : 'status'} data-testid="parley-notice">
          {bar.notice.text}
        </p>
      )}
    </div>
  );
}
