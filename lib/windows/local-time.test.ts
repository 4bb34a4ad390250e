import { IANAZone } from 'luxon';
import { describe, expect, it } from 'vitest';
import { isoWeekday, minutesOfDay, offsetMs, wallToInstant } from './local-time';

const at = (iso: string) => Date.parse(iso);
const HOUR = 3_600_000;

describe('offsetMs', () => {
  it('agrees with luxon every 5 h through 2026 in zones with odd offsets and DST', () => {
    const zones = ['Europe/Berlin', 'America/New_York', 'Asia/Kolkata', 'Pacific/Chatham', 'Australia/Lord_Howe', 'America/St_Johns', 'UTC'];
    const mismatches: string[] = [];
    let compared = 0;
    for (const zone of zones) {
      const luxon = IANAZone.create(zone);
      for (let t = at('2026-01-01T00:00:00Z'); t < at('2027-01-01T00:00:00Z'); t += 5 * HOUR + 17_000) {
        compared++;
        if (offsetMs(zone, t) !== luxon.offset(t) * 60_000) mismatches.push(`${zone} at ${new Date(t).toISOString()}`);
      }
    }
    expect(mismatches).toEqual([]);
    expect(compared).toBeGreaterThan(12_000);
  });

  it('changes at the exact transition millisecond', () => {
    expect(offsetMs('Europe/Berlin', at('2026-03-29T00:59:59.999Z'))).toBe(1 * HOUR);
    expect(offsetMs('Europe/Berlin', at('2026-03-29T01:00:00Z'))).toBe(2 * HOUR);
    expect(offsetMs('America/New_York', at('2026-11-01T05:59:59.999Z'))).toBe(-4 * HOUR);
    expect(offsetMs('America/New_York', at('2026-11-01T06:00:00Z'))).toBe(-5 * HOUR);
  });

  it('reads seconds in historical offsets (Africa/Monrovia until 1972: -00:44:30)', () => {
    expect(offsetMs('Africa/Monrovia', at('1970-06-01T00:00:00Z'))).toBe(-(44 * 60 + 30) * 1000);
    expect(offsetMs('Asia/Kolkata', at('1850-06-01T00:00:00Z'))).toBe((5 * 3600 + 53 * 60 + 28) * 1000);
  });
});

describe('wallToInstant', () => {
  const wall = (iso: string) => Date.parse(`${iso}Z`); // local date-time written as if UTC

  it('plain, gap and repeated wall times', () => {
    expect(wallToInstant('Europe/Berlin', wall('2026-07-01T12:00:00'))).toBe(at('2026-07-01T10:00:00Z'));
    expect(wallToInstant('Europe/Berlin', wall('2026-03-29T02:30:00'))).toBe(at('2026-03-29T01:00:00Z'));
    expect(wallToInstant('Europe/Berlin', wall('2026-10-25T02:30:00'))).toBe(at('2026-10-25T00:30:00Z'));
    expect(wallToInstant('Europe/Berlin', wall('2026-10-25T03:00:00'))).toBe(at('2026-10-25T02:00:00Z')); // just after the repeat
    expect(wallToInstant('America/New_York', wall('2026-11-01T00:59:00'))).toBe(at('2026-11-01T04:59:00Z')); // just before
  });
});

it('minutesOfDay and isoWeekday', () => {
  expect(minutesOfDay('00:00')).toBe(0);
  expect(minutesOfDay('23:59')).toBe(1439);
  expect(isoWeekday(0)).toBe(4); // 1970-01-01, Thursday
  expect(isoWeekday(Math.floor(at('2026-03-16T00:00:00Z') / 86_400_000))).toBe(1); // Monday
  expect(isoWeekday(-4)).toBe(7); // 1969-12-28, Sunday
});
