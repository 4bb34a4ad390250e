/** Reads what BitWriter wrote, from a bit offset in a byte buffer. */
export class BitReader {
  private buf: Uint8Array = new Uint8Array(0);
  private pos = 0;

  /** Points the reader at `buf`, starting at byte `byteOffset`. Reused, so decoding allocates nothing. */
  reset(buf: Uint8Array, byteOffset: number): this {
    this.buf = buf;
    this.pos = byteOffset * 8;
    return this;
  }

  bit(): number {
    const p = this.pos++;
    return ((this.buf[p >>> 3] as number) >>> (7 - (p & 7))) & 1;
  }

  /** Counts 1 bits up to the first 0 (consumed) or `max` ones: the unary prefix of a bucket code. */
  ones(max: number): number {
    let k = 0;
    while (k < max && this.bit() === 1) k++;
    return k;
  }

  /** `n` bits (n <= 30) as an unsigned integer. */
  read(n: number): number {
    let out = 0;
    let left = n;
    while (left > 0) {
      const byte = this.buf[this.pos >>> 3] as number;
      const avail = 8 - (this.pos & 7);
      const take = left < avail ? left : avail;
      out = (out << take) | ((byte >>> (avail - take)) & ((1 << take) - 1));
      this.pos += take;
      left -= take;
    }
    return out >>> 0;
  }

  /** Inverse of BitWriter.writeLong. */
  readLong(n: number): number {
    if (n <= 30) return this.read(n);
    const low = n - 28 > 30 ? 28 : n - 28;
    const high = this.read(n - low);
    return high * 2 ** low + this.read(low);
  }
}
