import { describe, expect, it } from 'vitest';
import { WEEKDAY_NAMES, storedWindowSchema, windowSpecSchema } from './schema';

const daily = { kind: 'daily', time: '02:00', durationMinutes: 120, timeZone: 'Europe/Berlin', preset: 'low-latency' };
const weekly = { ...daily, kind: 'weekly', weekdays: [1, 3, 5] };
const once = { kind: 'once', start: '2026-11-24T02:00:00+01:00', end: '2026-11-24T04:00:00+01:00', preset: 'low-latency' };

/** "path: message" for each issue, [] when the input is valid. */
function problems(input: unknown): string[] {
  const result = windowSpecSchema.safeParse(input);
  return result.success ? [] : result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
}

describe('windowSpecSchema: valid specs', () => {
  it('accepts each kind and keeps its fields', () => {
    expect(windowSpecSchema.parse(daily)).toEqual(daily);
    expect(windowSpecSchema.parse(weekly)).toEqual(weekly);
    expect(windowSpecSchema.parse({ ...once, label: 'Black Friday prep' })).toEqual({ ...once, label: 'Black Friday prep' });
  });

  it('accepts a 5-second one-off window, Z, fractions and mixed offsets', () => {
    expect(problems({ ...once, start: '2026-11-24T02:00:00Z', end: '2026-11-24T02:00:05Z' })).toEqual([]);
    expect(problems({ ...once, start: '2026-11-24T02:00:00.250Z', end: '2026-11-24T02:00:00.500Z' })).toEqual([]);
    // 01:30Z .. 01:31Z written in two offsets.
    expect(problems({ ...once, start: '2026-11-24T07:00:00+05:30', end: '2026-11-24T02:31:00+01:00' })).toEqual([]);
  });

  it('accepts the edges: 00:00, 23:59, 1 and 1439 minutes daily, 10079 weekly, exactly 7 days once', () => {
    expect(problems({ ...daily, time: '00:00', durationMinutes: 1 })).toEqual([]);
    expect(problems({ ...daily, time: '23:59', durationMinutes: 1439 })).toEqual([]);
    expect(problems({ ...weekly, weekdays: [7], durationMinutes: 10079 })).toEqual([]);
    expect(problems({ ...once, start: '2026-11-24T02:00:00Z', end: '2026-12-01T02:00:00Z' })).toEqual([]);
  });

  it('accepts IANA names with unusual offsets and UTC', () => {
    for (const timeZone of ['Asia/Kolkata', 'Pacific/Chatham', 'America/New_York', 'UTC']) {
      expect(problems({ ...daily, timeZone })).toEqual([]);
    }
  });
});

describe('windowSpecSchema: invalid specs, with messages an operator can act on', () => {
  it('rejects a name that is not a time zone, and a bare offset', () => {
    expect(problems({ ...daily, timeZone: 'Mars/Olympus' })).toEqual([
      'timeZone: "Mars/Olympus" is not a time zone name (use an IANA name such as Europe/Berlin)',
    ]);
    expect(problems({ ...weekly, timeZone: '+01:00' })).toEqual(['timeZone: "+01:00" is not a time zone name (use an IANA name such as Europe/Berlin)']);
    expect(problems({ ...daily, timeZone: undefined })).toEqual(['timeZone: Time zone is required (an IANA name such as Europe/Berlin)']);
  });

  it('rejects times outside 00:00..23:59 and other shapes', () => {
    expect(problems({ ...daily, time: '24:00' })).toEqual(['time: "24:00" is not a time: use HH:MM, 24-hour, 00:00 to 23:59']);
    for (const time of ['23:60', '7:00', '07:00:00', '2am']) {
      expect(problems({ ...daily, time })).toEqual([`time: "${time}" is not a time: use HH:MM, 24-hour, 00:00 to 23:59`]);
    }
  });

  it('rejects weekdays 0 and 8, fractions, duplicates and an empty list', () => {
    expect(problems({ ...weekly, weekdays: [0, 1, 8] })).toEqual([
      'weekdays.0: Weekdays are numbers 1 (Mon) to 7 (Sun), not 0',
      'weekdays.2: Weekdays are numbers 1 (Mon) to 7 (Sun), not 8',
    ]);
    expect(problems({ ...weekly, weekdays: [2.5] })).toEqual(['weekdays.0: Weekdays are numbers 1 (Mon) to 7 (Sun), not 2.5']);
    expect(problems({ ...weekly, weekdays: [1, 3, 1, 1, 7, 7] })).toEqual(['weekdays: Mon is listed more than once', 'weekdays: Sun is listed more than once']);
    expect(problems({ ...weekly, weekdays: [] })).toEqual(['weekdays: Pick at least one weekday']);
  });

  it('rejects durations of zero, fractions, a full day (daily) and a full week (weekly)', () => {
    expect(problems({ ...daily, durationMinutes: 0 })).toEqual(['durationMinutes: Duration must be at least 1 minute']);
    expect(problems({ ...daily, durationMinutes: 1.5 })).toEqual(['durationMinutes: Duration must be whole minutes']);
    expect(problems({ ...daily, durationMinutes: 1440 })).toEqual(['durationMinutes: Duration can be at most 1439 minutes (it repeats every day)']);
    expect(problems({ ...weekly, durationMinutes: 10080 })).toEqual(['durationMinutes: Duration can be at most 10079 minutes (it repeats every week)']);
  });

  it('rejects a one-off window that ends at or before its start, compared as instants', () => {
    expect(problems({ ...once, end: once.start })).toEqual(['end: The window must end after it starts']);
    expect(problems({ ...once, end: '2026-11-24T01:59:59+01:00' })).toEqual(['end: The window must end after it starts']);
    // 02:00+01:00 is 01:00Z: the same instant, written differently.
    expect(problems({ ...once, end: '2026-11-24T01:00:00Z' })).toEqual(['end: The window must end after it starts']);
  });

  it('rejects a one-off window longer than 7 days, by one second', () => {
    expect(problems({ ...once, start: '2026-11-24T02:00:00Z', end: '2026-12-01T02:00:01Z' })).toEqual(['end: A one-off window can last at most 7 days']);
  });

  it('rejects instants without an offset or seconds, and impossible dates', () => {
    const message = 'must be an ISO-8601 date and time with seconds and an offset or Z, e.g. 2026-11-24T02:00:00+01:00';
    expect(problems({ ...once, start: '2026-11-24T02:00:00' })).toEqual([`start: Start ${message}`]);
    expect(problems({ ...once, end: '2026-11-24T04:00+01:00' })).toEqual([`end: End ${message}`]);
    expect(problems({ ...once, start: '2026-02-30T02:00:00Z' })).toEqual([`start: Start ${message}`]);
  });

  it('rejects a missing or overlong preset and an overlong label', () => {
    expect(problems({ ...daily, preset: '' })).toEqual(['preset: Preset is required']);
    expect(problems({ ...daily, preset: 'p'.repeat(65) })).toEqual(['preset: Preset id can be at most 64 characters']);
    expect(problems({ ...daily, preset: 'p'.repeat(64), label: 'l'.repeat(80) })).toEqual([]);
    expect(problems({ ...daily, label: 'l'.repeat(81) })).toEqual(['label: Label can be at most 80 characters']);
  });

  it('rejects an unknown kind, and fields of another kind', () => {
    expect(problems({ ...daily, kind: 'hourly' })).toEqual(['kind: kind must be "once", "daily" or "weekly"']);
    expect(problems({ ...once, kind: 'daily' })).toEqual([
      'time: Time is required, as HH:MM',
      'durationMinutes: Duration is required, in whole minutes',
      'timeZone: Time zone is required (an IANA name such as Europe/Berlin)',
    ]);
  });
});

describe('storedWindowSchema', () => {
  const meta = { id: 'w1', targetId: 'cache-1', createdAt: '2026-03-28T12:00:00.000Z', createdBy: 'alice' };

  it('is the spec plus who created it for which target', () => {
    expect(storedWindowSchema.parse({ ...weekly, ...meta })).toEqual({ ...weekly, ...meta });
  });

  it('validates both halves', () => {
    const result = storedWindowSchema.safeParse({ ...daily, time: '24:00', id: 'w1', createdAt: 'yesterday', createdBy: 'alice' });
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((issue) => issue.path.join('.')).sort()).toEqual(['createdAt', 'targetId', 'time']);
  });
});

it('WEEKDAY_NAMES index ISO weekday - 1', () => {
  expect(WEEKDAY_NAMES).toEqual(['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun']);
});
