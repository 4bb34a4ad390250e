import { describe, expect, it } from 'vitest';
import { FineRing } from './fine-ring';
import { FLAG_OK } from './fine-tier';

const times = (ring: FineRing) => Array.from({ length: ring.size }, (_, i) => ring.timeAt(i));

describe('FineRing', () => {
  it('keeps Float64 columns exact and Float32 columns at Float32 precision', () => {
    const ring = new FineRing(4, [true, false]);
    ring.insertAt(0, 1000, FLAG_OK, [2 ** 40 + 1, 1.23]);
    expect(ring.valueAt(0, 0)).toBe(2 ** 40 + 1);
    expect(ring.valueAt(1, 0)).toBe(Math.fround(1.23));
    expect(ring.byteSize()).toBe(4 * (8 + 1 + 8 + 4));
  });

  it('wraps around, and copyRange reads across the wrap', () => {
    const ring = new FineRing(4, [true]);
    for (let i = 0; i < 6; i++) {
      if (ring.full) ring.dropOldest();
      ring.insertAt(ring.size, i * 1000, FLAG_OK, [i]);
    }
    expect(times(ring)).toEqual([2000, 3000, 4000, 5000]);
    const out = new Float64Array(3);
    ring.copyRange(0, 1, 3, out);
    expect(Array.from(out)).toEqual([3, 4, 5]);
    expect(ring.lowerBound(2500)).toBe(1);
    expect(ring.upperBound(4000)).toBe(3);
  });

  it('slots a late row into time order, within the allowed shift only', () => {
    const ring = new FineRing(8, [true]);
    for (const t of [1000, 2000, 4000]) ring.insertAt(ring.size, t, FLAG_OK, [t]);
    const pos = ring.insertPosition(3000, 4);
    expect(pos).toBe(2);
    ring.insertAt(pos, 3000, 0, [3000]);
    expect(times(ring)).toEqual([1000, 2000, 3000, 4000]);
    expect(ring.flagsAt(2)).toBe(0);
    expect(ring.valueAt(0, 3)).toBe(4000);
    expect(ring.insertPosition(4000, 4)).toBe(4); // equal times keep arrival order
    expect(ring.insertPosition(1500, 2)).toBe(-1); // 3 rows back: beyond the shift allowed
    expect(ring.insertPosition(500, 8)).toBe(-1); // older than everything held
  });
});
