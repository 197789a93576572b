import { toneLabel } from '../../api/domain/toneLabel.js';
import type { CustomerCard as Card } from '../protocol.js';
import { Private } from './Private.js';
import { platformName, reachWords } from '../words.js';

const openStatuses = new Set(['new', 'open', 'pending']);

interface Props {
  card: Card | null | undefined;
  fallbackName: string;
  onEdit: () => void;
  /** Offered when the post is in no open case: put it in one of the customer's open cases. */
  onLink?: ((caseId: string) => void) | undefined;
  /** The case in full in the side panel, with what the team knows of the customer. */
  onOpenInPanel: (caseId: string) => void;
}

/**
 * Who the customer is, on the site's own page: name, VIP, tags, their profile on this site, how they
 * read and their cases. The team's notes on them and their profiles on the other site are in the
 * side panel; the background does not hand them to a bar at all.
 */
export function CustomerCard({ card, fallbackName, onEdit, onLink, onOpenInPanel }: Props) {
  if (card === undefined) return <div className="panel" data-testid="parley-customer-card">Loading {fallbackName}…</div>;
  if (card === null) {
    return (
      <div className="panel" data-testid="parley-customer-card">
        <p><strong>{fallbackName}</strong> has no history with your team yet.</p>
      </div>
    );
  }
  const { customer, identities } = card;
  // Open cases first, then the most recent.
  const cases = [...card.cases].sort((a, b) => Number(openStatuses.has(b.status)) - Number(openStatuses.has(a.status)) || b.number - a.number);
  return (
    <div className="panel" data-testid="parley-customer-card">
      <p className="title">
        <strong>{customer.name}</strong>
        {customer.vip && <span className="tag vip"><Private>VIP</Private></span>}
        {customer.tags.map((tag) => <span className="tag" key={tag}><Private>{tag}</Private></span>)}
        {card.pending && <span className="muted" data-testid="parley-customer-pending">not yet sent</span>}
        <button type="button" className="quiet" data-testid="parley-customer-edit" onClick={onEdit}>Edit</button>
      </p>
      <ul className="identities">
        {identities.map((identity) => (
          <li key={identity.id} data-testid="parley-identity">
            <Private>
              {platformName[identity.platform]}: {identity.platform === 'x' ? '@' : ''}{identity.handle}
              {identity.followers !== null && <span className="muted"> · {reachWords(identity.followers)}</span>}
            </Private>
          </li>
        ))}
      </ul>
      <ToneOverTime posts={card.recentPosts} />
      {cases.length === 0 ? <p className="muted">No cases yet.</p> : (
        <ol className="history">
          {cases.map((kase) => (
            <li key={kase.id} data-testid="parley-history-item" data-status={kase.status}>
              <strong>#{kase.number}</strong> <span className={`status status-${kase.status}`}>{kase.status}</span>{' '}
              <time dateTime={kase.createdAt}>{new Date(kase.createdAt).toLocaleDateString()}</time>{' '}
              <span className="excerpt"><Private>{kase.excerpt ?? kase.subject}</Private></span>
              {onLink && openStatuses.has(kase.status) && (
                <>{' '}<button type="button" data-testid="parley-link-post" onClick={() => onLink(kase.id)}>Add this post to #{kase.number}</button></>
              )}
            </li>
          ))}
        </ol>
      )}
      {cases[0] && (
        <p className="row">
          <button type="button" data-testid="parley-open-in-panel" onClick={() => onOpenInPanel(cases[0]!.id)}>
            Notes and other profiles in the side panel
          </button>
        </p>
      )}
    </div>
  );
}

/** How the customer's recent posts read, oldest to newest: one mark per post, its words on hover. */
function ToneOverTime({ posts }: { posts: Card['recentPosts'] }) {
  const toned = posts.filter((post) => post.tone !== null)
    .sort((a, b) => (a.postedAt ?? a.createdAt).localeCompare(b.postedAt ?? b.createdAt));
  if (toned.length === 0) return null;
  return (
    <p className="tone-line" data-testid="parley-tone">
      <span className="muted">Tone</span>{' '}
      {toned.map((post) => {
        const word = toneLabel(post.tone!);
        return (
          <span key={post.id} className={`tone tone-${word}`} data-tone={word} role="img"
            aria-label={`${word}: ${post.text.slice(0, 80)}`} title={`${new Date(post.postedAt ?? post.createdAt).toLocaleString()} — ${post.text.slice(0, 140)}`} />
        );
      })}
    </p>
  );
}
