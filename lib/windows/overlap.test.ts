import { describe, expect, it } from 'vitest';
import { SELF_OVERLAP_ID, findOverlap, selfOverlap } from './overlap';
import type { WindowSpec } from './schema';

const at = (iso: string) => Date.parse(iso);
const MIN = 60_000;
const NOW = at('2026-03-28T12:00:00Z'); // a Saturday

function daily(time: string, timeZone: string, durationMinutes = 120): WindowSpec {
  return { kind: 'daily', time, durationMinutes, timeZone, preset: 'low-latency' };
}
function weekly(weekdays: number[], time: string, timeZone: string, durationMinutes = 60): WindowSpec {
  return { kind: 'weekly', weekdays, time, durationMinutes, timeZone, preset: 'low-latency' };
}
function once(start: string, end: string): WindowSpec {
  return { kind: 'once', start, end, preset: 'low-latency' };
}

describe('findOverlap', () => {
  it('daily vs weekly: reports the existing occurrence on the first shared day', () => {
    const existing = [{ id: 'nightly', spec: daily('02:00', 'Europe/Berlin') }];
    // Wednesday 2026-04-01, 03:00 CEST, inside 02:00–04:00 CEST (00:00Z–02:00Z).
    expect(findOverlap(existing, weekly([3], '03:00', 'Europe/Berlin'), NOW)).toEqual({
      id: 'nightly',
      start: at('2026-04-01T00:00:00Z'),
      end: at('2026-04-01T02:00:00Z'),
    });
  });

  it('different zones collide only while US and EU daylight saving disagree', () => {
    // New York 09:00 for 60 min and Berlin 14:30 for 30 min touch all year, except 8–29 March and 25 Oct–1 Nov.
    const existing = [{ id: 'ny', spec: daily('09:00', 'America/New_York', 60) }];
    const candidate = daily('14:30', 'Europe/Berlin', 30);
    expect(findOverlap(existing, candidate, at('2026-01-10T12:00:00Z'))).toEqual({
      id: 'ny',
      start: at('2026-03-08T13:00:00Z'), // 09:00 EDT; Berlin still on CET: 14:30 = 13:30Z
      end: at('2026-03-08T14:00:00Z'),
    });
    expect(findOverlap(existing, candidate, at('2026-04-10T12:00:00Z'))).toEqual({
      id: 'ny',
      start: at('2026-10-25T13:00:00Z'), // still EDT; Berlin back on CET
      end: at('2026-10-25T14:00:00Z'),
    });
    // Within a horizon that ends before 8 March there is nothing to find.
    expect(findOverlap(existing, candidate, at('2026-01-10T12:00:00Z'), 30)).toBeNull();
  });

  it('touching intervals do not overlap', () => {
    const existing = [{ id: 'early', spec: daily('02:00', 'UTC') }];
    expect(findOverlap(existing, daily('04:00', 'UTC', 60), NOW)).toBeNull();
    expect(findOverlap(existing, daily('01:00', 'UTC', 60), NOW)).toBeNull();
    expect(findOverlap(existing, once('2026-04-02T04:00:00Z', '2026-04-02T06:00:00Z'), NOW)).toBeNull();
    expect(findOverlap(existing, daily('01:00', 'UTC', 61), NOW)).toEqual({
      id: 'early',
      start: at('2026-03-29T02:00:00Z'),
      end: at('2026-03-29T04:00:00Z'),
    });
  });

  it('a one-off window inside a recurring one', () => {
    const existing = [{ id: 'monday', spec: weekly([1], '01:00', 'UTC', 240) }];
    expect(findOverlap(existing, once('2026-04-06T02:00:00Z', '2026-04-06T02:00:05Z'), NOW)).toEqual({
      id: 'monday',
      start: at('2026-04-06T01:00:00Z'),
      end: at('2026-04-06T05:00:00Z'),
    });
    // Tuesday: clear.
    expect(findOverlap(existing, once('2026-04-07T02:00:00Z', '2026-04-07T03:00:00Z'), NOW)).toBeNull();
  });

  it('a recurring window over an existing one-off window', () => {
    const existing = [{ id: 'migration', spec: once('2026-04-10T01:59:00+02:00', '2026-04-10T02:30:00+02:00') }];
    expect(findOverlap(existing, daily('02:00', 'Europe/Berlin', 10), NOW)).toEqual({
      id: 'migration',
      start: at('2026-04-09T23:59:00Z'),
      end: at('2026-04-10T00:30:00Z'),
    });
  });

  it('one-off windows are compared exactly, even beyond the horizon', () => {
    const existing = [{ id: 'monday', spec: weekly([1], '01:00', 'UTC', 240) }];
    expect(findOverlap(existing, once('2028-12-04T04:59:00Z', '2028-12-04T06:00:00Z'), NOW)).toEqual({
      id: 'monday',
      start: at('2028-12-04T01:00:00Z'),
      end: at('2028-12-04T05:00:00Z'),
    });
    const far = [{ id: 'far', spec: once('2028-12-04T04:00:00Z', '2028-12-04T05:00:00Z') }];
    expect(findOverlap(far, daily('04:30', 'UTC', 5), NOW)?.id).toBe('far');
    expect(findOverlap(far, once('2028-12-04T04:59:59Z', '2028-12-04T05:30:00Z'), NOW)?.id).toBe('far');
    expect(findOverlap(far, once('2028-12-04T05:00:00Z', '2028-12-04T05:30:00Z'), NOW)).toBeNull();
  });

  it('windows that are over do not collide', () => {
    const past = [{ id: 'past', spec: once('2026-03-27T00:00:00Z', '2026-03-29T00:00:00Z') }];
    // 23:00–01:00 is running at both instants; the one-off window ends at midnight.
    expect(findOverlap(past, daily('23:00', 'UTC'), at('2026-03-29T00:00:00Z'))).toBeNull();
    expect(findOverlap(past, daily('23:00', 'UTC'), at('2026-03-28T23:59:59Z'))?.id).toBe('past');
    // Its 02:00 occurrence on the 28th overlapped, but that is over by then.
    expect(findOverlap(past, daily('02:00', 'UTC'), at('2026-03-28T23:59:59Z'))).toBeNull();
    const existing = [{ id: 'nightly', spec: daily('02:00', 'UTC') }];
    expect(findOverlap(existing, once('2026-03-27T02:00:00Z', '2026-03-27T03:00:00Z'), NOW)).toBeNull();
  });

  it('reports the first colliding window in array order, not the earliest collision', () => {
    const existing = [
      { id: 'clear', spec: daily('10:00', 'UTC') },
      { id: 'saturdays', spec: weekly([6], '02:30', 'UTC') }, // collides on Saturday 4 April
      { id: 'sundays', spec: weekly([7], '02:30', 'UTC') }, // collides on Sunday 29 March
      { id: 'tomorrow', spec: once('2026-03-29T01:00:00Z', '2026-03-29T02:01:00Z') },
    ];
    const candidate = daily('02:00', 'UTC');
    expect(findOverlap(existing, candidate, NOW)).toEqual({
      id: 'saturdays',
      start: at('2026-04-04T02:30:00Z'),
      end: at('2026-04-04T03:30:00Z'),
    });
    expect(findOverlap(existing.slice(2), candidate, NOW)?.id).toBe('sundays');
    expect(findOverlap(existing.slice(3), candidate, NOW)?.id).toBe('tomorrow');
  });

  it('no existing windows, no overlap', () => {
    expect(findOverlap([], daily('02:00', 'UTC'), NOW)).toBeNull();
  });

  it('a candidate that overlaps itself is reported as SELF_OVERLAP_ID before any other collision', () => {
    const existing = [{ id: 'nightly', spec: daily('02:00', 'UTC') }];
    // Monday 30 March 01:00 + 2000 min runs to Tuesday 10:20; Tuesday's starts at 01:00.
    expect(findOverlap(existing, weekly([1, 2], '01:00', 'UTC', 2000), NOW)).toEqual({
      id: SELF_OVERLAP_ID,
      start: at('2026-03-31T01:00:00Z'),
      end: at('2026-03-31T01:00:00Z') + 2000 * MIN,
    });
  });

  it('20 windows in 5 zones over 400 days: compared over the whole horizon', () => {
    const zones = ['Europe/Paris', 'America/Chicago', 'Asia/Dhaka', 'Australia/Adelaide', 'America/Santiago'];
    // :10 local for 20 min in whole- or half-hour zones is :10–:30 or :40–:00 UTC, never the candidate's :05.
    const existing = Array.from({ length: 20 }, (_, i) => ({
      id: `w${i}`,
      spec: i % 2 ? daily(`${String(i).padStart(2, '0')}:10`, zones[i % 5]!, 20) : weekly([1, 3, 5, 7], `${String(i).padStart(2, '0')}:10`, zones[i % 5]!, 20),
    }));
    const candidate = daily('12:05', 'Asia/Tokyo', 1); // 03:05Z daily
    // No hit, so every window was compared over the whole horizon (speed is a bench matter, not a unit test's).
    expect(findOverlap(existing, candidate, NOW)).toBeNull();
  });
});

describe('selfOverlap', () => {
  it('weekly Mon+Tue for 2000 min overlaps itself; Mon+Wed does not', () => {
    expect(selfOverlap(weekly([1, 2], '01:00', 'UTC', 2000), NOW)).toBe(true);
    expect(selfOverlap(weekly([1, 3], '01:00', 'UTC', 2000), NOW)).toBe(false);
  });

  it('wraps around the week: Sunday runs into Monday', () => {
    expect(selfOverlap(weekly([7, 1], '01:00', 'UTC', 1441), NOW)).toBe(true);
    expect(selfOverlap(weekly([7, 1], '01:00', 'UTC', 1440), NOW)).toBe(false); // touching
  });

  it('a daily window of 23 h 20 min runs into the next one on the 23-hour spring-forward day', () => {
    // 29 March 01:00 CET (00:00Z) + 1400 min = 23:20Z; 30 March 01:00 CEST = 23:00Z.
    const spec = daily('01:00', 'Europe/Berlin', 1400);
    expect(selfOverlap(spec, NOW)).toBe(true);
    expect(findOverlap([], spec, NOW)).toEqual({ id: SELF_OVERLAP_ID, start: at('2026-03-29T23:00:00Z'), end: at('2026-03-29T23:00:00Z') + 1400 * MIN });
    // 23 h exactly only touches; the horizon covers a whole year of changes.
    expect(selfOverlap(daily('01:00', 'Europe/Berlin', 1380), NOW)).toBe(false);
    // Outside the horizon, it is not looked for.
    expect(selfOverlap(spec, at('2026-04-01T00:00:00Z'), 150)).toBe(false);
    // In a zone without DST, 1439 minutes is fine.
    expect(selfOverlap(daily('01:00', 'Asia/Kolkata', 1439), NOW)).toBe(false);
  });

  it('a one-off window never overlaps itself', () => {
    expect(selfOverlap(once('2026-04-01T00:00:00Z', '2026-04-08T00:00:00Z'), NOW)).toBe(false);
  });
});
