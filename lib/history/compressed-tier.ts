import { columnStream, decodeStream, FLAGS_STREAM, sealChunk, T_STREAM, type RowColumns } from './gorilla/chunk';
import type { Order } from './gorilla/value-codec';
import type { FineTier } from './fine-tier';

/**
 * The full-resolution tier, compressed: sealed chunks of `chunkRows` rows (gorilla/chunk.ts),
 * then an open tail of plain Float64 rows that new samples are appended to. Memory grows with
 * the samples held (about 10-20 bytes a row on real INFO figures instead of ~140 fixed), and
 * drops a whole chunk at a time once all its rows have been dropped.
 *
 * The open tail always keeps at least `reorderRows` rows unsealed, so a late row (the poller's
 * in-flight poll, see HistoryStore.append) is slotted in among plain rows, never into a sealed
 * chunk. Non-`precise` columns hold Math.fround(value), exactly what the Float32 columns of the
 * former fixed ring held, so every answer stays the same.
 *
 * Reads by index of a sealed row decode its whole chunk once into `decoded` (kept until another
 * chunk is read): eviction walks the oldest chunk row by row, and sampleAt / defragSamples walk
 * neighbours. copyRange, the query path, decodes straight into its output.
 */

interface Chunk {
  readonly bytes: Uint8Array;
  readonly firstAt: number;
  readonly lastAt: number;
}

/** Rough V8 cost of a chunk's object, its typed array and its ArrayBuffer besides the bytes. */
const CHUNK_OVERHEAD_BYTES = 200;

export interface CompressedTierOptions {
  capacity: number;
  /** Per value column: Float64 (true) or Float32 precision (false). */
  precise: readonly boolean[];
  /** Per value column: 2 for counters (predict the same step again), else 1. Default 1. */
  orders?: readonly Order[];
  /** The furthest back a late row may be inserted (HistoryStore's MAX_REORDER_ROWS). */
  reorderRows: number;
  /** Default 256. */
  chunkRows?: number;
  /**
   * Rows the open tail holds beyond its minimum before it seals (0 to chunkRows - 1; default 0):
   * a different lag per target moves its seals to a different second, so a fleet that started
   * together does not seal 1,000 chunks (~0.5 ms each) in the same tick every chunkRows samples.
   * Costs lag x ~190 bytes of open tail.
   */
  sealLagRows?: number;
}

export class CompressedTier implements FineTier {
  readonly capacity: number;
  private readonly precise: readonly boolean[];
  private readonly orders: readonly Order[];
  private readonly chunkRows: number;
  private readonly reorderRows: number;
  /** The open tail seals its oldest chunkRows rows once it holds this many. */
  private readonly sealAtRows: number;
  private readonly chunks: Chunk[] = [];
  /** Index in `chunks` of the oldest live chunk (dropped chunks are spliced off in batches). */
  private chunkHead = 0;
  /** Rows of the oldest live chunk already dropped. */
  private skip = 0;
  private sealedRows = 0;
  private sealedBytes = 0;
  /** The open tail: rows [openStart, openEnd) of these arrays. */
  private readonly open: RowColumns;
  private openStart = 0;
  private openEnd = 0;
  private readonly openCapacity: number;
  /** One sealed chunk decoded whole, for reads by index. */
  private decoded: { chunk: Chunk | null; rows: RowColumns } | null = null;

  constructor(options: CompressedTierOptions) {
    const { capacity, precise, reorderRows } = options;
    if (!Number.isInteger(capacity) || capacity < 2) throw new RangeError(`CompressedTier capacity must be an integer >= 2, got ${capacity}`);
    this.capacity = capacity;
    this.precise = precise;
    this.orders = options.orders ?? precise.map(() => 1);
    this.chunkRows = options.chunkRows ?? 256;
    this.reorderRows = reorderRows;
    const lag = Math.min(this.chunkRows - 1, Math.max(0, Math.floor(options.sealLagRows ?? 0)));
    this.sealAtRows = this.chunkRows + reorderRows + lag;
    this.openCapacity = this.sealAtRows + 1;
    this.open = emptyRows(this.openCapacity, precise.length);
  }

  get size(): number {
    return this.sealedRows + this.openEnd - this.openStart;
  }

  get full(): boolean {
    return this.size >= this.capacity;
  }

  /** Bytes held: sealed chunks (with their object overhead), the open tail, the decode cache. */
  byteSize(): number {
    const rowBytes = (rows: RowColumns) => rows.t.byteLength + rows.flags.byteLength + rows.columns.reduce((sum, c) => sum + c.byteLength, 0);
    const live = this.chunks.length - this.chunkHead;
    return this.sealedBytes + live * CHUNK_OVERHEAD_BYTES + rowBytes(this.open) + (this.decoded ? rowBytes(this.decoded.rows) : 0);
  }

  /** Sealed chunks held (for tests and the bench). */
  get chunkCount(): number {
    return this.chunks.length - this.chunkHead;
  }

  timeAt(i: number): number {
    if (i >= this.sealedRows) return this.open.t[this.openStart + i - this.sealedRows] as number;
    const [rows, r] = this.sealedRow(i);
    return rows.t[r] as number;
  }

  flagsAt(i: number): number {
    if (i >= this.sealedRows) return this.open.flags[this.openStart + i - this.sealedRows] as number;
    const [rows, r] = this.sealedRow(i);
    return rows.flags[r] as number;
  }

  valueAt(column: number, i: number): number {
    if (i >= this.sealedRows) return (this.open.columns[column] as Float64Array)[this.openStart + i - this.sealedRows] as number;
    const [rows, r] = this.sealedRow(i);
    return (rows.columns[column] as Float64Array)[r] as number;
  }

  insertPosition(at: number, maxShift: number): number {
    const count = this.size;
    let pos = count;
    while (pos > 0 && this.timeAt(pos - 1) > at) {
      pos--;
      if (count - pos > maxShift) return -1;
    }
    if (pos === 0 && count > 0) return -1;
    // Sealed rows are never shifted (the open tail keeps reorderRows rows, so this needs maxShift > reorderRows).
    if (pos < this.sealedRows) return -1;
    return pos;
  }

  dropOldest(): void {
    if (this.size === 0) return;
    if (this.sealedRows === 0) {
      this.openStart++;
      return;
    }
    this.sealedRows--;
    if (++this.skip < this.chunkRows) return;
    const chunk = this.chunks[this.chunkHead] as Chunk;
    this.sealedBytes -= chunk.bytes.byteLength;
    if (this.decoded?.chunk === chunk) this.decoded.chunk = null;
    this.chunks[this.chunkHead++] = undefined as unknown as Chunk;
    this.skip = 0;
    if (this.chunkHead >= 64) {
      this.chunks.splice(0, this.chunkHead);
      this.chunkHead = 0;
    }
  }

  insertAt(pos: number, at: number, flags: number, values: ArrayLike<number>): void {
    if (this.full) throw new Error('CompressedTier.insertAt on a full tier: drop the oldest row first');
    if (pos < this.sealedRows || pos > this.size) throw new RangeError(`CompressedTier.insertAt: position ${pos} is outside the open tail`);
    if (this.openEnd === this.openCapacity) this.compactOpen();
    const o = this.open;
    const p = this.openStart + pos - this.sealedRows;
    for (let s = this.openEnd; s > p; s--) {
      o.t[s] = o.t[s - 1] as number;
      o.flags[s] = o.flags[s - 1] as number;
      for (const c of o.columns) c[s] = c[s - 1] as number;
    }
    o.t[p] = at;
    o.flags[p] = flags;
    for (let c = 0; c < o.columns.length; c++) {
      const v = values[c] as number;
      (o.columns[c] as Float64Array)[p] = this.precise[c] ? v : Math.fround(v);
    }
    this.openEnd++;
    if (this.openEnd - this.openStart >= this.sealAtRows) this.sealOldestOpen();
  }

  lowerBound(time: number): number {
    return this.bound(time, false);
  }

  upperBound(time: number): number {
    return this.bound(time, true);
  }

  copyRange(column: number | 't' | 'flags', i0: number, n: number, out: Float64Array): void {
    if (n <= 0) return;
    const stream = column === 't' ? T_STREAM : column === 'flags' ? FLAGS_STREAM : columnStream(column);
    const order: Order = column === 't' ? 2 : column === 'flags' ? 1 : (this.orders[column] as Order);
    let written = 0;
    let i = i0;
    const end = i0 + n;
    while (i < end && i < this.sealedRows) {
      const abs = i + this.skip;
      const k = this.chunkHead + Math.floor(abs / this.chunkRows);
      const from = abs % this.chunkRows;
      const to = Math.min(this.chunkRows, from + (Math.min(end, this.sealedRows) - i));
      const chunk = this.chunks[k] as Chunk;
      if (this.decoded?.chunk === chunk) {
        const src = column === 't' ? this.decoded.rows.t : column === 'flags' ? this.decoded.rows.flags : (this.decoded.rows.columns[column] as Float64Array);
        for (let r = from; r < to; r++) out[written + r - from] = src[r] as number;
      } else {
        decodeStream(chunk.bytes, stream, this.chunkRows, order, out, written, from, to);
      }
      written += to - from;
      i += to - from;
    }
    if (i < end) {
      const o = this.open;
      const src = column === 't' ? o.t : column === 'flags' ? o.flags : (o.columns[column] as Float64Array);
      const s0 = this.openStart + i - this.sealedRows;
      out.set(src.subarray(s0, s0 + (end - i)), written);
    }
  }

  /** The decoded rows and row index of sealed logical row i. */
  private sealedRow(i: number): [RowColumns, number] {
    const abs = i + this.skip;
    const chunk = this.chunks[this.chunkHead + Math.floor(abs / this.chunkRows)] as Chunk;
    return [this.decode(chunk), abs % this.chunkRows];
  }

  private decode(chunk: Chunk): RowColumns {
    if (this.decoded?.chunk === chunk) return this.decoded.rows;
    this.decoded ??= { chunk: null, rows: emptyRows(this.chunkRows, this.precise.length) };
    const rows = this.decoded.rows;
    const n = this.chunkRows;
    decodeStream(chunk.bytes, T_STREAM, n, 2, rows.t, 0);
    const flags = scratch(n);
    decodeStream(chunk.bytes, FLAGS_STREAM, n, 1, flags, 0);
    rows.flags.set(flags.subarray(0, n));
    for (let c = 0; c < rows.columns.length; c++) decodeStream(chunk.bytes, columnStream(c), n, this.orders[c] as Order, rows.columns[c] as Float64Array, 0);
    this.decoded.chunk = chunk;
    return rows;
  }

  private sealOldestOpen(): void {
    const o = this.open;
    const bytes = sealChunk(o, this.openStart, this.chunkRows, this.orders);
    const firstAt = o.t[this.openStart] as number;
    const lastAt = o.t[this.openStart + this.chunkRows - 1] as number;
    this.chunks.push({ bytes, firstAt, lastAt });
    if (this.sealedRows === 0) this.skip = 0;
    this.sealedRows += this.chunkRows;
    this.sealedBytes += bytes.byteLength;
    this.openStart += this.chunkRows;
  }

  private compactOpen(): void {
    const o = this.open;
    const n = this.openEnd - this.openStart;
    o.t.copyWithin(0, this.openStart, this.openEnd);
    o.flags.copyWithin(0, this.openStart, this.openEnd);
    for (const c of o.columns) c.copyWithin(0, this.openStart, this.openEnd);
    this.openStart = 0;
    this.openEnd = n;
  }

  /** First logical row with time >= (or > when `strict`) `time`: chunks by their time span, then rows. */
  private bound(time: number, strict: boolean): number {
    const before = (t: number) => (strict ? t <= time : t < time);
    // Chunks: the first whose last row is not before `time` holds the answer (or it is past them all).
    let lo = this.chunkHead;
    let hi = this.chunks.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (before((this.chunks[mid] as Chunk).lastAt)) lo = mid + 1;
      else hi = mid;
    }
    let rowLo: number;
    let rowHi: number;
    if (lo < this.chunks.length) {
      // Inside chunk lo: logical rows of that chunk.
      const base = (lo - this.chunkHead) * this.chunkRows - this.skip;
      rowLo = Math.max(0, base);
      rowHi = Math.min(this.sealedRows, base + this.chunkRows);
    } else {
      rowLo = this.sealedRows;
      rowHi = this.size;
    }
    while (rowLo < rowHi) {
      const mid = (rowLo + rowHi) >>> 1;
      if (before(this.timeAt(mid))) rowLo = mid + 1;
      else rowHi = mid;
    }
    return rowLo;
  }
}

let scratchRows = new Float64Array(256);
/** Scratch shared by every tier (decoding is synchronous). */
function scratch(n: number): Float64Array {
  if (scratchRows.length < n) scratchRows = new Float64Array(n);
  return scratchRows;
}

function emptyRows(n: number, columns: number): RowColumns {
  return {
    t: new Float64Array(n),
    flags: new Uint8Array(n),
    columns: Array.from({ length: columns }, () => new Float64Array(n)),
  };
}
