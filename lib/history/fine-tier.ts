/**
 * What the history store needs from its full-resolution tier: rows in time order, read by
 * logical index (0 = oldest), a late row slotted in near the newest end, the oldest dropped.
 * Implemented by CompressedTier (runtime) and by the former fixed ring, FineRing
 * (fine-ring.ts), kept as the reference the equivalence test compares against.
 */

export const FLAG_OK = 1;
/** This row is the first good sample of a new server process (run_id changed). */
export const FLAG_RESTART = 2;
/** This row followed an idle poll interval (FRAGSCOPE_IDLE_POLL_MS): its spacing is not a gap. */
export const FLAG_IDLE = 4;

export interface FineTier {
  /** Rows it holds at most. */
  readonly capacity: number;
  readonly size: number;
  readonly full: boolean;
  /** Bytes held now. */
  byteSize(): number;
  timeAt(i: number): number;
  flagsAt(i: number): number;
  valueAt(column: number, i: number): number;
  /** Where a row stamped `at` goes, or -1 (older than all rows, or more than `maxShift` rows back). */
  insertPosition(at: number, maxShift: number): number;
  dropOldest(): void;
  insertAt(pos: number, at: number, flags: number, values: ArrayLike<number>): void;
  lowerBound(time: number): number;
  upperBound(time: number): number;
  /**
   * Copies logical rows [i0, i0 + n) of a column (or the times, or the flags, as numbers) into
   * `out` from 0. One output type: the query's hot loops stay monomorphic.
   */
  copyRange(column: number | 't' | 'flags', i0: number, n: number, out: Float64Array): void;
}
