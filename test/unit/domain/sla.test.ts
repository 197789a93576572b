import { describe, it, expect } from 'vitest';
import {
  caseSlaState,
  defaultSlaMinutes,
  priorities,
  slaDueAt,
  slaState,
  type Priority,
  type SlaSettings,
  type SlaState,
} from '../../../api/domain/sla.js';

const start = new Date('2024-03-01T12:00:00.000Z');
const minutesAfter = (base: Date, minutes: number) => new Date(base.getTime() + minutes * 60_000);

describe('slaDueAt', () => {
  it.each<[Priority, string]>([
    ['urgent', '2024-03-01T12:15:00.000Z'],
    ['high', '2024-03-01T13:00:00.000Z'],
    ['normal', '2024-03-01T16:00:00.000Z'],
    ['low', '2024-03-02T12:00:00.000Z'],
  ])('a %s case started at noon is due at %s by default', (priority, due) => {
    expect(slaDueAt(priority, start).toISOString()).toBe(due);
  });

  it('uses the workspace settings when given', () => {
    const settings: SlaSettings = { urgent: 5, high: 30, normal: 120, low: 600 };
    expect(slaDueAt('high', start, settings).toISOString()).toBe('2024-03-01T12:30:00.000Z');
  });

  it('does not modify the start date', () => {
    const startedAt = new Date(start);
    slaDueAt('urgent', startedAt);
    expect(startedAt.toISOString()).toBe(start.toISOString());
  });

  it('has a default for every priority', () => {
    expect(Object.keys(defaultSlaMinutes).sort()).toEqual([...priorities].sort());
  });
});

describe('slaState', () => {
  const due = minutesAfter(start, 60);

  it('is none when no deadline is set', () => {
    expect(slaState(null, start)).toBe('none');
    expect(slaState(null, start, 60)).toBe('none');
  });

  // Budget of 60 minutes: due soon within the last 15 (25 %).
  it.each<[string, number, SlaState]>([
    ['at the start', 0, 'on_time'],
    ['one minute before the warning window', 44, 'on_time'],
    ['exactly at 25 % remaining', 45, 'due_soon'],
    ['one minute before the deadline', 59, 'due_soon'],
    ['exactly at the deadline', 60, 'breached'],
    ['long after the deadline', 600, 'breached'],
  ])('with a 60-minute budget, %s is %s', (_label, elapsed, state) => {
    expect(slaState(due, minutesAfter(start, elapsed), 60)).toBe(state);
  });

  // Budget of 1440 minutes: 25 % is 360 minutes, far more than the 15-minute fallback.
  it.each<[number, SlaState]>([
    [361, 'on_time'],
    [360, 'due_soon'],
    [16, 'due_soon'],
  ])('with a day-long budget and %i minutes left it is %s', (left, state) => {
    const dayDue = minutesAfter(start, 1440);
    expect(slaState(dayDue, minutesAfter(dayDue, -left), 1440)).toBe(state);
  });

  it.each<[number, SlaState]>([
    [120, 'on_time'],
    [16, 'on_time'],
    [15, 'due_soon'],
    [1, 'due_soon'],
    [0, 'breached'],
    [-5, 'breached'],
  ])('without a budget and %i minutes left it is %s', (left, state) => {
    expect(slaState(due, minutesAfter(due, -left))).toBe(state);
  });
});

describe('a case\'s clock as the server set it', () => {
  const now = Date.parse('2026-12-03T10:00:00Z');
  const at = (minutes: number) => new Date(now + minutes * 60_000).toISOString();
  it('is due soon from the instant the server gave, breached at the deadline, none without one', () => {
    expect(caseSlaState({ slaDueAt: at(120), slaDueSoonAt: at(1), priority: 'urgent' }, now)).toBe('on_time');
    expect(caseSlaState({ slaDueAt: at(120), slaDueSoonAt: at(0), priority: 'urgent' }, now)).toBe('due_soon');
    expect(caseSlaState({ slaDueAt: at(0), slaDueSoonAt: at(-5), priority: 'urgent' }, now)).toBe('breached');
    expect(caseSlaState({ slaDueAt: null, slaDueSoonAt: null, priority: 'urgent' }, now)).toBe('none');
  });
  it('a case cached without it falls back to the priority\'s default budget', () => {
    expect(caseSlaState({ slaDueAt: at(3), priority: 'urgent' }, now)).toBe('due_soon');
    expect(caseSlaState({ slaDueAt: at(5), priority: 'urgent' }, now)).toBe('on_time');
  });
});
