import { describe, expect, it } from 'vitest';
import { clampPoints, layoutValues, planLayout, type Cells, type CellValues } from './downsample';

/** Raw samples as cells: one row each. */
function sampleCells(t: number[], v: number[]): { cells: Cells; values: CellValues } {
  const n = t.length;
  return {
    cells: { count: n, t0: Float64Array.from(t), t1: new Float64Array(n).fill(Number.NaN) },
    values: { lo: Float64Array.from(v), hi: Float64Array.from(v), hiFirst: new Uint8Array(n) },
  };
}

describe('clampPoints', () => {
  it('clamps to [10, 5000], floors, and defaults to 1000', () => {
    expect(clampPoints(3)).toBe(10);
    expect(clampPoints(1e9)).toBe(5000);
    expect(clampPoints(999.9)).toBe(999);
    expect(clampPoints(undefined)).toBe(1000);
    expect(clampPoints(Number.NaN)).toBe(1000);
  });
});

describe('min/max downsampling', () => {
  it('passes samples through unchanged when they fit', () => {
    const { cells, values } = sampleCells([0, 10, 20], [1, Number.NaN, 3]);
    const layout = planLayout(cells, 0, 20, 10);
    expect(layout.kind).toBe('raw');
    expect(layout.t).toEqual([0, 10, 20]);
    expect(layoutValues(layout, cells, values)).toEqual([1, null, 3]);
  });

  it('keeps the min and the max of every bucket, in the order they happened, and never exceeds points', () => {
    // 10,000 samples of noise with a one-sample spike up and one down in different places.
    const t: number[] = [];
    const v: number[] = [];
    for (let i = 0; i < 10_000; i++) {
      t.push(i * 1000);
      v.push(100 + ((i * 7919) % 13));
    }
    v[4321] = 10_000; // spike up
    v[8765] = -500; // spike down
    const { cells, values } = sampleCells(t, v);
    for (const points of [10, 11, 100, 999, 1000]) {
      const from = 0;
      const to = 9_999_000;
      const layout = planLayout(cells, from, to, points);
      const out = layoutValues(layout, cells, values);
      expect(layout.kind).toBe('buckets');
      expect(out.length).toBe(layout.t.length);
      expect(out.length).toBeLessThanOrEqual(points);
      expect(out.length).toBe(2 * Math.floor(points / 2));
      expect(out).toContain(10_000);
      expect(out).toContain(-500);
      // Each bucket's pair is exactly that bucket's min and max.
      const buckets = Math.floor(points / 2);
      const width = (to - from) / buckets;
      for (let b = 0; b < buckets; b++) {
        const inBucket = v.filter((_, i) => Math.min(buckets - 1, Math.floor((t[i]! - from) / width)) === b);
        const pair = [out[2 * b], out[2 * b + 1]] as number[];
        expect(Math.min(...pair)).toBe(Math.min(...inBucket));
        expect(Math.max(...pair)).toBe(Math.max(...inBucket));
      }
    }
  });

  it('emits a bucket min before its max when the min came first, and the reverse', () => {
    const { cells, values } = sampleCells([0, 1, 2, 3, 10, 11, 12, 13], [5, 1, 5, 9, 5, 9, 5, 1]);
    const layout = planLayout(cells, 0, 19, 4); // 2 buckets of 9.5 ms
    expect(layoutValues(layout, cells, values)).toEqual([1, 9, 9, 1]);
  });

  it('gives null for a bucket that is all gap, and ignores gap samples in a mixed bucket', () => {
    const t = Array.from({ length: 40 }, (_, i) => i);
    const v = t.map((i) => (i >= 10 && i < 20 ? Number.NaN : i === 25 ? Number.NaN : i));
    const { cells, values } = sampleCells(t, v);
    const layout = planLayout(cells, 0, 39, 8); // 4 buckets of 9.75 ms
    const out = layoutValues(layout, cells, values);
    expect(out).toEqual([0, 9, null, null, 20, 29, 30, 39]);
  });

  it('gives null for buckets with no samples at all (before the history begins)', () => {
    const { cells, values } = sampleCells(
      Array.from({ length: 20 }, (_, i) => 80 + i),
      Array.from({ length: 20 }, (_, i) => i),
    );
    const layout = planLayout(cells, 0, 100, 10); // 5 buckets of 20 ms, data only in the last
    expect(layoutValues(layout, cells, values)).toEqual([null, null, null, null, null, null, null, null, 0, 19]);
  });

  it('passes aggregated cells (coarse buckets) through as two rows, in their recorded order', () => {
    const cells: Cells = { count: 2, t0: Float64Array.from([0, 60]), t1: Float64Array.from([30, 90]) };
    const values: CellValues = { lo: Float64Array.from([1, 2]), hi: Float64Array.from([10, 20]), hiFirst: Uint8Array.from([1, 0]) };
    const layout = planLayout(cells, 0, 119, 10);
    expect(layout.kind).toBe('raw');
    expect(layout.t).toEqual([0, 30, 60, 90]);
    expect(layoutValues(layout, cells, values)).toEqual([10, 1, 2, 20]);
  });

  it('merges aggregated cells by their own min and max; one cell holding both keeps its order bit', () => {
    const n = 12;
    const cells: Cells = { count: n, t0: Float64Array.from({ length: n }, (_, i) => i), t1: Float64Array.from({ length: n }, (_, i) => i + 0.5) };
    const values: CellValues = {
      lo: Float64Array.from({ length: n }, () => 1),
      hi: Float64Array.from({ length: n }, (_, i) => (i === 3 ? 50 : 10)),
      hiFirst: Uint8Array.from({ length: n }, () => 1),
    };
    const layout = planLayout(cells, 0, 11, 10); // 24 rows > 10: 5 buckets of 2.2 ms; cells 3 and 4 in bucket 1
    expect(layout.kind).toBe('buckets');
    const out = layoutValues(layout, cells, values);
    expect(out.length).toBe(10);
    expect(out.slice(2, 4)).toEqual([50, 1]);
  });

  it('rounds to the requested decimals on the way out', () => {
    const { cells, values } = sampleCells([0], [Math.fround(1.23)]);
    expect(layoutValues(planLayout(cells, 0, 0, 10), cells, values, 4)).toEqual([1.23]);
  });
});
