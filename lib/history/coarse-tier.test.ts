import { describe, expect, it } from 'vitest';
import { CoarseTier } from './coarse-tier';
import { FLAG_OK, FLAG_RESTART } from './fine-tier';

const MIN = 60_000;

describe('CoarseTier', () => {
  it('keeps per bucket the min, the max and which came first, per channel', () => {
    const tier = new CoarseTier(MIN, 10, 2);
    // Bucket 0: channel 0 dips then peaks; channel 1 peaks then dips. Bucket 1 holds one sample.
    const rows: [number, number, number][] = [
      [0, 5, 5],
      [10_000, 1, 9],
      [20_000, 9, 1],
      [61_000, 3, Number.NaN],
    ];
    for (const [at, a, b] of rows) tier.add(at, FLAG_OK, [a, b]);
    const cells = tier.collect(0, 2 * MIN);
    expect(cells.count).toBe(2);
    expect(Array.from(cells.t0)).toEqual([0, 61_000]);
    const c0 = tier.collect(0, 2 * MIN).channel(0);
    expect([c0.lo[0], c0.hi[0], c0.hiFirst[0]]).toEqual([1, 9, 0]);
    const c1 = cells.channel(1);
    expect([c1.lo[0], c1.hi[0], c1.hiFirst[0]]).toEqual([1, 9, 1]);
    // The open bucket: its own sample times; a channel with no value is NaN.
    expect(Number.isNaN(c1.lo[1])).toBe(true);
  });

  it('is a ring: the oldest bucket goes when a new one closes, memory unchanged', () => {
    const tier = new CoarseTier(MIN, 3, 1);
    const size = tier.byteSize();
    for (let m = 0; m < 10; m++) tier.add(m * MIN, m === 7 ? FLAG_OK | FLAG_RESTART : FLAG_OK, [m]);
    expect(tier.size).toBe(3); // minutes 6, 7, 8 closed; 9 open
    expect(tier.oldestAt).toBe(6 * MIN);
    expect(tier.byteSize()).toBe(size);
    const cells = tier.collect(0, 100 * MIN);
    expect(Array.from(cells.channel(0).lo)).toEqual([6, 7, 8, 9]);
    expect(tier.restartsBetween(0, 100 * MIN)).toEqual([7 * MIN]);
  });

  it('includes a bucket straddling the range edge, its rows clamped into the range', () => {
    const tier = new CoarseTier(MIN, 4, 1);
    for (let s = 0; s < 180; s += 10) tier.add(s * 1000, FLAG_OK, [s]);
    const cells = tier.collect(90_000, 100_000);
    expect(cells.count).toBe(1);
    expect(Array.from(cells.t0)).toEqual([90_000]);
    expect(Array.from(cells.t1)).toEqual([90_000]);
    expect([cells.channel(0).lo[0], cells.channel(0).hi[0]]).toEqual([60, 110]);
  });

  it('refuses more channels than its order word holds', () => {
    expect(() => new CoarseTier(MIN, 1, 33)).toThrow(RangeError);
  });
});
