/**
 * Byte-level encoding shared by the chunk codecs and the write-ahead rows: unsigned LEB128
 * varints (as protobuf), zigzag for signed values, little-endian float64 and bigint.
 *
 * Varints are written with arithmetic rather than bit operators because JavaScript's bit operators
 * truncate to 32 bits, and timestamps need up to 53.
 */

const TWO_POW_53 = 2n ** 53n;

/** A growable output buffer. */
export class ByteWriter {
  private buf: Buffer;
  private view: DataView;
  /** Bytes written so far. */
  length = 0;

  constructor(initialCapacity = 1024) {
    // Unpooled, so the DataView can start at offset 0 of its own ArrayBuffer.
    this.buf = Buffer.allocUnsafeSlow(initialCapacity);
    this.view = new DataView(this.buf.buffer, this.buf.byteOffset, this.buf.byteLength);
  }

  private ensure(extra: number): void {
    const need = this.length + extra;
    if (need <= this.buf.length) return;
    let cap = this.buf.length * 2;
    while (cap < need) cap *= 2;
    const next = Buffer.allocUnsafeSlow(cap);
    this.buf.copy(next, 0, 0, this.length);
    this.buf = next;
    this.view = new DataView(next.buffer, next.byteOffset, next.byteLength);
  }

  byte(b: number): void {
    this.ensure(1);
    this.buf[this.length++] = b;
  }

  /** An unsigned integer up to 2^53 - 1. */
  uvarint(n: number): void {
    this.ensure(8);
    let v = n;
    while (v >= 0x80) {
      this.buf[this.length++] = (v % 0x80) | 0x80;
      v = Math.floor(v / 0x80);
    }
    this.buf[this.length++] = v;
  }

  /** A signed safe integer, zigzag-encoded so that small negatives stay small. */
  varint(n: number): void {
    this.uvarint(n >= 0 ? n * 2 : -n * 2 - 1);
  }

  /** An unsigned bigint of any size (fast path through numbers below 2^53). */
  bigUvarint(n: bigint): void {
    if (n < TWO_POW_53) {
      this.uvarint(Number(n));
      return;
    }
    let v = n;
    while (v >= 0x80n) {
      this.byte(Number(v & 0x7fn) | 0x80);
      v >>= 7n;
    }
    this.byte(Number(v));
  }

  float64(v: number): void {
    this.ensure(8);
    this.view.setFloat64(this.length, v, true);
    this.length += 8;
  }

  bigInt64(v: bigint): void {
    this.ensure(8);
    this.view.setBigInt64(this.length, v, true);
    this.length += 8;
  }

  bytes(b: Uint8Array): void {
    this.ensure(b.length);
    this.buf.set(b, this.length);
    this.length += b.length;
  }

  /** A UTF-8 string prefixed with its byte length. */
  string(s: string): void {
    // Worst case 3 bytes per UTF-16 unit; ensure once, then write in place.
    this.ensure(s.length * 3 + 5);
    const start = this.length;
    if (s.length < 43) {
      // At most 127 bytes: reserve one length byte and fill it in, measuring the string once.
      const written = this.buf.write(s, start + 1, 'utf8');
      this.buf[start] = written;
      this.length = start + 1 + written;
      return;
    }
    const len = Buffer.byteLength(s, 'utf8');
    this.uvarint(len);
    this.ensure(len);
    this.buf.write(s, this.length, 'utf8');
    this.length += len;
  }

  /** Raw UTF-8 without a length prefix; returns the byte count. */
  rawString(s: string): number {
    this.ensure(s.length * 3);
    const written = this.buf.write(s, this.length, 'utf8');
    this.length += written;
    return written;
  }

  /** The bytes written so far (a view: copy it before writing more). */
  subarray(): Uint8Array {
    return this.buf.subarray(0, this.length);
  }

  /** A copy of the bytes written so far, as a Buffer (what better-sqlite3 binds as a BLOB). */
  toBuffer(): Buffer {
    return Buffer.from(this.buf.subarray(0, this.length));
  }

  reset(): void {
    this.length = 0;
  }
}

/** A cursor over encoded bytes. Throws a RangeError when the input is truncated. */
export class ByteReader {
  private readonly view: DataView;
  private readonly text: Buffer;
  pos: number;

  constructor(
    readonly buf: Uint8Array,
    start = 0,
    readonly end = buf.length,
  ) {
    this.view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
    this.text = Buffer.isBuffer(buf) ? buf : Buffer.from(buf.buffer, buf.byteOffset, buf.byteLength);
    this.pos = start;
  }

  get done(): boolean {
    return this.pos >= this.end;
  }

  private need(n: number): void {
    if (this.pos + n > this.end) throw new RangeError('truncated input');
  }

  byte(): number {
    this.need(1);
    return this.buf[this.pos++]!;
  }

  uvarint(): number {
    let result = 0;
    let mul = 1;
    for (;;) {
      if (this.pos >= this.end) throw new RangeError('truncated varint');
      const b = this.buf[this.pos++]!;
      result += (b & 0x7f) * mul;
      if (b < 0x80) return result;
      mul *= 0x80;
      if (mul > 2 ** 56) throw new RangeError('varint too long');
    }
  }

  varint(): number {
    const z = this.uvarint();
    return z % 2 === 0 ? z / 2 : -(z + 1) / 2;
  }

  bigUvarint(): bigint {
    const start = this.pos;
    let count = 0;
    while (this.pos < this.end && this.buf[this.pos]! >= 0x80) {
      this.pos++;
      count++;
    }
    if (this.pos >= this.end) throw new RangeError('truncated varint');
    this.pos = start;
    // Up to 7 bytes carry 49 bits: exact as a number.
    if (count < 7) return BigInt(this.uvarint());
    let result = 0n;
    let shift = 0n;
    for (;;) {
      const b = this.buf[this.pos++]!;
      result |= BigInt(b & 0x7f) << shift;
      if (b < 0x80) return result;
      shift += 7n;
    }
  }

  float64(): number {
    this.need(8);
    const v = this.view.getFloat64(this.pos, true);
    this.pos += 8;
    return v;
  }

  bigInt64(): bigint {
    this.need(8);
    const v = this.view.getBigInt64(this.pos, true);
    this.pos += 8;
    return v;
  }

  bytes(n: number): Uint8Array {
    this.need(n);
    const out = this.buf.subarray(this.pos, this.pos + n);
    this.pos += n;
    return out;
  }

  string(): string {
    const len = this.uvarint();
    this.need(len);
    const s = this.text.toString('utf8', this.pos, this.pos + len);
    this.pos += len;
    return s;
  }

  /** UTF-8 text of `len` bytes without a length prefix. */
  rawString(len: number): string {
    this.need(len);
    const s = this.text.toString('utf8', this.pos, this.pos + len);
    this.pos += len;
    return s;
  }

  skip(n: number): void {
    this.need(n);
    this.pos += n;
  }
}
