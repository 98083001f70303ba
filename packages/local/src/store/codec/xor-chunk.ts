import { BitReader, BitWriter } from './bits.js';

/**
 * Gorilla-style chunks of (timestamp, float64) samples, the encoding of Prometheus' TSDB
 * (`tsdb/chunkenc/xor.go`, after Pelkonen et al., "Gorilla: A Fast, Scalable, In-Memory Time Series
 * Database", VLDB 2015).
 *
 * Layout: a 2-byte big-endian sample count, then a bit stream. The first sample is a zigzag
 * varint timestamp and 64 raw value bits; the second a varint delta and an XOR value; every later
 * sample a delta-of-delta in one of five buckets (`0`, `10`+7 bits, `110`+14, `1110`+20,
 * `1111`+64) and an XOR value: `0` when equal to the previous value, `10` + the meaningful bits
 * when they fit the previous leading/trailing-zero window, else `11` + 5 bits of leading zeros + 6
 * bits of length + the bits. Values are compared as bit patterns, so every NaN payload (the
 * staleness marker included) round-trips exactly.
 *
 * The first bucket is the Gorilla paper's 7 bits rather than Prometheus' 14: scrape timestamps
 * that arrive a few milliseconds late are the commonest non-zero delta-of-delta, and each costs a
 * pair of them (late, then back on time), so 9 bits instead of 16 each saves about a third of a
 * byte per sample when one scrape in ten is late. The wider buckets are Prometheus'.
 *
 * Timestamps are milliseconds in (-2^50, 2^50): then every delta-of-delta is an exact double.
 */

/** Largest absolute timestamp (ms) a chunk can hold; ±35,700 years around 1970. */
export const MAX_CHUNK_TIMESTAMP_MS = 2 ** 50 - 1;
/** Samples a chunk can count in its 2-byte header. */
export const MAX_CHUNK_SAMPLES = 0xffff;

const HEADER_BYTES = 2;
const f64 = new Float64Array(1);
const u32 = new Uint32Array(f64.buffer);
// Uint32Array views are host-endian; every platform Node runs on is little-endian.
const LO = 0;
const HI = 1;

function clz64(hi: number, lo: number): number {
  return hi !== 0 ? Math.clz32(hi) : 32 + Math.clz32(lo);
}

function ctz32(x: number): number {
  return x === 0 ? 32 : 31 - Math.clz32(x & -x);
}

function ctz64(hi: number, lo: number): number {
  return lo !== 0 ? ctz32(lo) : 32 + ctz32(hi);
}

/** Encodes samples one at a time, in strictly increasing time order; the bytes are readable at any point. */
export class XorAppender {
  private readonly w: BitWriter;
  private n = 0;
  private t = 0;
  private delta = 0;
  private vHi = 0;
  private vLo = 0;
  private leading = 0xff;
  private trailing = 0;

  constructor(initialCapacity = 64) {
    this.w = new BitWriter(initialCapacity, HEADER_BYTES);
  }

  get count(): number {
    return this.n;
  }

  /** Timestamp of the last sample appended. */
  get lastT(): number {
    return this.t;
  }

  /** Appends one sample; `t` must be greater than the previous one. */
  append(t: number, v: number): void {
    f64[0] = v;
    const hi = u32[HI]!;
    const lo = u32[LO]!;
    const w = this.w;
    if (this.n === 0) {
      w.uvarint(t >= 0 ? t * 2 : -t * 2 - 1);
      w.bits(hi, 32);
      w.bits(lo, 32);
    } else if (this.n === 1) {
      this.delta = t - this.t;
      w.uvarint(this.delta);
      this.writeValue(hi, lo);
    } else {
      const delta = t - this.t;
      const dod = delta - this.delta;
      this.delta = delta;
      if (dod === 0) w.bit(0);
      else if (dod >= -63 && dod <= 64) {
        w.bits(0b10, 2);
        w.bits(dod & 0x7f, 7);
      } else if (dod >= -8191 && dod <= 8192) {
        w.bits(0b110, 3);
        w.bits(dod & 0x3fff, 14);
      } else if (dod >= -524287 && dod <= 524288) {
        w.bits(0b1110, 4);
        w.bits(dod & 0xfffff, 20);
      } else {
        w.bits(0b1111, 4);
        // Two's complement over 64 bits; exact because |dod| < 2^52.
        const dhi = Math.floor(dod / 4294967296);
        w.bits(dhi >>> 0, 32);
        w.bits((dod - dhi * 4294967296) >>> 0, 32);
      }
      this.writeValue(hi, lo);
    }
    this.t = t;
    this.vHi = hi;
    this.vLo = lo;
    this.n++;
  }

  private writeValue(hi: number, lo: number): void {
    const w = this.w;
    const xHi = (hi ^ this.vHi) >>> 0;
    const xLo = (lo ^ this.vLo) >>> 0;
    if (xHi === 0 && xLo === 0) {
      w.bit(0);
      return;
    }
    w.bit(1);
    let leading = clz64(xHi, xLo);
    const trailing = ctz64(xHi, xLo);
    // The leading count has 5 bits in the stream.
    if (leading >= 32) leading = 31;
    if (this.leading !== 0xff && leading >= this.leading && trailing >= this.trailing) {
      w.bit(0);
      this.writeMeaningful(xHi, xLo, this.trailing, 64 - this.leading - this.trailing);
      return;
    }
    this.leading = leading;
    this.trailing = trailing;
    const sig = 64 - leading - trailing;
    w.bit(1);
    w.bits(leading, 5);
    // 64 meaningful bits are written as 0: 0 itself never occurs because xor != 0.
    w.bits(sig & 0x3f, 6);
    this.writeMeaningful(xHi, xLo, trailing, sig);
  }

  private writeMeaningful(xHi: number, xLo: number, trailing: number, sig: number): void {
    let hi = xHi;
    let lo = xLo;
    if (trailing >= 32) {
      lo = hi >>> (trailing - 32);
      hi = 0;
    } else if (trailing > 0) {
      lo = ((lo >>> trailing) | (hi << (32 - trailing))) >>> 0;
      hi = hi >>> trailing;
    }
    this.w.bits64(hi, lo, sig);
  }

  /** The encoded chunk so far (a fresh copy). */
  bytes(): Uint8Array {
    this.w.setByte(0, (this.n >>> 8) & 0xff);
    this.w.setByte(1, this.n & 0xff);
    return this.w.bytes().slice();
  }

  /** Encoded size in bytes. */
  get byteLength(): number {
    return Math.ceil(this.w.bitLength / 8);
  }
}

/** Number of samples in an encoded chunk, from its header. */
export function xorChunkCount(chunk: Uint8Array): number {
  if (chunk.length < HEADER_BYTES) throw new RangeError('truncated chunk header');
  return (chunk[0]! << 8) | chunk[1]!;
}

/**
 * Decodes a chunk, calling `each(t, v)` per sample in order, with the exact value bits. Decoding
 * stops early when `each` returns false.
 */
export function decodeXorChunk(chunk: Uint8Array, each: (t: number, v: number) => boolean | void): void {
  const n = xorChunkCount(chunk);
  if (n === 0) return;
  const r = new BitReader(chunk, HEADER_BYTES);
  const z = r.uvarint();
  let t = z % 2 === 0 ? z / 2 : -(z + 1) / 2;
  let hi = r.bits(32);
  let lo = r.bits(32);
  u32[HI] = hi;
  u32[LO] = lo;
  if (each(t, f64[0]!) === false) return;
  let delta = 0;
  let leading = 0;
  let trailing = 0;
  for (let i = 1; i < n; i++) {
    if (i === 1) {
      delta = r.uvarint();
    } else {
      let dod: number;
      if (r.bit() === 0) dod = 0;
      else if (r.bit() === 0) dod = signed(r.bits(7), 7);
      else if (r.bit() === 0) dod = signed(r.bits(14), 14);
      else if (r.bit() === 0) dod = signed(r.bits(20), 20);
      else {
        const dhi = r.bits(32) | 0;
        dod = dhi * 4294967296 + r.bits(32);
      }
      delta += dod;
    }
    t += delta;
    if (r.bit() === 1) {
      if (r.bit() === 1) {
        leading = r.bits(5);
        const sig = r.bits(6) || 64;
        trailing = 64 - leading - sig;
      }
      const sig = 64 - leading - trailing;
      let xHi = 0;
      let xLo = 0;
      if (sig > 32) {
        xHi = r.bits(sig - 32);
        xLo = r.bits(32);
      } else {
        xLo = r.bits(sig);
      }
      // Shift the meaningful bits back into place.
      if (trailing >= 32) {
        xHi = (xLo << (trailing - 32)) >>> 0;
        xLo = 0;
      } else if (trailing > 0) {
        xHi = ((xHi << trailing) | (xLo >>> (32 - trailing))) >>> 0;
        xLo = (xLo << trailing) >>> 0;
      }
      hi = (hi ^ xHi) >>> 0;
      lo = (lo ^ xLo) >>> 0;
    }
    u32[HI] = hi;
    u32[LO] = lo;
    if (each(t, f64[0]!) === false) return;
  }
}

/** Bucket values are two's complement in `bits` bits, with the asymmetric range of Prometheus. */
function signed(value: number, bits: number): number {
  return value > 2 ** (bits - 1) ? value - 2 ** bits : value;
}

/** Encodes sorted, de-duplicated samples into one chunk. */
export function encodeXorChunk(timestamps: ArrayLike<number>, values: Float64Array, from = 0, to = timestamps.length): Uint8Array {
  const a = new XorAppender(Math.max(64, (to - from) * 2));
  for (let i = from; i < to; i++) a.append(timestamps[i]!, values[i]!);
  return a.bytes();
}
