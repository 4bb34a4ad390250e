import { FLAG_OK, FLAG_RESTART } from './fine-tier';

/**
 * The long tier: fixed-width time buckets (1 min by default) in a ring allocated once. Each
 * bucket keeps, per channel, the min and the max of the samples that fell in it and one bit
 * saying which of the two came first, so a downsampled chart can still draw a spike's rise and
 * fall in the right order. (No "last" value: nothing downstream reads it, and the order bit is
 * 1 bit instead of 4 bytes per channel.)
 *
 * Float32 for everything here, unlike the 1 s tier: these values are only ever drawn, never
 * differenced (rates arrive already computed, at full precision, as channels of their own), and
 * Float32's relative error (< 6e-8, i.e. 64 bytes per GiB) is far below a pixel. Data this old
 * cannot be checked against a live INFO anyway. It halves the tier's memory.
 *
 * Samples are fed in time order (the history store feeds the rows it evicts from the 1 s tier).
 * The bucket being filled ("open") is kept apart at Float64 and reported by `collect` as well.
 */

/** Bit set: at most 32 channels per bucket fit the order word. */
const MAX_CHANNELS = 32;

export interface CoarseCells {
  readonly count: number;
  readonly t0: Float64Array;
  readonly t1: Float64Array;
  readonly flags: Uint8Array;
  /** Per channel: min, max and "max came first" per cell (NaN = no value in that bucket). */
  channel(ch: number): { lo: Float64Array; hi: Float64Array; hiFirst: Uint8Array };
}

export class CoarseTier {
  private readonly start: Float64Array;
  private readonly bucketFlags: Uint8Array;
  private readonly order: Uint32Array;
  /** Channel-major: channel ch of slot s at ch * capacity + s. */
  private readonly min: Float32Array;
  private readonly max: Float32Array;
  private head = 0;
  private count = 0;
  /** First sample ever added: the oldest bucket's start would otherwise claim up to a minute before it. */
  private firstAt = Number.NaN;

  private openStart = Number.NaN;
  private openFirstAt = Number.NaN;
  private openLastAt = Number.NaN;
  private openFlags = 0;
  private openSamples = 0;
  private readonly openMin: Float64Array;
  private readonly openMax: Float64Array;
  /** Sample number (within the open bucket) where each channel's min / max was set. */
  private readonly openMinSeq: Int32Array;
  private readonly openMaxSeq: Int32Array;

  constructor(
    readonly bucketMs: number,
    readonly capacity: number,
    readonly channels: number,
  ) {
    if (!(bucketMs > 0)) throw new RangeError(`CoarseTier bucketMs must be > 0, got ${bucketMs}`);
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError(`CoarseTier capacity must be an integer >= 1, got ${capacity}`);
    if (channels > MAX_CHANNELS) throw new RangeError(`CoarseTier holds at most ${MAX_CHANNELS} channels, got ${channels}`);
    this.start = new Float64Array(capacity);
    this.bucketFlags = new Uint8Array(capacity);
    this.order = new Uint32Array(capacity);
    this.min = new Float32Array(capacity * channels);
    this.max = new Float32Array(capacity * channels);
    this.openMin = new Float64Array(channels);
    this.openMax = new Float64Array(channels);
    this.openMinSeq = new Int32Array(channels);
    this.openMaxSeq = new Int32Array(channels);
  }

  byteSize(): number {
    return [this.start, this.bucketFlags, this.order, this.min, this.max, this.openMin, this.openMax, this.openMinSeq, this.openMaxSeq].reduce(
      (sum, a) => sum + a.byteLength,
      0,
    );
  }

  /** Closed buckets held (the open one not counted). */
  get size(): number {
    return this.count;
  }

  /** Time of the oldest sample held, or null when empty. */
  get oldestAt(): number | null {
    if (this.count > 0) return Math.max(this.start[this.head] as number, this.firstAt);
    return this.openSamples > 0 ? this.openFirstAt : null;
  }

  /** Adds one sample (`values` per channel, NaN = none). Must come in time order. */
  add(at: number, flags: number, values: ArrayLike<number>): void {
    const bucket = Math.floor(at / this.bucketMs) * this.bucketMs;
    if (Number.isNaN(this.firstAt)) this.firstAt = at;
    if (this.openSamples > 0 && bucket !== this.openStart) this.close();
    if (this.openSamples === 0) {
      this.openStart = bucket;
      this.openFirstAt = at;
      this.openFlags = 0;
      this.openMin.fill(Number.NaN);
      this.openMax.fill(Number.NaN);
    }
    const seq = this.openSamples++;
    this.openLastAt = at;
    this.openFlags |= flags & (FLAG_OK | FLAG_RESTART);
    for (let ch = 0; ch < this.channels; ch++) {
      const v = values[ch] as number;
      if (Number.isNaN(v)) continue;
      // `!(v >= min)` is also true while min is still NaN: the first value sets both.
      if (!(v >= (this.openMin[ch] as number))) {
        this.openMin[ch] = v;
        this.openMinSeq[ch] = seq;
      }
      if (!(v <= (this.openMax[ch] as number))) {
        this.openMax[ch] = v;
        this.openMaxSeq[ch] = seq;
      }
    }
  }

  /**
   * Buckets overlapping [from, to] (the open one included), oldest first, as downsampler cells.
   * A bucket straddling `from` or `to` is included whole (its rows clamped into the range): at
   * this tier's resolution that is the honest answer, and a narrow query still finds its minute.
   */
  collect(from: number, to: number): CoarseCells {
    const first = this.firstEndingAfter(from);
    let last = first;
    while (last < this.count && (this.start[this.slot(last)] as number) <= to) last++;
    const withOpen = this.openSamples > 0 && this.openLastAt >= from && this.openFirstAt <= to;
    const n = last - first + (withOpen ? 1 : 0);
    const t0 = new Float64Array(n);
    const t1 = new Float64Array(n);
    const flags = new Uint8Array(n);
    const clamp = (t: number) => Math.min(to, Math.max(from, t));
    for (let i = 0; i < last - first; i++) {
      const s = this.slot(first + i);
      const start = this.start[s] as number;
      // Two rows per bucket (its min and max), at its start and its middle, kept inside [from, to].
      t0[i] = clamp(start);
      t1[i] = clamp(start + this.bucketMs / 2);
      flags[i] = this.bucketFlags[s] as number;
    }
    if (withOpen) {
      // The open bucket may share its minute with the 1 s tier's oldest rows: use its own first
      // and last sample times so its rows stay before theirs.
      t0[n - 1] = clamp(this.openFirstAt);
      t1[n - 1] = clamp(this.openLastAt);
      flags[n - 1] = this.openFlags;
    }
    const channel = (ch: number) => {
      const lo = new Float64Array(n);
      const hi = new Float64Array(n);
      const hiFirst = new Uint8Array(n);
      const base = ch * this.capacity;
      const bit = 1 << ch;
      for (let i = 0; i < last - first; i++) {
        const s = this.slot(first + i);
        lo[i] = this.min[base + s] as number;
        hi[i] = this.max[base + s] as number;
        hiFirst[i] = ((this.order[s] as number) & bit) !== 0 ? 1 : 0;
      }
      if (withOpen) {
        lo[n - 1] = this.openMin[ch] as number;
        hi[n - 1] = this.openMax[ch] as number;
        hiFirst[n - 1] = (this.openMaxSeq[ch] as number) < (this.openMinSeq[ch] as number) ? 1 : 0;
      }
      return { lo, hi, hiFirst };
    };
    return { count: n, t0, t1, flags, channel };
  }

  /** Start times of the buckets (the open one included) that hold a restart, overlapping [from, to]: minute resolution. */
  restartsBetween(from: number, to: number): number[] {
    const out: number[] = [];
    for (let i = this.firstEndingAfter(from); i < this.count; i++) {
      const s = this.slot(i);
      const start = this.start[s] as number;
      if (start > to) break;
      if ((this.bucketFlags[s] as number) & FLAG_RESTART) out.push(start);
    }
    if (this.openSamples > 0 && this.openFlags & FLAG_RESTART && this.openLastAt >= from && this.openStart <= to) out.push(this.openStart);
    return out;
  }

  private close(): void {
    // Full: the oldest bucket gives its slot to the newest.
    const s = this.count < this.capacity ? this.slot(this.count) : this.head;
    if (this.count < this.capacity) this.count++;
    else this.head = this.slot(1);
    this.start[s] = this.openStart;
    this.bucketFlags[s] = this.openFlags;
    let order = 0;
    for (let ch = 0; ch < this.channels; ch++) {
      this.min[ch * this.capacity + s] = this.openMin[ch] as number;
      this.max[ch * this.capacity + s] = this.openMax[ch] as number;
      if ((this.openMaxSeq[ch] as number) < (this.openMinSeq[ch] as number)) order |= 1 << ch;
    }
    this.order[s] = order >>> 0;
    this.openSamples = 0;
  }

  private slot(i: number): number {
    const s = this.head + i;
    return s >= this.capacity ? s - this.capacity : s;
  }

  /** First logical bucket whose end is after `from` (binary search: starts ascend). */
  private firstEndingAfter(from: number): number {
    let lo = 0;
    let hi = this.count;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((this.start[this.slot(mid)] as number) + this.bucketMs <= from) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}
