import { useEffect, useState, type FormEvent } from 'react';
import { browser } from 'wxt/browser';
import { ask, errorOf } from '../../messaging.js';
import { insecureServerMessage, isSafeServerUrl } from '../../serverUrl.js';
import { Account } from './Account.js';
import { Agents } from './Agents.js';
import { Audit } from './Audit.js';
import { SlaSettings } from './SlaSettings.js';
import { Templates } from './Templates.js';
import { Webhooks } from './Webhooks.js';
import { Heading, isWelcome, PrivacyLink, Welcome } from './Welcome.js';
import type { NotificationChoices, OutboxSummary, SessionState } from '../../protocol.js';

const DEFAULT_SERVER = 'http://127.0.0.1:8787';
const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
const actionWords: Record<string, string> = {
  createCase: 'Open a case', updateCase: 'Change a case', addNote: 'Add a note', recordReply: 'Record a reply',
  linkPost: 'Add a post to a case', updateCustomer: 'Edit a customer', mergeCustomers: 'Merge customers',
};

/**
 * What waits on this browser to reach Parley's server, for whom (each agent's changes are sent
 * only when that agent is signed in), and the signed-in agent's changes set aside for a decision.
 */
function Outbox({ session }: { session: SessionState | undefined }) {
  const [summary, setSummary] = useState<OutboxSummary | undefined>();
  const [error, setError] = useState<string | undefined>();
  const load = () => ask({ type: 'outbox.summary' }).then(setSummary, (failure: unknown) => setError(errorOf(failure).message));
  useEffect(() => {
    void load();
    const timer = setInterval(() => void load(), 2000);
    return () => clearInterval(timer);
  }, [session?.agent?.id, session?.signedIn]);
  async function decide(id: string, decision: 'resend' | 'discard') {
    setError(undefined);
    try {
      await ask({ type: 'outbox.decide', id, decision });
    } catch (failure) {
      setError(errorOf(failure).message);
    }
    await load();
  }
  if (!summary) return error ? <p className="error" role="alert">{error}</p> : null;
  const owners = summary.owners.filter((owner) => owner.waiting + owner.held > 0);
  return (
    <section data-testid="parley-outbox">
      {owners.length > 0 && (
        <>
          <h2>Waiting to be sent</h2>
          <ul>
            {owners.map((owner) => (
              <li key={`${owner.serverUrl} ${owner.agentEmail} ${owner.orgName}`} data-testid="parley-outbox-owner" data-email={owner.agentEmail} data-current={owner.current ? 'true' : 'false'}>
                {plural(owner.waiting + owner.held, 'change')} for <strong>{owner.agentName}</strong> ({owner.agentEmail}) in {owner.orgName}
                {owner.held > 0 ? `, ${owner.held} of them waiting for a decision` : ''}
                {owner.current ? '' : ': sent when they sign in on this browser again'}
              </li>
            ))}
          </ul>
        </>
      )}
      {summary.held.length > 0 && (
        <>
          <h2>Changes that need your decision</h2>
          <ol>
            {summary.held.map((item) => (
              <li key={item.id} data-testid="parley-held-change" data-code={item.code}>
                <strong>{actionWords[item.name] ?? item.name}</strong>, made {new Date(item.queuedAt).toLocaleString()}
                {item.postKey ? ` on post ${item.postKey}` : ''}: {item.message}{' '}
                <button type="button" data-testid="parley-held-resend" onClick={() => void decide(item.id, 'resend')}>Send it now</button>{' '}
                <button type="button" data-testid="parley-held-discard" onClick={() => void decide(item.id, 'discard')}>Discard it</button>
              </li>
            ))}
          </ol>
        </>
      )}
      {error && <p className="error" role="alert">{error}</p>}
    </section>
  );
}

/** Asks for the server's origin when the manifest does not already cover it (needs this click). */
/** Which desktop notifications this browser shows; a click on one opens its case in the side panel. */
function Notifications() {
  const [choices, setChoices] = useState<NotificationChoices | undefined>();
  const [error, setError] = useState<string | undefined>();
  useEffect(() => {
    ask({ type: 'notifications.get' }).then(setChoices, (failure: unknown) => setError(errorOf(failure).message));
  }, []);
  const change = (patch: Partial<NotificationChoices>) =>
    ask({ type: 'notifications.set', ...patch }).then(setChoices, (failure: unknown) => setError(errorOf(failure).message));
  return (
    <section data-testid="parley-notifications">
      <h2>Notifications</h2>
      {choices && (
        <>
          <label>
            <input type="checkbox" data-testid="parley-notify-assigned" checked={choices.assigned} onChange={(event) => void change({ assigned: event.target.checked })} />
            {' '}When a colleague assigns a case to me
          </label>
          <label>
            <input type="checkbox" data-testid="parley-notify-due-soon" checked={choices.dueSoon} onChange={(event) => void change({ dueSoon: event.target.checked })} />
            {' '}When one of my cases is about to miss its response time
          </label>
        </>
      )}
      {error && <p className="error" role="alert">{error}</p>}
    </section>
  );
}

async function grantServer(serverUrl: string): Promise<void> {
  const origins = [`${new URL(serverUrl).origin}/*`];
  try {
    if (await browser.permissions.contains({ origins })) return;
    // Refused is fine: the API answers CORS for the extension's origin.
    await browser.permissions.request({ origins });
  } catch {
    // Not a permission this browser can grant: the same CORS path applies.
  }
}

export function Options() {
  const [session, setSession] = useState<SessionState | undefined>();
  const [serverUrl, setServerUrl] = useState(DEFAULT_SERVER);
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | undefined>();
  const [welcome] = useState(isWelcome);

  useEffect(() => {
    ask({ type: 'session.get' }).then((current) => {
      setSession(current);
      if (current.serverUrl) setServerUrl(current.serverUrl);
      if (current.agent) setEmail(current.agent.email);
    }, (failure: unknown) => setError(errorOf(failure).message));
  }, []);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setError(undefined);
    let url: URL;
    try {
      url = new URL(serverUrl.trim());
      if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error('protocol');
    } catch {
      setError('The server URL must start with https:// (or http:// for a server on this machine)');
      return;
    }
    if (!isSafeServerUrl(url.href)) {
      setError(insecureServerMessage(url.origin));
      return;
    }
    setBusy(true);
    try {
      await grantServer(url.href);
      setSession(await ask({ type: 'session.signIn', serverUrl: url.origin, email: email.trim(), password }));
      setPassword('');
    } catch (failure) {
      setError(errorOf(failure).message);
    } finally {
      setBusy(false);
    }
  }

  const [waiting, setWaiting] = useState<string | undefined>();

  async function signOut(discard = false) {
    setError(undefined);
    try {
      setSession(await ask({ type: 'session.signOut', discard }));
      setWaiting(undefined);
    } catch (failure) {
      const { code, message } = errorOf(failure);
      if (code === 'changes_waiting') setWaiting(message);
      else setError(message);
    }
  }

  if (session?.signedIn && session.agent && session.org) {
    return (
      <main className="page">
        <Heading>Parley</Heading>
        {welcome && <Welcome signedIn />}
        <p data-testid="parley-signed-in">
          Signed in as <strong>{session.agent.name}</strong> ({session.agent.email}) in <strong>{session.org.name}</strong>
        </p>
        <p className="muted">Server: {session.serverUrl}</p>
        <button type="button" onClick={() => void signOut()} data-testid="parley-sign-out">Sign out</button>
        {waiting && (
          <div className="notice" role="alert" data-testid="parley-sign-out-waiting">
            <p>{waiting}. Try again when the server is back, or:</p>
            <button type="button" onClick={() => void signOut(true)} data-testid="parley-sign-out-discard">Sign out and discard them</button>
          </div>
        )}
        {error && <p className="error" role="alert">{error}</p>}
        <Account />
        <Notifications />
        {session.agent.role === 'admin' && (
          <>
            <Agents me={session.agent.id} />
            <Templates agentName={session.agent.name} />
            <SlaSettings />
            <Webhooks />
            <Audit />
          </>
        )}
        <Outbox session={session} />
        <PrivacyLink />
      </main>
    );
  }

  return (
    <main className="page">
      <Heading>Sign in to Parley</Heading>
      {welcome && <Welcome signedIn={false} />}
      {session?.expired && <p className="notice" role="status">Your session ended. Sign in again to keep working.</p>}
      <form onSubmit={(event) => void submit(event)}>
        <label>
          Server URL
          <input data-testid="parley-server-url" type="url" required value={serverUrl} onChange={(e) => setServerUrl(e.target.value)} />
        </label>
        <label>
          Email
          <input data-testid="parley-email" type="email" autoComplete="username" required value={email} onChange={(e) => setEmail(e.target.value)} />
        </label>
        <label>
          Password
          <input data-testid="parley-password" type="password" autoComplete="current-password" required value={password} onChange={(e) => setPassword(e.target.value)} />
        </label>
        {error && <p className="error" role="alert" data-testid="parley-sign-in-error">{error}</p>}
        <button type="submit" disabled={busy} data-testid="parley-sign-in">{busy ? 'Signing in…' : 'Sign in'}</button>
      </form>
      <Outbox session={session} />
      <PrivacyLink />
    </main>
  );
}
