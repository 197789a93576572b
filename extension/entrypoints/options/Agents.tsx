import { useEffect, useState, type FormEvent } from 'react';
import type { AgentT } from '../../../api/contract.js';
import { ask, errorOf } from '../../messaging.js';

type Change = Omit<Extract<Parameters<typeof ask>[0], { type: 'settings.agents.update' }>['change'], 'id'>;

/** The team (admins): invite with a one-time password shown once, change roles, disable, reset passwords. */
export function Agents({ me }: { me: string }) {
  const [list, setList] = useState<AgentT[] | undefined>();
  const [invite, setInvite] = useState({ name: '', email: '', role: 'agent' as AgentT['role'] });
  // The last one-time password made, for whom: shown until the admin moves on.
  const [handover, setHandover] = useState<{ name: string; email: string; password: string } | undefined>();
  const [error, setError] = useState<string | undefined>();
  const load = () => ask({ type: 'settings.agents.list' }).then(({ agents }) => setList(agents), (failure: unknown) => setError(errorOf(failure).message));
  useEffect(() => void load(), []);

  async function send(event: FormEvent) {
    event.preventDefault();
    setError(undefined);
    try {
      const { agent, password } = await ask({ type: 'settings.agents.invite', agent: { ...invite, name: invite.name.trim(), email: invite.email.trim() } });
      setHandover({ name: agent.name, email: agent.email, password });
      setInvite({ name: '', email: '', role: 'agent' });
      await load();
    } catch (failure) {
      setError(errorOf(failure).message);
    }
  }

  async function change(agent: AgentT, patch: Change) {
    setError(undefined);
    setHandover(undefined);
    try {
      const { password } = await ask({ type: 'settings.agents.update', change: { id: agent.id, ...patch } });
      if (password) setHandover({ name: agent.name, email: agent.email, password });
      await load();
    } catch (failure) {
      setError(errorOf(failure).message);
    }
  }

  return (
    <section data-testid="parley-agents">
      <h2>Team</h2>
      <ul className="template-list">
        {(list ?? []).map((agent) => (
          <li key={agent.id} data-testid="parley-agent" data-email={agent.email} data-disabled={agent.disabled ? 'true' : undefined}>
            <strong>{agent.name}</strong> <span className="muted">{agent.email}{agent.disabled ? ' · disabled' : ''}</span>
            {agent.id !== me && (
              <span className="row">
                <select aria-label={`Role of ${agent.name}`} data-testid="parley-agent-role" value={agent.role}
                  onChange={(event) => void change(agent, { role: event.target.value as AgentT['role'] })}>
                  <option value="agent">agent</option>
                  <option value="admin">admin</option>
                </select>
                <button type="button" className="quiet" data-testid="parley-agent-disable" onClick={() => void change(agent, { disabled: !agent.disabled })}>
                  {agent.disabled ? 'Enable' : 'Disable'}
                </button>
                <button type="button" className="quiet" data-testid="parley-agent-reset" onClick={() => void change(agent, { resetPassword: true })}>Reset password</button>
              </span>
            )}
          </li>
        ))}
      </ul>
      <form className="settings-form" data-testid="parley-agent-invite-form" onSubmit={(event) => void send(event)}>
        <label>Name <input data-testid="parley-agent-invite-name" required maxLength={200} value={invite.name} onChange={(event) => setInvite({ ...invite, name: event.target.value })} /></label>
        <label>Email <input type="email" data-testid="parley-agent-invite-email" required maxLength={320} value={invite.email} onChange={(event) => setInvite({ ...invite, email: event.target.value })} /></label>
        <label>
          Role
          <select data-testid="parley-agent-invite-role" value={invite.role} onChange={(event) => setInvite({ ...invite, role: event.target.value as AgentT['role'] })}>
            <option value="agent">agent</option>
            <option value="admin">admin</option>
          </select>
        </label>
        <button type="submit" data-testid="parley-agent-invite">Invite</button>
      </form>
      {handover && (
        <p className="notice" role="status" data-testid="parley-agent-handover">
          Give {handover.name} ({handover.email}) this password, shown only now: <code data-testid="parley-agent-password">{handover.password}</code>
        </p>
      )}
      {error && <p className="error" role="alert" data-testid="parley-agent-error">{error}</p>}
    </section>
  );
}
