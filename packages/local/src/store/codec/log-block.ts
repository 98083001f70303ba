import { brotliCompressSync, brotliDecompressSync, constants, deflateRawSync, inflateRawSync } from 'node:zlib';
import type { Labels } from '../../model/labels.js';
import type { LogEntry } from '../../model/logs.js';
import { ByteReader, ByteWriter } from './bytes.js';

/**
 * A block of log entries of one stream, Loki-style: entries sorted by timestamp, stored
 * column-wise so the compressor sees like next to like.
 *
 *   block := byte codec (0 raw, 1 deflate-raw, 2 brotli), body (compressed unless raw)
 *   body  := uvarint n
 *            int64le first timestamp, then n-1 uvarint deltas (ascending, so never negative)
 *            n uvarint line byte lengths
 *            n metadata sets: uvarint pairs, then (string name, string value)*
 *            the lines' UTF-8 bytes, concatenated
 *
 * Timestamps are nanoseconds as bigint throughout; deltas beyond 2^53 take the bigint varint path.
 * Reading decodes timestamps and offsets up front and each line only when it is asked for, so a
 * query with a limit stops decoding early.
 */

export const CODEC_RAW = 0;
export const CODEC_DEFLATE = 1;
export const CODEC_BROTLI = 2;

/**
 * How to compress a block. Measured on logfmt/JSON application logs (bench/store-ingest): deflate
 * level 1 runs at ~100 MB/s for ~4.3x, brotli quality 5 with a 4 MiB window at ~25 MB/s for ~6x
 * (deflate 6: ~25 MB/s for ~5.2x), and brotli also decompresses faster. So blocks that compaction
 * will merge again get deflate 1, and sealed chunks brotli.
 */
export type BlockCompression = { readonly codec: 'raw' } | { readonly codec: 'deflate'; readonly level: number } | { readonly codec: 'brotli'; readonly quality: number };

/** An entry as the codec takes it. */
export interface BlockEntry {
  readonly tsNs: bigint;
  readonly line: string;
  readonly metadata?: Labels | undefined;
}

/** Sorts entries by timestamp, keeping arrival order for equal timestamps. */
export function sortEntries<T extends BlockEntry>(entries: T[]): T[] {
  return entries.sort((a, b) => (a.tsNs < b.tsNs ? -1 : a.tsNs > b.tsNs ? 1 : 0));
}

/** Raw (uncompressed) size of entries, as the chunk size targets count it: line and metadata bytes. */
export function entryRawBytes(e: BlockEntry): number {
  let n = e.line.length + 16;
  if (e.metadata) for (const k in e.metadata) n += k.length + e.metadata[k]!.length;
  return n;
}

/** Encodes entries that are already sorted by timestamp. */
export function encodeLogBlock(entries: readonly BlockEntry[], compression: BlockCompression): Buffer {
  const n = entries.length;
  // Sized for the common case so that small blocks (one line of each of many streams) stay cheap.
  let chars = 0;
  for (let i = 0; i < n; i++) chars += entries[i]!.line.length;
  const w = new ByteWriter(64 + n * 12);
  w.uvarint(n);
  let prev = 0n;
  for (let i = 0; i < n; i++) {
    const ts = entries[i]!.tsNs;
    if (i === 0) w.bigInt64(ts);
    else w.bigUvarint(ts - prev);
    prev = ts;
  }
  const lines = new ByteWriter(chars + 16);
  for (let i = 0; i < n; i++) w.uvarint(lines.rawString(entries[i]!.line));
  for (let i = 0; i < n; i++) {
    const md = entries[i]!.metadata;
    if (!md) {
      w.uvarint(0);
      continue;
    }
    const keys = Object.keys(md);
    w.uvarint(keys.length);
    for (const k of keys) {
      w.string(k);
      w.string(md[k]!);
    }
  }
  w.bytes(lines.subarray());
  const body = w.subarray();
  if (compression.codec === 'raw') {
    const out = Buffer.allocUnsafe(body.length + 1);
    out[0] = CODEC_RAW;
    out.set(body, 1);
    return out;
  }
  const z =
    compression.codec === 'deflate'
      ? deflateRawSync(body, { level: compression.level })
      : brotliCompressSync(body, {
          params: {
            [constants.BROTLI_PARAM_QUALITY]: compression.quality,
            [constants.BROTLI_PARAM_LGWIN]: 22,
            [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
            [constants.BROTLI_PARAM_SIZE_HINT]: body.length,
          },
        });
  const out = Buffer.allocUnsafe(z.length + 1);
  out[0] = compression.codec === 'deflate' ? CODEC_DEFLATE : CODEC_BROTLI;
  z.copy(out, 1);
  return out;
}

/** A decoded block: timestamps up front, lines and metadata on demand. */
export class LogBlock {
  readonly length: number;
  /** Timestamps in ns, ascending. */
  readonly timestamps: BigInt64Array;
  private readonly lineStart: Uint32Array;
  private readonly metaStart: Uint32Array;
  private readonly reader: ByteReader;

  constructor(stored: Uint8Array) {
    if (stored.length < 1) throw new RangeError('empty log block');
    const codec = stored[0]!;
    let body: Uint8Array;
    if (codec === CODEC_RAW) body = stored.subarray(1);
    else if (codec === CODEC_DEFLATE) body = inflateRawSync(stored.subarray(1));
    else if (codec === CODEC_BROTLI) body = brotliDecompressSync(stored.subarray(1));
    else throw new RangeError(`unknown log block codec ${codec}`);
    const r = new ByteReader(body);
    this.reader = r;
    const n = r.uvarint();
    this.length = n;
    this.timestamps = new BigInt64Array(n);
    let ts = 0n;
    for (let i = 0; i < n; i++) {
      ts = i === 0 ? r.bigInt64() : ts + r.bigUvarint();
      this.timestamps[i] = ts;
    }
    this.lineStart = new Uint32Array(n + 1);
    let off = 0;
    for (let i = 0; i < n; i++) {
      this.lineStart[i] = off;
      off += r.uvarint();
    }
    this.lineStart[n] = off;
    this.metaStart = new Uint32Array(n);
    for (let i = 0; i < n; i++) {
      this.metaStart[i] = r.pos;
      const pairs = r.uvarint();
      for (let p = 0; p < pairs * 2; p++) r.skip(r.uvarint());
    }
    const linesAt = r.pos;
    if (linesAt + off > body.length) throw new RangeError('truncated log block');
    for (let i = 0; i <= n; i++) this.lineStart[i]! += linesAt;
  }

  private hits: { readonly needles: readonly Uint8Array[]; readonly mask: Uint8Array } | undefined;

  /** UTF-8 length of line `i`. */
  lineBytes(i: number): number {
    return this.lineStart[i + 1]! - this.lineStart[i]!;
  }

  /** UTF-8 bytes of line `i`'s metadata names and values. */
  metadataBytes(i: number): number {
    const r = this.reader;
    r.pos = this.metaStart[i]!;
    const pairs = r.uvarint();
    let n = 0;
    for (let p = 0; p < pairs * 2; p++) {
      const len = r.uvarint();
      n += len;
      r.skip(len);
    }
    return n;
  }

  /**
   * Whether line `i` contains one of `needles` (UTF-8 bytes). The block's line bytes are searched
   * once per needle set (UTF-8 substrings match exactly where strings do), so a filter for a rare
   * string costs a byte scan, not a decoded string per line.
   */
  contains(i: number, needles: readonly Uint8Array[]): boolean {
    if (this.hits?.needles !== needles) this.hits = { needles, mask: this.searchLines(needles) };
    return this.hits.mask[i] === 1;
  }

  private searchLines(needles: readonly Uint8Array[]): Uint8Array {
    const n = this.length;
    const mask = new Uint8Array(n);
    const buf = this.reader.buf;
    const bytes = Buffer.from(buf.buffer, buf.byteOffset, buf.byteLength);
    const end = this.lineStart[n]!;
    for (const needle of needles) {
      let from = this.lineStart[0]!;
      for (;;) {
        const at = bytes.indexOf(needle, from);
        if (at === -1 || at >= end) break;
        // The line holding `at`: the last i with lineStart[i] <= at.
        let lo = 0;
        let hi = n;
        while (lo < hi) {
          const mid = (lo + hi) >>> 1;
          if (this.lineStart[mid + 1]! <= at) lo = mid + 1;
          else hi = mid;
        }
        const lineEnd = this.lineStart[lo + 1]!;
        // Lines are stored back to back: a match across two lines is no match.
        if (at + needle.length <= lineEnd) {
          mask[lo] = 1;
          from = lineEnd;
        } else from = at + 1;
      }
    }
    return mask;
  }

  line(i: number): string {
    const start = this.lineStart[i]!;
    this.reader.pos = start;
    return this.reader.rawString(this.lineStart[i + 1]! - start);
  }

  metadata(i: number): Labels | undefined {
    const r = this.reader;
    r.pos = this.metaStart[i]!;
    const pairs = r.uvarint();
    if (pairs === 0) return undefined;
    const md: Record<string, string> = {};
    for (let p = 0; p < pairs; p++) {
      const k = r.string();
      md[k] = r.string();
    }
    return md;
  }

  entry(i: number): LogEntry {
    const metadata = this.metadata(i);
    const tsNs = this.timestamps[i]!;
    const line = this.line(i);
    return metadata ? { tsNs, line, metadata } : { tsNs, line };
  }

  /** First index with timestamp >= ts (binary search). */
  lowerBound(ts: bigint): number {
    let lo = 0;
    let hi = this.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.timestamps[mid]! < ts) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}
