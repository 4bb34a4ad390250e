import type { FineTier } from './fine-tier';

/**
 * The former full-resolution tier, kept as the reference the compressed tier is checked against
 * (history-equivalence.test.ts) and timed beside (scripts/bench/history-store.ts): a ring of rows
 * stored column by column in typed arrays, allocated once at construction. One row per sample: time (Float64), flags (one byte), one value per
 * series (Float64 or Float32 per column, NaN = no value).
 *
 * Rows are kept in time order. Samples normally arrive in order, but the poller can publish a
 * "stalled" gap row while a slow poll is still in flight and then that poll's sample, stamped
 * with its earlier start time: `insert` slots such a late row into place among the newest rows
 * (a bounded shift) instead of breaking the time order that every query relies on.
 */

export type Column = Float64Array | Float32Array;

export class FineRing implements FineTier {
  readonly t: Float64Array;
  readonly flags: Uint8Array;
  readonly columns: readonly Column[];
  /** Physical index of the oldest row. */
  private head = 0;
  private count = 0;

  constructor(
    readonly capacity: number,
    precise: readonly boolean[],
  ) {
    if (!Number.isInteger(capacity) || capacity < 2) throw new RangeError(`FineRing capacity must be an integer >= 2, got ${capacity}`);
    this.t = new Float64Array(capacity);
    this.flags = new Uint8Array(capacity);
    this.columns = precise.map((p) => (p ? new Float64Array(capacity) : new Float32Array(capacity)));
  }

  get size(): number {
    return this.count;
  }

  get full(): boolean {
    return this.count === this.capacity;
  }

  byteSize(): number {
    return this.t.byteLength + this.flags.byteLength + this.columns.reduce((sum, c) => sum + c.byteLength, 0);
  }

  /** Physical slot of logical row i (0 = oldest). */
  slot(i: number): number {
    const s = this.head + i;
    return s >= this.capacity ? s - this.capacity : s;
  }

  timeAt(i: number): number {
    return this.t[this.slot(i)] as number;
  }

  flagsAt(i: number): number {
    return this.flags[this.slot(i)] as number;
  }

  valueAt(column: number, i: number): number {
    return (this.columns[column] as Column)[this.slot(i)] as number;
  }

  /**
   * Where a row stamped `at` goes (logical index), or -1 when it cannot be placed: older than
   * the oldest row held, or more than `maxShift` rows back (far too late to be the poller's
   * in-flight poll: something else is wrong, and shifting further would cost too much).
   */
  insertPosition(at: number, maxShift: number): number {
    let pos = this.count;
    // After equal times, so rows with the same stamp keep their arrival order.
    while (pos > 0 && this.timeAt(pos - 1) > at) {
      pos--;
      if (this.count - pos > maxShift) return -1;
    }
    if (pos === 0 && this.count > 0) return -1;
    return pos;
  }

  /** Drops the oldest row; the caller reads it first (timeAt(0), valueAt(c, 0), flagsAt(0)). */
  dropOldest(): void {
    if (this.count === 0) return;
    this.head = this.slot(1);
    this.count--;
  }

  /** Writes a row at logical position `pos` (from insertPosition), shifting newer rows up. The ring must not be full. */
  insertAt(pos: number, at: number, flags: number, values: ArrayLike<number>): void {
    if (this.full) throw new Error('FineRing.insertAt on a full ring: drop the oldest row first');
    for (let i = this.count; i > pos; i--) this.copyRow(this.slot(i - 1), this.slot(i));
    const s = this.slot(pos);
    this.t[s] = at;
    this.flags[s] = flags;
    for (let c = 0; c < this.columns.length; c++) (this.columns[c] as Column)[s] = values[c] as number;
    this.count++;
  }

  /** First logical row with time >= `time` (binary search: rows are in time order). */
  lowerBound(time: number): number {
    let lo = 0;
    let hi = this.count;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.timeAt(mid) < time) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** First logical row with time > `time`. */
  upperBound(time: number): number {
    let lo = 0;
    let hi = this.count;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.timeAt(mid) <= time) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Copies logical rows [i0, i0 + n) of a column (or of the times, column = 't') into `out` from 0. */
  copyRange(column: number | 't' | 'flags', i0: number, n: number, out: Float64Array): void {
    const src = column === 't' ? this.t : column === 'flags' ? this.flags : (this.columns[column] as Column);
    const s0 = this.slot(i0);
    const first = Math.min(n, this.capacity - s0);
    // At most two contiguous runs: up to the end of the buffer, then from its start.
    out.set(src.subarray(s0, s0 + first), 0);
    if (n > first) out.set(src.subarray(0, n - first), first);
  }

  private copyRow(from: number, to: number): void {
    this.t[to] = this.t[from] as number;
    this.flags[to] = this.flags[from] as number;
    for (const c of this.columns) c[to] = c[from] as number;
  }
}
