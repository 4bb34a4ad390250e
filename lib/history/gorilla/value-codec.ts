import type { BitWriter } from './bit-writer';

/**
 * One column of a chunk as a bit stream: Gorilla's idea (predict, store the small difference),
 * adapted to INFO's figures, most of which are integers (bytes, counters, ms) where XOR of
 * doubles is poor (a byte count moving by 4 KiB flips ~30 mantissa bits; its delta is 13 bits).
 *
 * Per value, a prefix code:
 *   0    the prediction, exactly (the previous value, or the previous value plus the previous
 *        step for `order` 2 columns: timestamps and counters). After a NaN it means NaN again,
 *        so a gap costs one bit per column per row.
 *   10   an integer residual from the prediction, zigzag-coded in buckets of 7/14/22/30/53 bits.
 *   110  NaN (no value: a failed poll or a field this server does not report).
 *   111  anything else (fractions, -0, huge values): the 64 bits XORed with the last value,
 *        as 6 bits of leading zeros, 6 bits of (length - 1), then the meaningful bits (63, 63 = the
 *        same bits: the last value again right after a NaN, when it is not an integer).
 * Every double round-trips bit for bit except NaN payloads (all NaN are one NaN here, as in the
 * Float64Array columns this replaces).
 */

export type Order = 1 | 2;

/** Residual buckets: unary prefix k (0..4) selects BUCKET_BITS[k] payload bits. */
const BUCKET_BITS = [7, 14, 22, 30, 53] as const;
const BUCKET_LIMIT = BUCKET_BITS.map((b) => 2 ** b);
/** Residuals at or beyond this go the XOR way: zigzag must stay exact (< 2^53). */
const MAX_RESIDUAL = 2 ** 52;
/**
 * The decoder's Number.isSafeInteger(ref + step), as a range test: while step is not 0, ref and
 * step are both integers (step is only kept between integers), so their sum is one unless it left
 * the exact range. A plain comparison instead of a call on the hot path.
 */
const MAX_SAFE = Number.MAX_SAFE_INTEGER;

const f64 = new Float64Array(1);
const u32 = new Uint32Array(f64.buffer);
/** Index of the high word of a double in u32 (little- or big-endian host). */
const HI = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1 ? 1 : 0;
const LO = 1 - HI;

/**
 * Number.isSafeInteger(v) and not -0, spelled out: Node 20's optimiser leaves isSafeInteger a
 * builtin call, which was ~10 % of decoding a column of fractions.
 */
function isInt(v: number): boolean {
  return Math.floor(v) === v && v <= MAX_SAFE && v >= -MAX_SAFE && (v !== 0 || 1 / v > 0);
}

/** Encoder/decoder state: the same updates on both sides keep their predictions identical. */
class State {
  ref = 0;
  step = 0;
  lastNaN = false;

  constructor(readonly order: Order) {}

  predict(): number {
    // step 0 returns ref itself: ref + 0 would turn -0 into 0.
    if (this.order === 1 || this.step === 0) return this.ref;
    const p = this.ref + this.step;
    // Near 2^53 the extrapolation could leave the exact integers: fall back to "unchanged".
    return Number.isSafeInteger(p) ? p : this.ref;
  }

  update(v: number): void {
    if (Number.isNaN(v)) {
      this.lastNaN = true;
      return;
    }
    const d = v - this.ref;
    this.step = isInt(v) && isInt(this.ref) && Number.isSafeInteger(d) && Math.abs(d) < MAX_RESIDUAL ? d : 0;
    this.ref = v;
    this.lastNaN = false;
  }
}

export function encodeValues(w: BitWriter, values: ArrayLike<number>, start: number, n: number, order: Order): void {
  const s = new State(order);
  for (let i = start; i < start + n; i++) {
    const v = values[i] as number;
    const pred = s.predict();
    if (s.lastNaN ? Number.isNaN(v) : Object.is(v, pred)) {
      w.write(0, 1);
    } else if (Number.isNaN(v)) {
      w.write(0b110, 3);
    } else if (isInt(v) && isInt(pred) && Math.abs(v - pred) < MAX_RESIDUAL) {
      const r = v - pred;
      const z = r >= 0 ? 2 * r : -2 * r - 1;
      let k = 0;
      while (z >= (BUCKET_LIMIT[k] as number)) k++;
      w.write(0b10, 2);
      // Unary bucket index: k ones then a zero, except the last bucket (four ones, no zero).
      if (k < 4) w.write(((1 << k) - 1) << 1, k + 1);
      else w.write(0b1111, 4);
      w.writeLong(z, BUCKET_BITS[k] as number);
    } else {
      w.write(0b111, 3);
      writeXor(w, v, s.ref);
    }
    s.update(v);
  }
}

/**
 * Decodes `n` values of the stream starting at byte `byteOffset` of `bytes`, storing those with
 * index in [keepFrom, keepTo) at out[outOffset + i - keepFrom]. The query path: one tight loop,
 * bits read inline, state in locals (the encoder's State, unrolled), one output type.
 */
export function decodeValues(
  bytes: Uint8Array,
  byteOffset: number,
  n: number,
  order: Order,
  out: Float64Array,
  outOffset: number,
  keepFrom = 0,
  keepTo = n,
): void {
  let pos = byteOffset * 8;
  // Needs the chunk's 4 bytes of padding: the window below reads 4 bytes at any value's start.
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const lastWord = bytes.byteLength - 4;
  // State.ref / step / lastNaN, plus whether ref is an integer (isInt(ref), kept, not recomputed).
  let ref = 0;
  let step = 0;
  let lastNaN = false;
  let refInt = true;
  // ref's bits (high and low words) for the XOR code, valid while refBits: a run of XOR codes
  // (fractions) then never goes through memory, whose two 32-bit stores and one 64-bit load
  // stall the CPU's store forwarding on every value.
  let refHi = 0;
  let refLo = 0;
  let refBits = false;
  const end = Math.min(n, keepTo);
  const base = outOffset - keepFrom;
  for (let i = 0; i < end; i++) {
    let v: number;
    // The next 32 bits at pos, top-aligned: at least 25 of them are real (chunks end with 4 bytes of padding).
    const w = (view.getUint32(pos >>> 3) << (pos & 7)) >>> 0;
    if (w < 0x80000000) {
      // A run of 0 codes (the prediction again, as many times as there are leading zeros, within
      // the window's real bits): the common case of an idle figure, done in one go. State: after
      // NaN nothing changes; else v - ref is `step` (order 2, while ref + step stays exact) or 0.
      let run = Math.min(Math.clz32(w), 32 - (pos & 7), end - i);
      pos += run;
      if (lastNaN || order === 1 || step === 0) {
        if (!lastNaN) step = 0;
        v = lastNaN ? Number.NaN : ref;
        for (; run > 1; run--, i++) if (i >= keepFrom) out[base + i] = v;
      } else {
        refBits = false;
        for (; run > 0; run--) {
          const p = ref + step;
          if (p <= MAX_SAFE && p >= -MAX_SAFE) ref = p;
          else step = 0;
          if (run > 1) {
            if (i >= keepFrom) out[base + i] = ref;
            i++;
          }
        }
        v = ref;
      }
    } else if (w < 0xc0000000) {
      // 10, then the bucket's unary prefix (k ones, a 0 unless k = 4), then the payload.
      let k = Math.clz32(~(w << 2));
      if (k > 4) k = 4;
      const header = 2 + k + (k < 4 ? 1 : 0);
      const width = BUCKET_BITS[k] as number;
      let r: number;
      if (header + width <= 25) {
        // Small residual (the usual case): zigzag undone in int32 arithmetic.
        const z = (w << header) >>> (32 - width);
        r = (z >>> 1) ^ -(z & 1);
      } else {
        // 22 or 30 bits in one 32-bit read past the header; 53 as 21 high bits and 32 low ones.
        const at = pos + header;
        if (width <= 30) {
          const z = peekView(view, lastWord, at) >>> (32 - width);
          r = (z >>> 1) ^ -(z & 1);
        } else {
          const z = (peekView(view, lastWord, at) >>> 11) * 4294967296 + peekView(view, lastWord, at + 21);
          r = z % 2 === 0 ? z / 2 : -(z + 1) / 2;
        }
      }
      pos += header + width;
      let pred = ref;
      if (order === 2 && step !== 0) {
        const p = ref + step;
        if (p <= MAX_SAFE && p >= -MAX_SAFE) pred = p;
      }
      v = pred + r;
      // An integer from an integer prediction (so ref was one too): the step is exact.
      const d = v - ref;
      step = Math.abs(d) < MAX_RESIDUAL ? d : 0;
      ref = v;
      refInt = true;
      refBits = false;
      lastNaN = false;
    } else if (w < 0xe0000000) {
      pos += 3;
      v = Number.NaN;
      lastNaN = true;
    } else {
      // 111: lead (6 bits), length - 1 (6 bits), the meaningful bits; read 32 bits at a time.
      // Both fields are within the window's 25 real bits.
      const lead = (w >>> 23) & 63;
      const len = ((w >>> 17) & 63) + 1;
      pos += 15;
      if (lead === 63 && len === 64) {
        v = ref;
      } else {
        if (!refBits) {
          f64[0] = ref;
          refHi = (u32[HI] as number) | 0;
          refLo = (u32[LO] as number) | 0;
        }
        // The meaningful bits (sHi:sLo) shifted up by trail, XORed into ref's bits.
        const trail = 64 - lead - len;
        let sHi = 0;
        let sLo: number;
        if (len > 32) {
          sHi = peekView(view, lastWord, pos) >>> (64 - len);
          sLo = peekView(view, lastWord, pos + len - 32);
        } else {
          sLo = peekView(view, lastWord, pos) >>> (32 - len);
        }
        pos += len;
        if (trail >= 32) {
          refHi ^= sLo << (trail - 32);
        } else if (trail > 0) {
          refHi ^= (sHi << trail) | (sLo >>> (32 - trail));
          refLo ^= sLo << trail;
        } else {
          refHi ^= sHi;
          refLo ^= sLo;
        }
        refBits = true;
        v = fromBits(refHi, refLo);
      }
      const vInt = isInt(v);
      const d = v - ref;
      step = vInt && refInt && Number.isSafeInteger(d) && Math.abs(d) < MAX_RESIDUAL ? d : 0;
      ref = v;
      refInt = vInt;
      lastNaN = false;
    }
    if (i >= keepFrom) out[base + i] = v;
  }
}

/**
 * The 32 bits at bit `pos` of the chunk, as an unsigned integer (bytes past the end read as 0).
 * A DataView read is one unaligned load where four byte reads and shifts were four loads.
 */
function peekView(view: DataView, lastWord: number, pos: number): number {
  const at = pos >>> 3;
  const s = pos & 7;
  const w = view.getUint32(at);
  if (s === 0) return w;
  const next = at < lastWord ? view.getUint8(at + 4) : 0;
  return ((w << s) | (next >>> (8 - s))) >>> 0;
}

/** 2^(e - 1075) for each biased exponent e: a normal double is (2^52 + mantissa) * POW2[e]. */
const POW2 = new Float64Array(2048);
for (let e = 0; e < 2048; e++) POW2[e] = 2 ** (e - 1075);

/**
 * The double with these bits (high word, low word), computed rather than stored and reloaded.
 * Exact: the mantissa is an integer below 2^53 and the scaling a power of two.
 */
function fromBits(hi: number, lo: number): number {
  const e = (hi >>> 20) & 0x7ff;
  const mant = (hi & 0xfffff) * 4294967296 + (lo >>> 0);
  let mag: number;
  if (e === 0) mag = mant * Number.MIN_VALUE;
  else if (e === 0x7ff) mag = mant === 0 ? Number.POSITIVE_INFINITY : Number.NaN;
  else mag = (mant + 4503599627370496) * (POW2[e] as number);
  return hi < 0 ? -mag : mag;
}

function clz64(hi: number, lo: number): number {
  return hi !== 0 ? Math.clz32(hi) : 32 + Math.clz32(lo);
}

function ctz32(x: number): number {
  return x === 0 ? 32 : 31 - Math.clz32(x & -x);
}

function writeXor(w: BitWriter, v: number, ref: number): void {
  f64[0] = ref;
  const refHi = u32[HI] as number;
  const refLo = u32[LO] as number;
  f64[0] = v;
  const hi = ((u32[HI] as number) ^ refHi) >>> 0;
  const lo = ((u32[LO] as number) ^ refLo) >>> 0;
  if (hi === 0 && lo === 0) {
    // v is ref again right after a NaN (the 0 code meant "NaN again" there): lead 63 with
    // length 64 cannot happen otherwise, so it marks "no bit differs".
    w.write(63, 6);
    w.write(63, 6);
    return;
  }
  const lead = Math.min(63, clz64(hi, lo));
  const trail = lo !== 0 ? ctz32(lo) : 32 + ctz32(hi);
  const len = 64 - lead - trail;
  w.write(lead, 6);
  w.write(len - 1, 6);
  // The meaningful bits, shifted down by `trail`.
  let sHi: number;
  let sLo: number;
  if (trail === 0) {
    sHi = hi;
    sLo = lo;
  } else if (trail >= 32) {
    sHi = 0;
    sLo = hi >>> (trail - 32);
  } else {
    sHi = hi >>> trail;
    sLo = ((lo >>> trail) | (hi << (32 - trail))) >>> 0;
  }
  if (len > 32) {
    w.writeLong(sHi, len - 32);
    w.writeLong(sLo, 32);
  } else {
    w.writeLong(sLo, len);
  }
}
