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
  const bucketAt = bucketRule(from, to, buckets);
  const bucketOf = new Int32Array(cells.count);
  for (let c = 0; c < cells.count; c++) bucketOf[c] = bucketAt(cells.t0[c] as number);
  return { kind: 'buckets', t: bucketTimes(from, to, buckets), buckets, bucketOf };
}

/** The bucket of a time: `to` itself belongs to the last bucket; from == to puts everything in bucket 0. */
function bucketRule(from: number, to: number, buckets: number): (time: number) => number {
  const width = (to - from) / buckets;
  return (time) => Math.min(buckets - 1, Math.max(0, width > 0 ? Math.floor((time - from) / width) : 0));
}

/** The `t` column of a bucket layout: each bucket's start and middle. */
function bucketTimes(from: number, to: number, buckets: number): number[] {
  const width = (to - from) / buckets;
  const t: number[] = [];
  for (let b = 0; b < buckets; b++) {
    const start = from + b * width;
    t.push(Math.round(start), Math.round(start + width / 2));
  }
  return t;
}

/** A bucket layout over coarse cells followed by raw samples, kept apart (planSplitBuckets). */
export interface SplitBuckets {
  readonly t: number[];
  readonly buckets: number;
  readonly coarseBucketOf: Int32Array;
  /** fineStarts[b]..fineStarts[b + 1]: bucket b's raw samples, as indices into fineT. */
  readonly fineStarts: Int32Array;
}

/**
 * planLayout's bucket layout for `coarse` cells followed by raw samples at times `fineT`, planned
 * without concatenating them: per coarse cell its bucket, per bucket its first raw sample. Null
 * when every row fits (the caller then lays the concatenated cells out with planLayout).
 */
export function planSplitBuckets(coarse: Cells, fineT: Float64Array, from: number, to: number, points: number): SplitBuckets | null {
  if (rowCount(coarse) + fineT.length <= points) return null;
  const buckets = Math.floor(points / 2);
  const bucketAt = bucketRule(from, to, buckets);
  const coarseBucketOf = new Int32Array(coarse.count);
  for (let c = 0; c < coarse.count; c++) coarseBucketOf[c] = bucketAt(coarse.t0[c] as number);
  // Same rule as planLayout's, so the same buckets; a sample's bucket only grows with its time
  // (the arithmetic is monotone), so each bucket's first sample is a binary search away instead
  // of a division for every one of a 24 h query's ~86k samples.
  const fineStarts = new Int32Array(buckets + 1);
  let r = 0;
  for (let b = 0; b < buckets; b++) {
    let hi = fineT.length;
    while (r < hi) {
      const mid = (r + hi) >>> 1;
      if (bucketAt(fineT[mid] as number) < b) r = mid + 1;
      else hi = mid;
    }
    fineStarts[b] = r;
  }
  fineStarts[buckets] = fineT.length;
  return { t: bucketTimes(from, to, buckets), buckets, coarseBucketOf, fineStarts };
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
  const { buckets } = layout;
  const { min, max, minAt, maxAt } = cellExtremes(layout.bucketOf, cells.count, values, buckets);
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

/**
 * Per bucket, the min and max of cells [0, count) and the cell index where each was first seen
 * (to emit them in time order); -1 where a bucket got no value (NaN compares false).
 */
function cellExtremes(bucketOf: Int32Array, count: number, values: CellValues, buckets: number) {
  const { lo, hi } = values;
  const min = new Float64Array(buckets).fill(Number.POSITIVE_INFINITY);
  const max = new Float64Array(buckets).fill(Number.NEGATIVE_INFINITY);
  const minAt = new Int32Array(buckets).fill(-1);
  const maxAt = new Int32Array(buckets).fill(-1);
  for (let c = 0; c < count; c++) {
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
  return { min, max, minAt, maxAt };
}

/**
 * layoutValues for split buckets (planSplitBuckets): `coarse` min/max cells followed by raw
 * samples `fine` (lo = hi = value), without copying the samples into cell arrays first: the
 * same answer (same min, max, first occurrence and order), walking each bucket's run of samples
 * in one tight loop. A 24 h query runs this on ~86k samples for every series.
 */
export function bucketValues(layout: SplitBuckets, coarse: CellValues, fine: Float64Array, decimals?: number): (number | null)[] {
  const { buckets, fineStarts } = layout;
  const k = coarse.lo.length;
  const { min, max, minAt, maxAt } = cellExtremes(layout.coarseBucketOf, k, coarse, buckets);
  const out: (number | null)[] = [];
  for (let b = 0; b < buckets; b++) {
    let mn = min[b] as number;
    let mx = max[b] as number;
    let iMin = minAt[b] as number;
    let iMax = maxAt[b] as number;
    const end = fineStarts[b + 1] as number;
    for (let r = fineStarts[b] as number; r < end; r++) {
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
