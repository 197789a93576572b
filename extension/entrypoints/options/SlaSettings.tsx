import { useEffect, useState, type FormEvent } from 'react';
import type { SlaPolicyT } from '../../../api/contract.js';
import { priorities, weekdays } from '../../../api/domain/sla.js';
import { ask, errorOf } from '../../messaging.js';

const dayNames = { mon: 'Monday', tue: 'Tuesday', wed: 'Wednesday', thu: 'Thursday', fri: 'Friday', sat: 'Saturday', sun: 'Sunday' } as const;
const zones = Intl.supportedValuesOf('timeZone');

/** A day's hours as typed: `09:00-12:00, 13:00-17:00`; empty: closed. */
const hoursText = (intervals: [string, string][]) => intervals.map(([open, close]) => `${open}-${close}`).join(', ');
function parseHours(text: string): [string, string][] | string {
  const parts = text.split(',').map((part) => part.trim()).filter(Boolean);
  const intervals: [string, string][] = [];
  for (const part of parts) {
    const match = /^(\d{1,2}:\d{2})\s*[-–]\s*(\d{1,2}:\d{2})$/.exec(part);
    if (!match) return `"${part}" is not hours like 09:00-17:00`;
    intervals.push([match[1]!.padStart(5, '0'), match[2]!.padStart(5, '0')]);
  }
  return intervals;
}

interface Draft {
  timeZone: string;
  firstResponseMinutes: Record<string, string>;
  resolutionMinutes: Record<string, string>;
  aroundTheClock: boolean;
  hours: Record<string, string>;
  holidays: string;
}

const draftOf = (policy: SlaPolicyT): Draft => ({
  timeZone: policy.timeZone,
  firstResponseMinutes: Object.fromEntries(priorities.map((priority) => [priority, String(policy.firstResponseMinutes[priority])])),
  resolutionMinutes: Object.fromEntries(priorities.map((priority) => [priority, String(policy.resolutionMinutes[priority])])),
  aroundTheClock: policy.businessHours === null,
  hours: Object.fromEntries(weekdays.map((day) => [day, policy.businessHours ? hoursText(policy.businessHours[day]) : (day === 'sat' || day === 'sun' ? '' : '09:00-17:00')])),
  holidays: policy.holidays.join(', '),
});

/** The policy a draft stands for, or what is wrong with it; the server checks it again. */
function policyOf(draft: Draft): SlaPolicyT | string {
  const minutes = (values: Record<string, string>) => Object.fromEntries(priorities.map((priority) => [priority, Number(values[priority])])) as SlaPolicyT['firstResponseMinutes'];
  let businessHours: SlaPolicyT['businessHours'] = null;
  if (!draft.aroundTheClock) {
    const days: Record<string, [string, string][]> = {};
    for (const day of weekdays) {
      const parsed = parseHours(draft.hours[day] ?? '');
      if (typeof parsed === 'string') return `${dayNames[day]}: ${parsed}`;
      days[day] = parsed;
    }
    businessHours = days as NonNullable<SlaPolicyT['businessHours']>;
  }
  const holidays = draft.holidays.split(/[\s,]+/).filter(Boolean);
  return { timeZone: draft.timeZone.trim(), firstResponseMinutes: minutes(draft.firstResponseMinutes), resolutionMinutes: minutes(draft.resolutionMinutes), businessHours, holidays };
}

/** The team's response-time targets and opening hours (admins): the clocks on every case follow them. */
export function SlaSettings() {
  const [draft, setDraft] = useState<Draft | undefined>();
  const [error, setError] = useState<string | undefined>();
  const [saved, setSaved] = useState(false);
  useEffect(() => {
    ask({ type: 'settings.sla.get' }).then((policy) => setDraft(draftOf(policy)), (failure: unknown) => setError(errorOf(failure).message));
  }, []);
  const change = (patch: Partial<Draft>) => {
    setSaved(false);
    setDraft((current) => current && { ...current, ...patch });
  };

  async function save(event: FormEvent) {
    event.preventDefault();
    if (!draft) return;
    const policy = policyOf(draft);
    if (typeof policy === 'string') return setError(policy);
    setError(undefined);
    try {
      setDraft(draftOf(await ask({ type: 'settings.sla.set', policy })));
      setSaved(true);
    } catch (failure) {
      setError(errorOf(failure).message);
    }
  }

  return (
    <section data-testid="parley-sla-settings">
      <h2>Response times</h2>
      {draft && (
        <form className="settings-form" data-testid="parley-sla-form" onSubmit={(event) => void save(event)}>
          <label>
            Time zone
            <input data-testid="parley-sla-timezone" list="parley-zones" required value={draft.timeZone} onChange={(event) => change({ timeZone: event.target.value })} />
            <datalist id="parley-zones">{zones.map((zone) => <option key={zone} value={zone} />)}</datalist>
          </label>
          <table>
            <thead><tr><th>Priority</th><th>First response (minutes)</th><th>Resolution (minutes)</th></tr></thead>
            <tbody>
              {priorities.map((priority) => (
                <tr key={priority}>
                  <th scope="row">{priority}</th>
                  {(['firstResponseMinutes', 'resolutionMinutes'] as const).map((kind) => (
                    <td key={kind}>
                      <input type="number" min={1} required aria-label={`${priority} ${kind === 'firstResponseMinutes' ? 'first response' : 'resolution'} minutes`}
                        data-testid={`parley-sla-${kind === 'firstResponseMinutes' ? 'first' : 'resolution'}-${priority}`} value={draft[kind][priority]}
                        onChange={(event) => change({ [kind]: { ...draft[kind], [priority]: event.target.value } })} />
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
          <label>
            <input type="checkbox" data-testid="parley-sla-around-the-clock" checked={draft.aroundTheClock} onChange={(event) => change({ aroundTheClock: event.target.checked })} />
            {' '}Clocks run around the clock
          </label>
          {!draft.aroundTheClock && weekdays.map((day) => (
            <label key={day}>
              {dayNames[day]}
              <input data-testid={`parley-sla-hours-${day}`} placeholder="closed" value={draft.hours[day]} onChange={(event) => change({ hours: { ...draft.hours, [day]: event.target.value } })} />
            </label>
          ))}
          <label>
            Holidays (dates the team is closed)
            <input data-testid="parley-sla-holidays" placeholder="2026-12-25, 2026-12-26" value={draft.holidays} onChange={(event) => change({ holidays: event.target.value })} />
          </label>
          <button type="submit" data-testid="parley-sla-save">Save response times</button>
          {saved && <p role="status" data-testid="parley-sla-saved">Saved: cases opened from now on follow it.</p>}
        </form>
      )}
      {error && <p className="error" role="alert" data-testid="parley-sla-error">{error}</p>}
    </section>
  );
}
