import { describe, expect, it } from 'vitest';
import { buildWindowSpec, type WindowFormValues } from './window-spec';

const form = (patch: Partial<WindowFormValues>): WindowFormValues => ({
  kind: 'daily',
  date: '2026-11-24',
  time: '02:00',
  durationMinutes: '120',
  weekdays: [],
  timeZone: 'Europe/Berlin',
  preset: 'low-latency',
  label: '',
  ...patch,
});

describe('buildWindowSpec', () => {
  it('daily', () => {
    expect(buildWindowSpec(form({}))).toEqual({
      ok: true,
      spec: { kind: 'daily', time: '02:00', durationMinutes: 120, timeZone: 'Europe/Berlin', preset: 'low-latency' },
    });
  });

  it('weekly, weekdays sorted, label kept', () => {
    const built = buildWindowSpec(form({ kind: 'weekly', weekdays: [5, 1, 3], label: ' nightly ' }));
    expect(built).toMatchObject({ ok: true, spec: { kind: 'weekly', weekdays: [1, 3, 5], label: 'nightly' } });
  });

  it('once: the wall time in the chosen zone, with its offset', () => {
    expect(buildWindowSpec(form({ kind: 'once', durationMinutes: '90' }))).toEqual({
      ok: true,
      spec: { kind: 'once', start: '2026-11-24T02:00:00+01:00', end: '2026-11-24T03:30:00+01:00', preset: 'low-latency' },
    });
  });

  it("reports the schema's own messages", () => {
    expect(buildWindowSpec(form({ kind: 'weekly' }))).toEqual({ ok: false, errors: ['Pick at least one weekday'] });
    expect(buildWindowSpec(form({ timeZone: 'Mars/Olympus' }))).toMatchObject({ ok: false, errors: [expect.stringContaining('is not a time zone name')] });
    expect(buildWindowSpec(form({ durationMinutes: '1440' }))).toMatchObject({ ok: false, errors: [expect.stringContaining('at most 1439 minutes')] });
    expect(buildWindowSpec(form({ durationMinutes: '' })).ok).toBe(false);
    expect(buildWindowSpec(form({ kind: 'once', date: '' })).ok).toBe(false);
  });
});
