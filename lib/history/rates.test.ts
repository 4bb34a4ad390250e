import { describe, expect, it } from 'vitest';
import { counterRates, defaultMaxGapMs, stepRate } from './rates';

const NaN_ = Number.NaN;
const rates = (at: number[], values: number[], restarted: number[] = at.map(() => 0), maxGapMs = 3000) =>
  Array.from(counterRates(at, values, restarted, { maxGapMs })).map((v) => (Number.isNaN(v) ? null : v));

describe('stepRate', () => {
  it('is the per-second increase between two good samples', () => {
    expect(stepRate(0, 100, 1000, 600, false, 3000)).toBe(500);
    expect(stepRate(0, 100, 2000, 600, false, 3000)).toBe(250);
    expect(stepRate(0, 100, 1000, 100, false, 3000)).toBe(0);
  });

  it('gives null, never a negative rate, when the counter went down (CONFIG RESETSTAT)', () => {
    expect(stepRate(0, 5_000_000, 1000, 1200, false, 3000)).toBeNull();
  });

  it('gives null across a restart even when the new counter happens to be higher', () => {
    expect(stepRate(0, 100, 1000, 900_000, true, 3000)).toBeNull();
  });

  it('gives null for a missing sample, a time gap, or time not moving forward', () => {
    expect(stepRate(0, null, 1000, 10, false, 3000)).toBeNull();
    expect(stepRate(0, 10, 1000, null, false, 3000)).toBeNull();
    expect(stepRate(0, NaN_, 1000, 10, false, 3000)).toBeNull();
    expect(stepRate(0, 10, 3001, 10_000, false, 3000)).toBeNull();
    expect(stepRate(0, 10, 3000, 10, false, 3000)).toBe(0);
    expect(stepRate(1000, 10, 1000, 20, false, 3000)).toBeNull();
    expect(stepRate(2000, 10, 1000, 20, false, 3000)).toBeNull();
  });
});

describe('counterRates', () => {
  it('handles a RESETSTAT: one null where the counter fell, then normal rates from the new base', () => {
    const at = [0, 1000, 2000, 3000, 4000];
    const hits = [1000, 2000, 3000, 40, 540];
    expect(rates(at, hits)).toEqual([null, 1000, 1000, null, 500]);
  });

  it('handles a restart: null at the first sample of the new process, whatever its counter', () => {
    const at = [0, 1000, 2000, 3000];
    const hits = [1000, 2000, 2500, 3500];
    // The new process's counter (2500) is above the old one: only the run_id change reveals the restart.
    expect(rates(at, hits, [0, 0, 1, 0])).toEqual([null, 1000, null, 1000]);
  });

  it('never averages across a gap: null on both sides of a failed poll', () => {
    const at = [0, 1000, 2000, 3000, 4000, 5000];
    const hits = [0, 100, NaN_, NaN_, 5000, 5100];
    expect(rates(at, hits)).toEqual([null, 100, null, null, null, 100]);
  });

  it('gives null across a time gap with no failed-poll rows in it (e.g. the store was not fed)', () => {
    const at = [0, 1000, 60_000, 61_000];
    const hits = [0, 100, 90_000, 90_100];
    expect(rates(at, hits)).toEqual([null, 100, null, 100]);
  });

  it('uses the sample before the range for the first element', () => {
    const out = counterRates([2000], [300], [0], { maxGapMs: 3000, before: { at: 1000, value: 100 } });
    expect(out[0]).toBe(200);
  });

  it('gives the same rates when written over its own values', () => {
    const at = [0, 1000, 2000, 9000, 10_000, 11_000];
    const values = new Float64Array([5, 105, Number.NaN, 300, 250, 450]);
    const restarted = [0, 0, 0, 0, 0, 1];
    const expected = counterRates(at, values, restarted, { maxGapMs: 3000 });
    const inPlace = counterRates(at, values, restarted, { maxGapMs: 3000 }, values);
    expect(inPlace).toBe(values);
    expect(Array.from(inPlace)).toEqual(Array.from(expected));
  });

  it('never yields a negative or non-finite rate on a messy sequence', () => {
    const at: number[] = [];
    const hits: number[] = [];
    const restarted: number[] = [];
    let value = 0;
    for (let i = 0; i < 500; i++) {
      at.push(i * 1000 + (i % 7 === 0 ? 400 : 0));
      if (i % 50 === 10) value = 0; // RESETSTAT
      value += (i * 37) % 1000;
      hits.push(i % 23 === 0 ? NaN_ : value);
      restarted.push(i % 97 === 0 ? 1 : 0);
    }
    for (const r of rates(at, hits, restarted)) if (r !== null) expect(r).toBeGreaterThanOrEqual(0);
  });
});

describe('defaultMaxGapMs', () => {
  it('is 3 intervals, at least 2 s', () => {
    expect(defaultMaxGapMs(1000)).toBe(3000);
    expect(defaultMaxGapMs(5000)).toBe(15_000);
    expect(defaultMaxGapMs(100)).toBe(2000);
  });
});
