import { useState, type FormEvent } from 'react';
import { ask, errorOf } from '../../messaging.js';

const MIN_LENGTH = 10;

/** Every agent's own password: the current one, and a new one typed twice. Other sign-ins end; this one stays. */
export function Account() {
  const [form, setForm] = useState({ current: '', next: '', again: '' });
  const [busy, setBusy] = useState(false);
  const [saved, setSaved] = useState(false);
  const [error, setError] = useState<string | undefined>();

  async function submit(event: FormEvent) {
    event.preventDefault();
    setSaved(false);
    setError(undefined);
    if (form.next.length < MIN_LENGTH) return setError(`The new password must be at least ${MIN_LENGTH} characters`);
    if (form.next !== form.again) return setError('The two new passwords are not the same');
    setBusy(true);
    try {
      await ask({ type: 'account.password', currentPassword: form.current, newPassword: form.next });
      setForm({ current: '', next: '', again: '' });
      setSaved(true);
    } catch (failure) {
      setError(errorOf(failure).message);
    } finally {
      setBusy(false);
    }
  }

  return (
    <section data-testid="parley-account">
      <h2>Your password</h2>
      <form className="settings-form" data-testid="parley-password-form" onSubmit={(event) => void submit(event)}>
        <label>
          Current password
          <input type="password" autoComplete="current-password" required data-testid="parley-password-current"
            value={form.current} onChange={(event) => setForm({ ...form, current: event.target.value })} />
        </label>
        <label>
          New password
          <input type="password" autoComplete="new-password" required minLength={MIN_LENGTH} maxLength={256} data-testid="parley-password-new"
            value={form.next} onChange={(event) => setForm({ ...form, next: event.target.value })} />
        </label>
        <label>
          New password again
          <input type="password" autoComplete="new-password" required maxLength={256} data-testid="parley-password-again"
            value={form.again} onChange={(event) => setForm({ ...form, again: event.target.value })} />
        </label>
        <button type="submit" disabled={busy} data-testid="parley-password-save">{busy ? 'Changing…' : 'Change password'}</button>
      </form>
      {saved && <p className="notice" role="status" data-testid="parley-password-saved">Password changed. Your other sign-ins have ended; this one stays.</p>}
      {error && <p className="error" role="alert" data-testid="parley-password-error">{error}</p>}
    </section>
  );
}
