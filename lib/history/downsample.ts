import { roundTo } from './series';

/**
 * Min/max downsampling for the history query: at most `points` values per series, and every
 * spike survives because each bucket reports both its minimum and its maximum.
 *
 * Input is a list of "cells" in time order. A cell is either one raw sample (one row, t0) or an
 * already-aggregated coarse bucket with a min and a max (two rows, t0 and t1). All series share
 * the same rows (the response has one `t` column), so the layout is planned once per query and
 * then filled per series.
 *
 * - Raw: when every cell fits (rows <= points), cells are passed through unchanged.
 * - Buckets: otherwise [from, to] is cut into floor(points / 2) equal buckets, each emitting two
 *   rows at its start and its middle: the bucket's min and max, in the order they occurred, so a
 *   line through them still rises then falls (or the reverse) like the data did.
 * A bucket with no value (all gap, or no sample at all) gives null in both rows; a gap sample
 * gives null in raw mode. Null is how the chart knows to break the line.
 */

export const MIN_POINTS = 10;
export const MAX_POINTS = 5000;
export const DEFAULT_POINTS = 1000;

/** Clamps the caller's `points` to [10, 5000]: fewer is useless, more is more than a screen has pixels. */
export function clampPoints(points: number | undefined): number {
  if (points === undefined || !Number.isFinite(points)) return DEFAULT_POINTS;
  return Math.min(MAX_POINTS, Math.max(MIN_POINTS, Math.floor(points)));
}

/** Cells shared by all series of one query. `t1` is NaN for single-sample cells. */
export interface Cells {
  readonly count: number;
  readonly t0: Float64Array;
  readonly t1: Float64Array;
}

/** One series over the cells: lo = hi = value for a sample; NaN = gap. `hiFirst[c]` = the max came first. */
export interface CellValues {
  readonly lo: Float64Array;
  readonly hi: Float64Array;
  readonly hiFirst: Uint8Array;
}

export type Layout =
  { readonly kind: 'raw'; readonly t: number[] } | { readonly kind: 'buckets'; readonly t: number[]; readonly buckets: number; readonly bucketOf: Int32Array };

export function rowCount(cells: Cells): number {
  let rows = cells.count;
  for (let c = 0; c < cells.count; c++) if (!Number.isNaN(cells.t1[c] as number)) rows++;
  return rows;
}

/** Decides raw vs buckets and computes the shared `t` column. */
export function planLayout(cells: Cells, from: number, to: number, points: number): Layout {
  if (rowCount(cells) <= points) {
    const t: number[] = [];
    for (let c = 0; c < cells.count; c++) {
      t.push(cells.t0[c] as number);
      const t1 = cells.t1[c] as number;
      if (!Number.isNaN(t1)) t.push(t1);
    }
    return { kind: 'raw', t };
  }
  const buckets = Math.floor(points / 2);
  const width = (to - from) / buckets;
  const t: number[] = [];
  for (let b = 0; b < buckets; b++) {
    const start = from + b * width;
    t.push(Math.round(start), Math.round(start + width / 2));
  }
  const bucketOf = new Int32Array(cells.count);
  for (let c = 0; c < cells.count; c++) {
    // `to` itself belongs to the last bucket; width 0 (from == to) puts everything in bucket 0.
    const b = width > 0 ? Math.floor(((cells.t0[c] as number) - from) / width) : 0;
    bucketOf[c] = Math.min(buckets - 1, Math.max(0, b));
  }
  return { kind: 'buckets', t, buckets, bucketOf };
}

const orNull = (v: number, decimals: number | undefined): number | null => (Number.isNaN(v) ? null : roundTo(v, decimals));

/** One series' values for the planned layout: exactly `layout.t.length` entries. */
export function layoutValues(layout: Layout, cells: Cells, values: CellValues, decimals?: number): (number | null)[] {
  const { lo, hi, hiFirst } = values;
  const out: (number | null)[] = [];
  if (layout.kind === 'raw') {
    for (let c = 0; c < cells.count; c++) {
      if (Number.isNaN(cells.t1[c] as number)) {
        out.push(orNull(lo[c] as number, decimals));
      } else {
        const [a, b] = hiFirst[c] ? [hi[c] as number, lo[c] as number] : [lo[c] as number, hi[c] as number];
        out.push(orNull(a, decimals), orNull(b, decimals));
      }
    }
    return out;
  }
  const { buckets, bucketOf } = layout;
  const min = new Float64Array(buckets).fill(Number.POSITIVE_INFINITY);
  const max = new Float64Array(buckets).fill(Number.NEGATIVE_INFINITY);
  // Cell index where each bucket's min / max was first seen, to emit them in time order.
  const minAt = new Int32Array(buckets).fill(-1);
  const maxAt = new Int32Array(buckets).fill(-1);
  for (let c = 0; c < cells.count; c++) {
    const b = bucketOf[c] as number;
    const l = lo[c] as number;
    const h = hi[c] as number;
    if (l < (min[b] as number)) {
      min[b] = l;
      minAt[b] = c;
    }
    if (h > (max[b] as number)) {
      max[b] = h;
      maxAt[b] = c;
    }
  }
  for (let b = 0; b < buckets; b++) {
    const iMin = minAt[b] as number;
    const iMax = maxAt[b] as number;
    if (iMin < 0 || iMax < 0) {
      // NaN compares false, so a bucket of gaps never set either: null, the chart breaks the line.
      out.push(null, null);
      continue;
    }
    const maxFirst = iMin === iMax ? hiFirst[iMin] === 1 : iMax < iMin;
    const a = maxFirst ? (max[b] as number) : (min[b] as number);
    const z = maxFirst ? (min[b] as number) : (max[b] as number);
    out.push(roundTo(a, decimals), roundTo(z, decimals));
  }
  return out;
}

type BucketLayout = Extract<Layout, { kind: 'buckets' }>;

/**
 * Per bucket, the first fine row falling in it: `starts[b]..starts[b + 1]` are bucket b's rows
 * among the `fineCount` raw samples that follow `coarseCount` coarse cells. Rows are in time
 * order, so each bucket's rows are one contiguous run.
 */
export function fineBucketStarts(layout: BucketLayout, coarseCount: number, fineCount: number): Int32Array {
  const starts = new Int32Array(layout.buckets + 1);
  let r = 0;
  for (let b = 0; b < layout.buckets; b++) {
    starts[b] = r;
    while (r < fineCount && (layout.bucketOf[coarseCount + r] as number) <= b) r++;
  }
  starts[layout.buckets] = fineCount;
  return starts;
}

/**
 * layoutValues for a bucket layout whose cells are `coarse` (min/max cells) followed by raw
 * samples `fine` (lo = hi = value), without copying the samples into cell arrays first: the
 * same answer (same min, max, first occurrence and order), walking each bucket's run of rows in
 * one tight loop. A 24 h query runs this on ~86k rows for every series.
 */
export function bucketValues(layout: BucketLayout, starts: Int32Array, coarse: CellValues, fine: Float64Array, decimals?: number): (number | null)[] {
  const { buckets, bucketOf } = layout;
  const k = coarse.lo.length;
  const min = new Float64Array(buckets).fill(Number.POSITIVE_INFINITY);
  const max = new Float64Array(buckets).fill(Number.NEGATIVE_INFINITY);
  const minAt = new Int32Array(buckets).fill(-1);
  const maxAt = new Int32Array(buckets).fill(-1);
  for (let c = 0; c < k; c++) {
    const b = bucketOf[c] as number;
    const l = coarse.lo[c] as number;
    const h = coarse.hi[c] as number;
    if (l < (min[b] as number)) {
      min[b] = l;
      minAt[b] = c;
    }
    if (h > (max[b] as number)) {
      max[b] = h;
      maxAt[b] = c;
    }
  }
  const out: (number | null)[] = [];
  for (let b = 0; b < buckets; b++) {
    let mn = min[b] as number;
    let mx = max[b] as number;
    let iMin = minAt[b] as number;
    let iMax = maxAt[b] as number;
    const end = starts[b + 1] as number;
    for (let r = starts[b] as number; r < end; r++) {
      const v = fine[r] as number;
      if (v < mn) {
        mn = v;
        iMin = k + r;
      }
      if (v > mx) {
        mx = v;
        iMax = k + r;
      }
    }
    if (iMin < 0 || iMax < 0) {
      out.push(null, null);
      continue;
    }
    // A raw sample's hiFirst is 0 (it is both its own min and max).
    const maxFirst = iMin === iMax ? iMin < k && coarse.hiFirst[iMin] === 1 : iMax < iMin;
    out.push(roundTo(maxFirst ? mx : mn, decimals), roundTo(maxFirst ? mn : mx, decimals));
  }
  return out;
}
