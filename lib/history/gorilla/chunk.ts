import { BitWriter } from './bit-writer';
import { decodeValues, encodeValues, type Order } from './value-codec';

/**
 * A sealed chunk: a run of consecutive rows in one Uint8Array, one bit stream per column so a
 * query decodes only the series it asks for. Streams: 0 = times, 1 = row flags, 2.. = values.
 *
 * Layout: `streams` little-endian u32 byte offsets (where each stream starts), then the streams,
 * each starting on a byte. One typed array per chunk rather than one per stream: a typed array
 * costs ~100 bytes of V8 object besides its bytes, which would be ~10 % of a 256-row stream.
 */

export interface RowColumns {
  readonly t: Float64Array;
  readonly flags: Uint8Array;
  readonly columns: readonly Float64Array[];
}

/** Stream index of the times, the flags and value column c. */
export const T_STREAM = 0;
export const FLAGS_STREAM = 1;
export const columnStream = (c: number): number => c + 2;

// One writer for every store: sealing is synchronous.
const writer = new BitWriter();

/** Encodes rows [start, start + n) of `rows`; `orders` per value column (times are order 2, flags order 1). */
export function sealChunk(rows: RowColumns, start: number, n: number, orders: readonly Order[]): Uint8Array {
  const streams = rows.columns.length + 2;
  writer.reset();
  // Header placeholder, filled in below once the offsets are known.
  for (let s = 0; s < streams; s++) {
    writer.write(0, 16);
    writer.write(0, 16);
  }
  const offsets = new Uint32Array(streams);
  for (let s = 0; s < streams; s++) {
    writer.align();
    offsets[s] = writer.bitLength >>> 3;
    if (s === T_STREAM) encodeValues(writer, rows.t, start, n, 2);
    else if (s === FLAGS_STREAM) encodeValues(writer, rows.flags, start, n, 1);
    else encodeValues(writer, rows.columns[s - 2] as Float64Array, start, n, orders[s - 2] as Order);
  }
  // 4 bytes of padding: the decoder reads a 32-bit window past the last value.
  writer.align();
  writer.write(0, 16);
  writer.write(0, 16);
  const bytes = writer.bytes();
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (let s = 0; s < streams; s++) view.setUint32(s * 4, offsets[s] as number, true);
  return bytes;
}

/**
 * Decodes stream `stream` of a chunk of `n` rows, writing rows [keepFrom, keepTo) to
 * out[outOffset...]. Values before keepFrom are decoded (each depends on the one before) but not stored.
 */
export function decodeStream(bytes: Uint8Array, stream: number, n: number, order: Order, out: Float64Array, outOffset: number, keepFrom = 0, keepTo = n): void {
  const at =
    ((bytes[stream * 4] as number) |
      ((bytes[stream * 4 + 1] as number) << 8) |
      ((bytes[stream * 4 + 2] as number) << 16) |
      ((bytes[stream * 4 + 3] as number) << 24)) >>>
    0;
  decodeValues(bytes, at, n, order, out, outOffset, keepFrom, keepTo);
}
