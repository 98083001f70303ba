/**
 * Bit-level streams for the XOR chunk codec. Values go in and out 32 bits at a time because
 * JavaScript's bit operators work on 32-bit integers; 64-bit quantities travel as (hi, lo) pairs.
 */

/** Appends bits, most significant first, to a growable byte buffer. */
export class BitWriter {
  private buf: Uint8Array;
  private bytePos: number;
  /** Bits already used in `buf[bytePos]` (0..7). */
  private bitPos = 0;

  /** `headerBytes` leaves room at the front for a fixed-size header written in place later. */
  constructor(initialCapacity = 64, headerBytes = 0) {
    this.buf = new Uint8Array(Math.max(initialCapacity, headerBytes + 16));
    this.bytePos = headerBytes;
  }

  private grow(): void {
    const next = new Uint8Array(this.buf.length * 2);
    next.set(this.buf);
    this.buf = next;
  }

  bit(b: number): void {
    if (b) this.buf[this.bytePos]! |= 0x80 >>> this.bitPos;
    if (++this.bitPos === 8) {
      this.bitPos = 0;
      if (++this.bytePos === this.buf.length) this.grow();
    }
  }

  /** Writes the low `n` bits of `value` (0 <= n <= 32). */
  bits(value: number, n: number): void {
    // Bits above `n` are never read: each step masks what it takes.
    const v = value >>> 0;
    let left = n;
    while (left > 0) {
      const free = 8 - this.bitPos;
      if (left >= free) {
        const shift = left - free;
        this.buf[this.bytePos]! |= (v >>> shift) & ((1 << free) - 1);
        left = shift;
        this.bitPos = 0;
        if (++this.bytePos === this.buf.length) this.grow();
      } else {
        this.buf[this.bytePos]! |= (v & ((1 << left) - 1)) << (free - left);
        this.bitPos += left;
        left = 0;
      }
    }
  }

  /** Writes the low `n` bits (0..64) of the 64-bit value `hi:lo`. */
  bits64(hi: number, lo: number, n: number): void {
    if (n > 32) {
      this.bits(hi, n - 32);
      this.bits(lo, 32);
    } else {
      this.bits(lo, n);
    }
  }

  /** Writes a byte-wise unsigned varint (LEB128 groups) into the bit stream, for values up to 2^53. */
  uvarint(n: number): void {
    let v = n;
    while (v >= 0x80) {
      this.bits((v % 0x80) | 0x80, 8);
      v = Math.floor(v / 0x80);
    }
    this.bits(v, 8);
  }

  /** Overwrites a byte of the header area. */
  setByte(index: number, value: number): void {
    this.buf[index] = value;
  }

  /** Bytes holding every bit written so far (the last byte zero-padded); a view, copy before writing more. */
  bytes(): Uint8Array {
    return this.buf.subarray(0, this.bytePos + (this.bitPos > 0 ? 1 : 0));
  }

  /** Total bits written, header included. */
  get bitLength(): number {
    return this.bytePos * 8 + this.bitPos;
  }
}

/** Reads bits, most significant first. Throws a RangeError past the end of the input. */
export class BitReader {
  private bytePos: number;
  private bitPos = 0;

  constructor(
    private readonly buf: Uint8Array,
    start = 0,
  ) {
    this.bytePos = start;
  }

  bit(): number {
    if (this.bytePos >= this.buf.length) throw new RangeError('truncated chunk');
    const b = (this.buf[this.bytePos]! >>> (7 - this.bitPos)) & 1;
    if (++this.bitPos === 8) {
      this.bitPos = 0;
      this.bytePos++;
    }
    return b;
  }

  /** Reads `n` bits (0 <= n <= 32) as an unsigned integer. */
  bits(n: number): number {
    let out = 0;
    let left = n;
    while (left > 0) {
      if (this.bytePos >= this.buf.length) throw new RangeError('truncated chunk');
      const avail = 8 - this.bitPos;
      const cur = this.buf[this.bytePos]! & ((1 << avail) - 1);
      if (left >= avail) {
        // Multiply instead of shifting so a 32-bit result stays positive.
        out = out * (1 << avail) + cur;
        left -= avail;
        this.bitPos = 0;
        this.bytePos++;
      } else {
        out = out * (1 << left) + (cur >>> (avail - left));
        this.bitPos += left;
        left = 0;
      }
    }
    return out;
  }

  uvarint(): number {
    let result = 0;
    let mul = 1;
    for (;;) {
      const b = this.bits(8);
      result += (b & 0x7f) * mul;
      if (b < 0x80) return result;
      mul *= 0x80;
      if (mul > 2 ** 56) throw new RangeError('varint too long');
    }
  }
}
