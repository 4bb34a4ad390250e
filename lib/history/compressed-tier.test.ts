import { describe, expect, it } from 'vitest';
import { CompressedTier } from './compressed-tier';
import { FLAG_OK } from './fine-tier';

const times = (tier: CompressedTier) => Array.from({ length: tier.size }, (_, i) => tier.timeAt(i));

function filled(n: number, capacity = 1000, chunkRows = 16): CompressedTier {
  const tier = new CompressedTier({ capacity, precise: [true, false], orders: [2, 1], reorderRows: 4, chunkRows });
  for (let i = 0; i < n; i++) {
    if (tier.full) tier.dropOldest();
    tier.insertAt(tier.size, i * 1000, FLAG_OK, [i * 100, 1.23]);
  }
  return tier;
}

describe('CompressedTier', () => {
  it('seals chunks as rows arrive, keeping Float64 columns exact and Float32 ones at Float32 precision', () => {
    const tier = filled(100);
    expect(tier.chunkCount).toBe(Math.floor((100 - 4) / 16));
    expect(tier.valueAt(0, 3)).toBe(300);
    expect(tier.valueAt(1, 3)).toBe(Math.fround(1.23));
    expect(tier.valueAt(0, 99)).toBe(9900);
    const out = new Float64Array(40);
    tier.copyRange(0, 10, 40, out);
    expect(Array.from(out)).toEqual(Array.from({ length: 40 }, (_, k) => (10 + k) * 100));
    expect(tier.lowerBound(20_500)).toBe(21);
    expect(tier.upperBound(21_000)).toBe(22);
    expect(tier.upperBound(1e12)).toBe(100);
  });

  it('seals sealLagRows rows later when asked, chunk by chunk (a fleet staggers its seals)', () => {
    const lagged = new CompressedTier({ capacity: 1000, precise: [true, false], orders: [2, 1], reorderRows: 4, chunkRows: 16, sealLagRows: 10 });
    const seals: number[] = [];
    for (let i = 0; i < 100; i++) {
      const before = lagged.chunkCount;
      lagged.insertAt(lagged.size, i * 1000, FLAG_OK, [i * 100, 1.23]);
      if (lagged.chunkCount > before) seals.push(i + 1);
    }
    // Without a lag the first seal comes at 16 + 4 rows; 10 rows later here, then every 16 rows.
    expect(seals).toEqual([30, 46, 62, 78, 94]);
    expect(Array.from({ length: 100 }, (_, i) => lagged.valueAt(0, i))).toEqual(Array.from({ length: 100 }, (_, i) => i * 100));
  });

  it('grows with the rows held and frees a chunk once all its rows are dropped', () => {
    const small = filled(40).byteSize();
    const big = filled(400).byteSize();
    expect(big).toBeGreaterThan(small);
    const capped = filled(4000, 200);
    expect(capped.size).toBe(200);
    expect(times(capped)[0]).toBe(3800 * 1000);
    expect(capped.chunkCount).toBeLessThanOrEqual(Math.ceil(200 / 16) + 1);
  });

  it('slots a late row among the unsealed newest rows only', () => {
    const tier = filled(50);
    const late = tier.insertPosition(48_500, 4);
    expect(late).toBe(49);
    tier.insertAt(late, 48_500, 0, [7, 7]);
    expect(times(tier).slice(-3)).toEqual([48_000, 48_500, 49_000]);
    expect(tier.flagsAt(49)).toBe(0);
    // 6 rows back: beyond the shift allowed; allowed by a wider shift while among the open rows (32 sealed).
    expect(tier.insertPosition(44_500, 4)).toBe(-1);
    expect(tier.insertPosition(44_500, 64)).toBe(45);
    // Into a sealed chunk: never, whatever the shift.
    expect(tier.insertPosition(30_500, 64)).toBe(-1);
    expect(() => tier.insertAt(0, 1, 0, [0, 0])).toThrow(RangeError);
  });
});
