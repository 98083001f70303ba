import { xorChunkCount } from './xor-chunk.js';

/**
 * The read path's decoder of XOR chunks (`xor-chunk.ts` holds the format): the samples of a
 * chunk within [mint, maxt], appended to a caller-owned {@link SampleBuffer} without a callback
 * per sample. Bits are read 32 at a time from a zero-padded copy of the chunk with the position in
 * a local variable, and a bucket code is classified from one peek (`Math.clz32` of its inverted
 * prefix), instead of a method call and a bounds check per bit: over a 5-minute instant query of
 * 1,000 series, most of the time went to decoding the samples before mint. On bench/promql's
 * chunks (XOR-mode floats) that is ~20 ns per sample against ~90 for `decodeXorChunk`.
 *
 * Values are written as their two 32-bit halves into a Uint32Array view of the value array, so
 * every NaN payload (the staleness marker included) arrives bit for bit.
 */

const HEADER_BITS = 16;
/** Bit 15 of the header. */
const INTEGER_MODE = 0x8000;
const TWO_POW_32 = 4294967296;

/** Samples in arrival order, in growable typed arrays reused from one series to the next. */
export class SampleBuffer {
  t: Float64Array;
  v: Float64Array;
  /** The value array as 32-bit halves, little-endian: [2i] low word, [2i + 1] high word. */
  vBits: Uint32Array;
  length = 0;
  /** True while every appended timestamp is greater than the previous one. */
  ascending = true;

  constructor(capacity = 1024) {
    this.t = new Float64Array(capacity);
    this.v = new Float64Array(capacity);
    this.vBits = new Uint32Array(this.v.buffer);
  }

  /** Makes room for `n` more samples. */
  reserve(n: number): void {
    const need = this.length + n;
    if (need <= this.t.length) return;
    let cap = this.t.length * 2;
    while (cap < need) cap *= 2;
    const t = new Float64Array(cap);
    t.set(this.t.subarray(0, this.length));
    const v = new Float64Array(cap);
    v.set(this.v.subarray(0, this.length));
    this.t = t;
    this.v = v;
    this.vBits = new Uint32Array(v.buffer);
  }

  /** Appends one sample (after `reserve`). */
  push(t: number, v: number): void {
    this.reserve(1);
    const i = this.length;
    if (i > 0 && t <= this.t[i - 1]!) this.ascending = false;
    this.t[i] = t;
    this.v[i] = v;
    this.length = i + 1;
  }

  clear(): void {
    this.length = 0;
    this.ascending = true;
  }
}

/** The chunk being decoded, zero-padded: a read past its end sees zeros, and the bit count catches it. */
let padded = new Uint8Array(2048);
let view = new DataView(padded.buffer);

function load(chunk: Uint8Array): DataView {
  if (padded.length < chunk.length + 12) {
    padded = new Uint8Array(Math.max(chunk.length + 12, padded.length * 2));
    view = new DataView(padded.buffer);
  }
  padded.set(chunk);
  padded.fill(0, chunk.length, chunk.length + 12);
  return view;
}

/** The 32 bits starting at bit `pos`, as an int32 (the first bit is the sign), from two aligned big-endian words. */
function peek(w: DataView, pos: number): number {
  const s = pos & 31;
  const i = (pos >>> 5) << 2;
  const hi = w.getInt32(i);
  return s === 0 ? hi : (hi << s) | (w.getInt32(i + 4) >>> (32 - s));
}

function truncated(): never {
  throw new RangeError('truncated chunk');
}

/**
 * Appends the samples of `chunk` with mint <= t <= maxt to `out`, in chunk order, and stops at the
 * first sample after maxt. Throws a RangeError on a truncated chunk, as `decodeXorChunk` does.
 */
export function decodeXorChunkRange(chunk: Uint8Array, mint: number, maxt: number, out: SampleBuffer): void {
  const n = xorChunkCount(chunk);
  if (n === 0) return;
  const integer = (chunk[0]! & (INTEGER_MODE >>> 8)) !== 0;
  const end = chunk.length * 8;
  const w = load(chunk);
  out.reserve(n);
  const ts = out.t;
  const vs = out.v;
  const vb = out.vBits;
  let k = out.length;
  let ascending = out.ascending;
  let last = k > 0 ? ts[k - 1]! : -Infinity;
  let pos = HEADER_BITS;
  let t = 0;
  let delta = 0;
  // Integer mode: the value. XOR mode: the value's halves and the meaningful-bit window.
  let v = 0;
  let hi = 0;
  let lo = 0;
  let leading = 0;
  let trailing = 0;
  for (let i = 0; i < n; i++) {
    // Timestamp: a zigzag varint, then a varint delta, then deltas-of-deltas.
    if (i <= 1) {
      const x = uvarint(w, pos, end);
      pos = varintEnd;
      if (i === 0) t = x % 2 === 0 ? x / 2 : -(x + 1) / 2;
      else t += delta = x;
    } else {
      const p = peek(w, pos);
      if (p >= 0) {
        // The commonest case by far: `0`, the same delta again.
        if (pos + 1 > end) truncated();
        pos += 1;
      } else {
        delta += dod(w, pos, p, end);
        pos = dodEnd;
      }
      t += delta;
    }
    if (integer) {
      if (i === 0) {
        const x = uvarint(w, pos, end);
        pos = varintEnd;
        v = x % 2 === 0 ? x / 2 : -(x + 1) / 2;
      } else {
        const p = peek(w, pos);
        if (p >= 0) {
          if (pos + 1 > end) truncated();
          pos += 1;
        } else {
          v += dod(w, pos, p, end);
          pos = dodEnd;
        }
      }
      if (t > maxt) break;
      if (t >= mint) {
        ts[k] = t;
        vs[k] = v;
        k++;
        if (t <= last) ascending = false;
        last = t;
      }
      continue;
    }
    if (i === 0) {
      if (pos + 64 > end) truncated();
      hi = peek(w, pos);
      lo = peek(w, pos + 32);
      pos += 64;
    } else {
      if (pos + 1 > end) truncated();
      const p = peek(w, pos);
      if (p < 0) {
        if ((p & 0x40000000) !== 0) {
          // `11`: a new window, 5 bits of leading zeros and 6 of meaningful-bit count (0 means 64).
          if (pos + 13 > end) truncated();
          leading = (p >>> 25) & 0x1f;
          trailing = 64 - leading - ((p >>> 19) & 0x3f || 64);
          pos += 13;
        } else {
          if (pos + 2 > end) truncated();
          pos += 2;
        }
        const sig = 64 - leading - trailing;
        if (pos + sig > end) truncated();
        const a = peek(w, pos);
        let xHi = 0;
        let xLo = 0;
        if (sig > 32) {
          xHi = a >>> (64 - sig);
          xLo = peek(w, pos + sig - 32);
        } else xLo = a >>> (32 - sig);
        pos += sig;
        // Shift the meaningful bits back into place.
        if (trailing >= 32) {
          xHi = xLo << (trailing - 32);
          xLo = 0;
        } else if (trailing > 0) {
          xHi = (xHi << trailing) | (xLo >>> (32 - trailing));
          xLo = xLo << trailing;
        }
        hi ^= xHi;
        lo ^= xLo;
      } else pos += 1;
    }
    if (t > maxt) break;
    if (t >= mint) {
      ts[k] = t;
      vb[2 * k] = lo;
      vb[2 * k + 1] = hi;
      k++;
      if (t <= last) ascending = false;
      last = t;
    }
  }
  out.length = k;
  out.ascending = ascending;
}

/** Bit positions after the last `uvarint` and `dod`: module variables rather than an allocated pair per call. */
let varintEnd = 0;
let dodEnd = 0;

/** A byte-wise unsigned varint (LEB128 groups) in the bit stream. Sets `varintEnd`. */
function uvarint(w: DataView, start: number, end: number): number {
  let pos = start;
  let x = 0;
  let mul = 1;
  for (;;) {
    if (pos + 8 > end) truncated();
    const byte = peek(w, pos) >>> 24;
    pos += 8;
    x += (byte & 0x7f) * mul;
    if (byte < 0x80) break;
    mul *= 0x80;
    if (mul > 2 ** 56) throw new RangeError('varint too long');
  }
  varintEnd = pos;
  return x;
}

/**
 * A delta-of-delta bucket code other than `0` at `pos`, whose first 32 bits are `p`: `10`+7 bits,
 * `110`+14, `1110`+20 (two's complement, Prometheus' asymmetric ranges), `1111`+64. Sets `dodEnd`.
 */
function dod(w: DataView, pos: number, p: number, end: number): number {
  switch (Math.clz32(~p)) {
    case 1: {
      if (pos + 9 > end) truncated();
      dodEnd = pos + 9;
      const x = (p >>> 23) & 0x7f;
      return x > 64 ? x - 128 : x;
    }
    case 2: {
      if (pos + 17 > end) truncated();
      dodEnd = pos + 17;
      const x = (p >>> 15) & 0x3fff;
      return x > 8192 ? x - 16384 : x;
    }
    case 3: {
      if (pos + 24 > end) truncated();
      dodEnd = pos + 24;
      const x = (p >>> 8) & 0xfffff;
      return x > 524288 ? x - 1048576 : x;
    }
    default: {
      if (pos + 68 > end) truncated();
      dodEnd = pos + 68;
      return peek(w, pos + 4) * TWO_POW_32 + (peek(w, pos + 36) >>> 0);
    }
  }
}
