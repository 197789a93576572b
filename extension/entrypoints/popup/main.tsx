import { useEffect, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { browser } from 'wxt/browser';
import '../../pages.css';
import { ask } from '../../messaging.js';
import type { SessionState } from '../../protocol.js';

function Popup() {
  const [session, setSession] = useState<SessionState | undefined>();
  useEffect(() => void ask({ type: 'session.get' }).then(setSession, () => setSession({ signedIn: false, expired: false })), []);
  const open = () => void browser.runtime.openOptionsPage();
  if (!session) return <main className="page small">…</main>;
  return (
    <main className="page small">
      <h1>Parley</h1>
      {session.signedIn
        ? <p data-testid="parley-popup-status">{session.agent?.name} · {session.org?.name}</p>
        : <p data-testid="parley-popup-status">{session.expired ? 'Your session ended.' : 'Not signed in.'}</p>}
      <p className="muted">Open a post on x.com or facebook.com: Parley shows its bar under the post.</p>
      <button type="button" onClick={open}>{session.signedIn ? 'Account' : 'Sign in'}</button>
    </main>
  );
}

createRoot(document.getElementById('root')!).render(<Popup />);
