/**
 * Appends bits, most significant first, to a growing byte buffer. Used only when a chunk is
 * sealed (chunk.ts), so one scratch writer serves every store: `finish` copies the bytes out.
 */
export class BitWriter {
  private buf: Uint8Array;
  /** Bits written so far. */
  private pos = 0;

  constructor(initialBytes = 16 * 1024) {
    this.buf = new Uint8Array(initialBytes);
  }

  get bitLength(): number {
    return this.pos;
  }

  reset(): void {
    this.buf.fill(0, 0, (this.pos + 7) >>> 3);
    this.pos = 0;
  }

  /** Writes the low `n` bits of `value` (0 <= n <= 30, value an unsigned integer < 2^n). */
  write(value: number, n: number): void {
    if (n === 0) return;
    this.ensure(n);
    let left = n;
    while (left > 0) {
      const byteIndex = this.pos >>> 3;
      const free = 8 - (this.pos & 7);
      const take = left < free ? left : free;
      const bits = (value >>> (left - take)) & ((1 << take) - 1);
      this.buf[byteIndex] = (this.buf[byteIndex] as number) | (bits << (free - take));
      this.pos += take;
      left -= take;
    }
  }

  /** Writes an unsigned integer below 2^53 in `n` bits (n <= 53), as two halves. */
  writeLong(value: number, n: number): void {
    if (n <= 30) {
      this.write(value, n);
      return;
    }
    const low = n - 28 > 30 ? 28 : n - 28;
    const highBits = n - low;
    const scale = 2 ** low;
    this.write(Math.floor(value / scale), highBits);
    this.write(value % scale, low);
  }

  /** Pads to a byte boundary (a stream starts on a byte). */
  align(): void {
    this.pos = (this.pos + 7) & ~7;
    this.ensure(0);
  }

  /** The bytes written so far, copied out. */
  bytes(): Uint8Array {
    return this.buf.slice(0, (this.pos + 7) >>> 3);
  }

  private ensure(n: number): void {
    const need = ((this.pos + n + 7) >>> 3) + 1;
    if (need <= this.buf.length) return;
    const grown = new Uint8Array(Math.max(need, this.buf.length * 2));
    grown.set(this.buf);
    this.buf = grown;
  }
}
