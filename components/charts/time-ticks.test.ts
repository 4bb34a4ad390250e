import { describe, expect, it } from 'vitest';
import { tickStep, timeTickFormatter, timeTicks } from './time-ticks';

const MINUTE = 60_000;

describe('time ticks', () => {
  it('picks a round step for each range', () => {
    expect(tickStep(0, 5 * MINUTE)).toBe(MINUTE);
    // A zoom down to 10 s still gets ticks every 2 s.
    expect(tickStep(0, 10_000)).toBe(2_000);
    expect(timeTicks(60_000, 70_000)).toHaveLength(6);
    expect(tickStep(0, 60 * MINUTE)).toBe(10 * MINUTE);
    expect(tickStep(0, 24 * 60 * MINUTE)).toBe(6 * 60 * MINUTE);
  });

  it('stays on the same wall-clock moments as a live range moves by a second', () => {
    const to = Date.UTC(2026, 0, 1, 12, 0, 30);
    const a = timeTicks(to - 5 * MINUTE, to);
    const b = timeTicks(to + 1000 - 5 * MINUTE, to + 1000);
    expect(a.length).toBeGreaterThanOrEqual(4);
    expect(b).toEqual(a);
    for (const t of a) expect((t - new Date(t).getTimezoneOffset() * -MINUTE) % MINUTE).toBe(0);
  });

  it('keeps every tick inside the range', () => {
    const from = Date.UTC(2026, 0, 1, 10, 7, 13);
    const to = from + 6 * 60 * MINUTE;
    for (const t of timeTicks(from, to)) {
      expect(t).toBeGreaterThanOrEqual(from);
      expect(t).toBeLessThanOrEqual(to);
    }
  });

  it('adds the date only when the range crosses midnight, seconds only for second steps', () => {
    const noon = new Date(2026, 0, 1, 12, 0, 0).getTime();
    expect(timeTickFormatter(noon - 60 * MINUTE, noon)(noon)).not.toMatch(/Jan/);
    const midnight = new Date(2026, 0, 2, 0, 0, 0).getTime();
    expect(timeTickFormatter(midnight - 6 * 60 * MINUTE, midnight + 60 * MINUTE)(midnight)).toMatch(/Jan/);
    expect(timeTickFormatter(noon - MINUTE, noon)(noon)).toMatch(/\d\d:\d\d:\d\d/);
    expect(timeTickFormatter(noon - 60 * MINUTE, noon)(noon)).not.toMatch(/\d\d:\d\d:\d\d/);
  });
});
