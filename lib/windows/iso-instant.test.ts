import { IANAZone } from 'luxon';
import { describe, expect, it } from 'vitest';
import { instantMs } from './instant';
import { isoInstantMs, isValidTimeZone } from './iso-instant';
import { windowSpecSchema } from './schema';

/** A seeded generator, so a failure names an input that fails again. */
function random(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}
const pad = (n: number, width = 2) => String(n).padStart(width, '0');

describe('isoInstantMs', () => {
  it("agrees with luxon's instantMs on 5,000 instants in the schema's form (fractions, offsets, leap days, years 0-9999)", () => {
    const next = random(16);
    const int = (n: number) => Math.floor(next() * n);
    const mismatches: string[] = [];
    for (let i = 0; i < 5000; i++) {
      const year = i % 10 === 0 ? int(100) : i % 10 === 1 ? int(10_000) : 1970 + int(100);
      const month = 1 + int(12);
      const day = i % 7 === 0 ? 29 : 1 + int(28);
      const fraction = i % 3 === 0 ? '' : `.${Array.from({ length: 1 + int(12) }, () => int(10)).join('')}`;
      const zone = i % 4 === 0 ? 'Z' : `${next() < 0.5 ? '+' : '-'}${pad(int(24))}:${pad(int(60))}`;
      const iso = `${pad(year, 4)}-${pad(month)}-${pad(day)}T${pad(int(24))}:${pad(int(60))}:${pad(int(60))}${fraction}${zone}`;
      const ours = isoInstantMs(iso);
      const theirs = instantMs(iso);
      if (!Object.is(ours, theirs)) mismatches.push(`${iso}: ${ours} vs luxon ${theirs}`);
    }
    expect(mismatches).toEqual([]);
  });

  it('reads a known instant exactly, truncating the fraction to the millisecond', () => {
    expect(isoInstantMs('2026-11-24T02:00:00+01:00')).toBe(Date.UTC(2026, 10, 24, 1, 0, 0));
    expect(isoInstantMs('2026-11-24T02:00:00.123999999Z')).toBe(Date.UTC(2026, 10, 24, 2, 0, 0, 123));
    expect(isoInstantMs('0050-01-01T00:00:00Z')).toBe(instantMs('0050-01-01T00:00:00Z'));
  });

  it("is NaN outside the schema's form: no such day, no offset, no seconds, bad text", () => {
    // (luxon reads some of these, e.g. a local time; the schema refuses them before any length is computed.)
    for (const iso of ['2026-02-30T00:00:00Z', '2025-02-29T00:00:00Z', '2026-11-24T02:00:00', '2026-11-24T02:00Z', 'tomorrow', '']) {
      expect(isoInstantMs(iso), iso).toBeNaN();
    }
  });

  it('leaves the schema judging one-off windows as before: end after start, at most 7 days', () => {
    const once = (start: string, end: string) => windowSpecSchema.safeParse({ kind: 'once', preset: 'p', start, end });
    expect(once('2026-11-24T02:00:00+01:00', '2026-11-24T01:30:00Z').success).toBe(true);
    expect(once('2026-11-24T02:00:00+01:00', '2026-11-24T01:00:00Z').error?.issues[0]?.message).toBe('The window must end after it starts');
    expect(once('2026-11-01T00:00:00Z', '2026-11-08T00:00:00.001Z').error?.issues[0]?.message).toBe('A one-off window can last at most 7 days');
    expect(once('2026-11-01T00:00:00Z', '2026-11-08T00:00:00Z').success).toBe(true);
  });
});

describe('isValidTimeZone', () => {
  it('accepts and refuses exactly what luxon does', () => {
    const zones = [
      'Europe/Berlin',
      'europe/berlin',
      'UTC',
      'Etc/GMT+5',
      'America/Argentina/Buenos_Aires',
      'Asia/Kolkata',
      'Mars/Olympus',
      'Berlin',
      '',
      ' ',
      '+01:00',
    ];
    for (const zone of zones) expect(isValidTimeZone(zone), zone).toBe(IANAZone.isValidZone(zone));
    expect(isValidTimeZone('Europe/Berlin')).toBe(true);
    expect(isValidTimeZone('Mars/Olympus')).toBe(false);
  });
});
