import { describe, expect, it } from 'vitest';
import { describeWindow, formatDuration, formatWeekdays } from './describe';

const preset = 'low-latency';

describe('describeWindow', () => {
  it('daily: a wall-clock range and the zone', () => {
    expect(describeWindow({ kind: 'daily', time: '02:00', durationMinutes: 120, timeZone: 'Europe/Berlin', preset })).toBe('Daily 02:00–04:00 Europe/Berlin');
    expect(describeWindow({ kind: 'daily', time: '23:30', durationMinutes: 120, timeZone: 'Asia/Kolkata', preset })).toBe('Daily 23:30–01:30 Asia/Kolkata');
    expect(describeWindow({ kind: 'daily', time: '00:00', durationMinutes: 1439, timeZone: 'UTC', preset })).toBe('Daily 00:00–23:59 UTC');
  });

  it('weekly: days, start and duration', () => {
    expect(describeWindow({ kind: 'weekly', weekdays: [5, 1, 3], time: '01:30', durationMinutes: 90, timeZone: 'America/New_York', preset })).toBe(
      'Mon, Wed, Fri 01:30 for 90 min (America/New_York)',
    );
    expect(describeWindow({ kind: 'weekly', weekdays: [1, 2, 3, 4, 5], time: '22:00', durationMinutes: 150, timeZone: 'UTC', preset })).toBe(
      'Mon–Fri 22:00 for 2 h 30 min (UTC)',
    );
  });

  it('once: in the offset the start was written in', () => {
    expect(describeWindow({ kind: 'once', start: '2026-11-24T02:00:00Z', end: '2026-11-24T04:00:00Z', preset })).toBe('Once 2026-11-24 02:00 → 04:00 UTC');
    expect(describeWindow({ kind: 'once', start: '2026-11-24T02:00:00+01:00', end: '2026-11-24T04:00:00+01:00', preset })).toBe(
      'Once 2026-11-24 02:00 → 04:00 UTC+1',
    );
    expect(describeWindow({ kind: 'once', start: '2026-11-24T02:00:00+05:30', end: '2026-11-24T02:00:00Z', preset })).toBe(
      'Once 2026-11-24 02:00 → 07:30 UTC+5:30',
    );
  });

  it('once: the end date when it differs, seconds when there are any', () => {
    expect(describeWindow({ kind: 'once', start: '2026-11-24T23:00:00Z', end: '2026-11-25T01:00:00Z', preset })).toBe(
      'Once 2026-11-24 23:00 → 2026-11-25 01:00 UTC',
    );
    expect(describeWindow({ kind: 'once', start: '2026-11-24T02:00:00Z', end: '2026-11-24T02:00:05Z', preset })).toBe(
      'Once 2026-11-24 02:00:00 → 02:00:05 UTC',
    );
    // End written across the DST change in another offset: shown in the start's.
    expect(describeWindow({ kind: 'once', start: '2026-10-25T01:00:00+02:00', end: '2026-10-25T03:00:00+01:00', preset })).toBe(
      'Once 2026-10-25 01:00 → 04:00 UTC+2',
    );
  });
});

describe('formatDuration', () => {
  it.each([
    [1, '1 min'],
    [60, '60 min'],
    [119, '119 min'],
    [120, '2 h'],
    [150, '2 h 30 min'],
    [1440, '1 d'],
    [1501, '1 d 1 h 1 min'],
    [2000, '1 d 9 h 20 min'],
    [10079, '6 d 23 h 59 min'],
  ])('%s minutes -> %s', (minutes, text) => {
    expect(formatDuration(minutes)).toBe(text);
  });
});

describe('formatWeekdays', () => {
  it.each([
    [[1], 'Mon'],
    [[6, 7], 'Sat, Sun'],
    [[1, 2, 3, 5, 6, 7], 'Mon–Wed, Fri–Sun'],
    [[7, 1, 2], 'Mon, Tue, Sun'],
    [[3, 4, 5], 'Wed–Fri'],
    [[1, 2, 3, 4, 5, 6, 7], 'Every day'],
  ])('%j -> %s', (days, text) => {
    expect(formatWeekdays(days)).toBe(text);
  });
});
