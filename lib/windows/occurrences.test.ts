import { describe, expect, it } from 'vitest';
import { type Occurrence, activeOccurrence, nextOccurrences, occurrencesBetween } from './occurrences';
import type { WindowSpec } from './schema';

const at = (iso: string) => Date.parse(iso);
const MIN = 60_000;

/** Occurrences as ISO strings, so a failure shows readable instants. */
const show = (list: Occurrence[]) => list.map((o) => `${new Date(o.start).toISOString()} → ${new Date(o.end).toISOString()}`);
const iso = (start: string, end: string) => `${new Date(start).toISOString()} → ${new Date(end).toISOString()}`;

function daily(time: string, timeZone: string, durationMinutes = 120): WindowSpec {
  return { kind: 'daily', time, durationMinutes, timeZone, preset: 'low-latency' };
}
function weekly(weekdays: number[], time: string, timeZone: string, durationMinutes = 60): WindowSpec {
  return { kind: 'weekly', weekdays, time, durationMinutes, timeZone, preset: 'low-latency' };
}
function once(start: string, end: string): WindowSpec {
  return { kind: 'once', start, end, preset: 'low-latency' };
}

describe('daily windows across days', () => {
  it('one per day, in start order', () => {
    const list = occurrencesBetween(daily('02:00', 'UTC'), at('2026-03-10T00:00:00Z'), at('2026-03-13T00:00:00Z'));
    expect(show(list)).toEqual([
      iso('2026-03-10T02:00:00Z', '2026-03-10T04:00:00Z'),
      iso('2026-03-11T02:00:00Z', '2026-03-11T04:00:00Z'),
      iso('2026-03-12T02:00:00Z', '2026-03-12T04:00:00Z'),
    ]);
  });

  it('includes the occurrence already running at `from`; half-open at both ends', () => {
    const spec = daily('02:00', 'UTC');
    expect(show(occurrencesBetween(spec, at('2026-03-10T03:59:59.999Z'), at('2026-03-11T02:00:00Z')))).toEqual([
      iso('2026-03-10T02:00:00Z', '2026-03-10T04:00:00Z'),
    ]);
    expect(occurrencesBetween(spec, at('2026-03-10T04:00:00Z'), at('2026-03-11T02:00:00Z'))).toEqual([]);
    expect(occurrencesBetween(spec, at('2026-03-10T04:00:00Z'), at('2026-03-10T04:00:00Z'))).toEqual([]);
  });

  it('a window crossing midnight is found running at 00:30 the next day', () => {
    const spec = daily('23:30', 'Europe/Berlin'); // CEST in June: 21:30Z..23:30Z
    const now = at('2026-06-01T22:30:00Z'); // 00:30 on 2 June in Berlin
    expect(activeOccurrence(spec, now)).toEqual({ start: at('2026-06-01T21:30:00Z'), end: at('2026-06-01T23:30:00Z') });
    expect(show(nextOccurrences(spec, now, 3))).toEqual([
      iso('2026-06-01T21:30:00Z', '2026-06-01T23:30:00Z'),
      iso('2026-06-02T21:30:00Z', '2026-06-02T23:30:00Z'),
      iso('2026-06-03T21:30:00Z', '2026-06-03T23:30:00Z'),
    ]);
  });

  it('activeOccurrence: start inclusive, end exclusive, null in between', () => {
    const spec = daily('02:00', 'UTC');
    expect(activeOccurrence(spec, at('2026-03-10T02:00:00Z'))?.start).toBe(at('2026-03-10T02:00:00Z'));
    expect(activeOccurrence(spec, at('2026-03-10T03:59:59.999Z'))?.end).toBe(at('2026-03-10T04:00:00Z'));
    expect(activeOccurrence(spec, at('2026-03-10T04:00:00Z'))).toBeNull();
    expect(activeOccurrence(spec, at('2026-03-10T01:59:59.999Z'))).toBeNull();
  });
});

describe('time zones', () => {
  it('Asia/Kolkata (+05:30): 02:00 local is 20:30Z the previous UTC day', () => {
    expect(show(occurrencesBetween(daily('02:00', 'Asia/Kolkata', 30), at('2026-01-14T12:00:00Z'), at('2026-01-15T12:00:00Z')))).toEqual([
      iso('2026-01-14T20:30:00Z', '2026-01-14T21:00:00Z'),
    ]);
  });

  it('Pacific/Chatham: +13:45 in January (summer), +12:45 in July', () => {
    const spec = daily('03:00', 'Pacific/Chatham');
    expect(show(occurrencesBetween(spec, at('2026-01-14T00:00:00Z'), at('2026-01-15T00:00:00Z')))).toEqual([
      iso('2026-01-14T13:15:00Z', '2026-01-14T15:15:00Z'),
    ]);
    expect(show(occurrencesBetween(spec, at('2026-07-14T00:00:00Z'), at('2026-07-15T00:00:00Z')))).toEqual([
      iso('2026-07-14T14:15:00Z', '2026-07-14T16:15:00Z'),
    ]);
  });

  it('America/New_York: -05:00 in January, -04:00 in July', () => {
    const spec = daily('09:00', 'America/New_York', 60);
    expect(activeOccurrence(spec, at('2026-01-14T14:00:00Z'))?.start).toBe(at('2026-01-14T14:00:00Z'));
    expect(activeOccurrence(spec, at('2026-07-14T13:00:00Z'))?.start).toBe(at('2026-07-14T13:00:00Z'));
    expect(activeOccurrence(spec, at('2026-07-14T14:00:00Z'))).toBeNull();
  });
});

describe('weekly windows: weekdays are local dates in the window zone', () => {
  it('Monday 23:30 in America/Los_Angeles runs on Tuesday in UTC', () => {
    const spec = weekly([1], '23:30', 'America/Los_Angeles');
    // Saturday 2026-03-14; Mondays 16 and 23 March, PDT (-07:00).
    expect(show(nextOccurrences(spec, at('2026-03-14T12:00:00Z'), 2))).toEqual([
      iso('2026-03-17T06:30:00Z', '2026-03-17T07:30:00Z'),
      iso('2026-03-24T06:30:00Z', '2026-03-24T07:30:00Z'),
    ]);
    // Monday 16 March in UTC is not a Monday in Los Angeles for the whole day: nothing runs then.
    expect(occurrencesBetween(spec, at('2026-03-16T00:00:00Z'), at('2026-03-17T00:00:00Z'))).toEqual([]);
  });

  it('Sunday 08:00 in Asia/Tokyo runs on Saturday in UTC', () => {
    expect(show(nextOccurrences(weekly([7], '08:00', 'Asia/Tokyo'), at('2026-03-16T00:00:00Z'), 1))).toEqual([
      iso('2026-03-21T23:00:00Z', '2026-03-22T00:00:00Z'),
    ]);
  });

  it('several weekdays, listed in any order, come out in time order', () => {
    // From Wednesday 2026-03-18 noon UTC: Fri 20th, Mon 23rd, Fri 27th.
    expect(show(nextOccurrences(weekly([5, 1], '01:30', 'UTC', 90), at('2026-03-18T12:00:00Z'), 3))).toEqual([
      iso('2026-03-20T01:30:00Z', '2026-03-20T03:00:00Z'),
      iso('2026-03-23T01:30:00Z', '2026-03-23T03:00:00Z'),
      iso('2026-03-27T01:30:00Z', '2026-03-27T03:00:00Z'),
    ]);
  });

  it('a multi-day weekly window running since Sunday is found on Tuesday', () => {
    const spec = weekly([7], '22:00', 'UTC', 3000); // Sunday 22:00 + 50 h
    expect(activeOccurrence(spec, at('2026-03-24T12:00:00Z'))).toEqual({
      start: at('2026-03-22T22:00:00Z'),
      end: at('2026-03-25T00:00:00Z'),
    });
  });
});

describe('DST: gap starts after the gap, repeat starts at the first instant, durations are real time', () => {
  it('Europe/Berlin spring forward: 02:30 on 2026-03-29 does not exist, so it starts at 03:00 CEST', () => {
    const list = occurrencesBetween(daily('02:30', 'Europe/Berlin'), at('2026-03-27T12:00:00Z'), at('2026-03-30T12:00:00Z'));
    expect(show(list)).toEqual([
      iso('2026-03-28T01:30:00Z', '2026-03-28T03:30:00Z'), // 02:30 CET
      iso('2026-03-29T01:00:00Z', '2026-03-29T03:00:00Z'), // 03:00 CEST, first instant after the gap
      iso('2026-03-30T00:30:00Z', '2026-03-30T02:30:00Z'), // 02:30 CEST
    ]);
  });

  it('Europe/Berlin spring forward: the gap edges 01:59, 02:00 and 03:00', () => {
    const on29 = (time: string) => nextOccurrences(daily(time, 'Europe/Berlin'), at('2026-03-28T12:00:00Z'), 1)[0]?.start;
    expect(on29('01:59')).toBe(at('2026-03-29T00:59:00Z'));
    expect(on29('02:00')).toBe(at('2026-03-29T01:00:00Z'));
    expect(on29('03:00')).toBe(at('2026-03-29T01:00:00Z'));
  });

  it('Europe/Berlin fall back: 02:30 on 2026-10-25 happens twice, the window starts at the first, once', () => {
    const list = occurrencesBetween(daily('02:30', 'Europe/Berlin', 30), at('2026-10-24T12:00:00Z'), at('2026-10-26T12:00:00Z'));
    expect(show(list)).toEqual([
      iso('2026-10-25T00:30:00Z', '2026-10-25T01:00:00Z'), // 02:30 CEST, not 02:30 CET (01:30Z)
      iso('2026-10-26T01:30:00Z', '2026-10-26T02:00:00Z'), // 02:30 CET
    ]);
    expect(activeOccurrence(daily('02:30', 'Europe/Berlin', 30), at('2026-10-25T01:45:00Z'))).toBeNull();
  });

  it('America/New_York spring forward: 02:30 on 2026-03-08 starts at 03:00 EDT', () => {
    const list = occurrencesBetween(daily('02:30', 'America/New_York', 60), at('2026-03-07T00:00:00Z'), at('2026-03-10T00:00:00Z'));
    expect(show(list)).toEqual([
      iso('2026-03-07T07:30:00Z', '2026-03-07T08:30:00Z'), // 02:30 EST
      iso('2026-03-08T07:00:00Z', '2026-03-08T08:00:00Z'), // 03:00 EDT
      iso('2026-03-09T06:30:00Z', '2026-03-09T07:30:00Z'), // 02:30 EDT
    ]);
  });

  it('America/New_York fall back: 01:30 on 2026-11-01 starts at 01:30 EDT, once', () => {
    const list = occurrencesBetween(daily('01:30', 'America/New_York', 30), at('2026-10-31T00:00:00Z'), at('2026-11-03T00:00:00Z'));
    expect(show(list)).toEqual([
      iso('2026-10-31T05:30:00Z', '2026-10-31T06:00:00Z'), // EDT
      iso('2026-11-01T05:30:00Z', '2026-11-01T06:00:00Z'), // EDT, the first 01:30; not 06:30Z (EST)
      iso('2026-11-02T06:30:00Z', '2026-11-02T07:00:00Z'), // EST
    ]);
  });

  it('Pacific/Chatham (45-minute-offset zone): gap 02:45→03:45 on 2026-09-27, repeat 02:45–03:45 on 2026-04-05', () => {
    const gap = occurrencesBetween(daily('03:00', 'Pacific/Chatham'), at('2026-09-26T00:00:00Z'), at('2026-09-27T00:00:00Z'));
    expect(show(gap)).toEqual([iso('2026-09-26T14:00:00Z', '2026-09-26T16:00:00Z')]); // 03:45 +13:45
    const repeat = occurrencesBetween(daily('03:00', 'Pacific/Chatham'), at('2026-04-04T00:00:00Z'), at('2026-04-05T00:00:00Z'));
    expect(show(repeat)).toEqual([iso('2026-04-04T13:15:00Z', '2026-04-04T15:15:00Z')]); // 03:00 +13:45, not +12:45
  });

  it('Australia/Lord_Howe (30-minute DST): 02:15 on 2026-10-04 starts at 02:30 +11:00', () => {
    const list = occurrencesBetween(daily('02:15', 'Australia/Lord_Howe', 60), at('2026-10-03T00:00:00Z'), at('2026-10-04T00:00:00Z'));
    expect(show(list)).toEqual([iso('2026-10-03T15:30:00Z', '2026-10-03T16:30:00Z')]);
  });

  it('a window spanning the change keeps its real duration (its wall-clock end moves)', () => {
    const spec = daily('01:00', 'Europe/Berlin', 180);
    // Spring: 01:00 CET .. 05:00 CEST, 3 real hours.
    expect(activeOccurrence(spec, at('2026-03-29T01:30:00Z'))).toEqual({ start: at('2026-03-29T00:00:00Z'), end: at('2026-03-29T03:00:00Z') });
    // Autumn: 01:00 CEST .. 03:00 CET, 3 real hours.
    expect(activeOccurrence(spec, at('2026-10-25T00:30:00Z'))).toEqual({ start: at('2026-10-24T23:00:00Z'), end: at('2026-10-25T02:00:00Z') });
  });

  it('a weekly window on the DST Sunday uses the local date and the gap rule (New York)', () => {
    const spec = weekly([7], '02:15', 'America/New_York', 120);
    expect(show(nextOccurrences(spec, at('2026-03-02T00:00:00Z'), 2))).toEqual([
      iso('2026-03-08T07:00:00Z', '2026-03-08T09:00:00Z'), // 03:00 EDT
      iso('2026-03-15T06:15:00Z', '2026-03-15T08:15:00Z'), // 02:15 EDT
    ]);
  });

  it('a skipped calendar day (Pacific/Apia, 2011-12-30) does not start the window twice', () => {
    const list = occurrencesBetween(daily('00:00', 'Pacific/Apia', 60), at('2011-12-29T00:00:00Z'), at('2011-12-31T23:00:00Z'));
    expect(show(list)).toEqual([
      iso('2011-12-29T10:00:00Z', '2011-12-29T11:00:00Z'), // 29 Dec 00:00 -10:00
      iso('2011-12-30T10:00:00Z', '2011-12-30T11:00:00Z'), // 30 Dec skipped: 31 Dec 00:00 +14:00, once
      iso('2011-12-31T10:00:00Z', '2011-12-31T11:00:00Z'), // 1 Jan 00:00 +14:00
    ]);
  });
});

describe('one-off windows', () => {
  const spec = once('2026-11-24T02:00:00+01:00', '2026-11-24T02:00:05+01:00'); // 01:00:00Z .. 01:00:05Z

  it('is active for exactly its seconds', () => {
    expect(activeOccurrence(spec, at('2026-11-24T00:59:59.999Z'))).toBeNull();
    expect(activeOccurrence(spec, at('2026-11-24T01:00:00Z'))).toEqual({ start: at('2026-11-24T01:00:00Z'), end: at('2026-11-24T01:00:05Z') });
    expect(activeOccurrence(spec, at('2026-11-24T01:00:04.999Z'))).not.toBeNull();
    expect(activeOccurrence(spec, at('2026-11-24T01:00:05Z'))).toBeNull();
  });

  it('is listed while ahead or running, [] once over, however far ahead', () => {
    expect(nextOccurrences(spec, at('2020-01-01T00:00:00Z'), 5)).toEqual([{ start: at('2026-11-24T01:00:00Z'), end: at('2026-11-24T01:00:05Z') }]);
    expect(nextOccurrences(spec, at('2026-11-24T01:00:02Z'), 5)).toHaveLength(1);
    expect(nextOccurrences(spec, at('2026-11-24T01:00:05Z'), 5)).toEqual([]);
  });

  it('occurrencesBetween: only when it intersects the range', () => {
    expect(occurrencesBetween(spec, at('2026-11-24T01:00:04Z'), at('2026-11-25T00:00:00Z'))).toHaveLength(1);
    expect(occurrencesBetween(spec, at('2026-11-24T01:00:05Z'), at('2026-11-25T00:00:00Z'))).toEqual([]);
    expect(occurrencesBetween(spec, at('2026-11-23T00:00:00Z'), at('2026-11-24T01:00:00Z'))).toEqual([]);
  });
});

describe('nextOccurrences bounds', () => {
  const now = at('2026-03-28T12:00:00Z');

  it('count 0 gives []', () => {
    expect(nextOccurrences(daily('02:00', 'UTC'), now, 0)).toEqual([]);
  });

  it('looks 400 days ahead and no further', () => {
    const list = nextOccurrences(daily('02:00', 'UTC'), now, 10_000);
    expect(list).toHaveLength(400);
    expect(list[0]?.start).toBe(at('2026-03-29T02:00:00Z'));
    expect(list.at(-1)?.start).toBe(at('2027-05-02T02:00:00Z')); // now + 400 days is 2027-05-02T12:00Z
  });

  it('durations are exact minutes', () => {
    for (const o of nextOccurrences(weekly([1, 4], '03:10', 'Europe/Berlin', 95), now, 60)) expect(o.end - o.start).toBe(95 * MIN);
  });
});
