/** The first run's welcome (`options.html?welcome`, opened when Parley is installed). */
export const isWelcome = () => new URLSearchParams(location.search).has('welcome');

export function Welcome({ signedIn }: { signedIn: boolean }) {
  return (
    <section className="welcome" data-testid="parley-welcome" aria-labelledby="parley-welcome-title">
      <h2 id="parley-welcome-title">Welcome to Parley</h2>
      <ol>
        <li>
          <strong>Server URL:</strong> your team&apos;s Parley server. Your admin gives you its address (a
          server started on this computer with <code>npm start</code> is <code>http://127.0.0.1:8787</code>).
        </li>
        <li><strong>Sign in</strong> with the email and password your admin set up for you{signedIn ? ': done.' : ', below.'}</li>
        <li>
          <strong>The queue:</strong> click Parley&apos;s toolbar button (the blue speech bubble; pin it from the
          puzzle-piece menu) to open the team&apos;s queue beside the site. On x.com and facebook.com, every post
          shows Parley&apos;s bar: the customer, suggested replies and the case.
        </li>
      </ol>
    </section>
  );
}

/** The page's title with Parley's mark, and the link to the privacy policy bundled with the extension. */
export function Heading({ children }: { children: string }) {
  return (
    <h1 className="brand">
      <img src="/icon/32.png" alt="" width={28} height={28} />
      {children}
    </h1>
  );
}

export function PrivacyLink() {
  return (
    <footer className="page-footer">
      <a href="/privacy.html" target="_blank" rel="noopener" data-testid="parley-privacy-link">Privacy: what Parley reads, keeps and sends</a>
    </footer>
  );
}
