import type { Sample } from '../../model/metrics.js';
import { ByteReader, ByteWriter } from './bytes.js';

/**
 * The write-ahead record of appended samples: what a metrics append commits before it is
 * acknowledged, and what the head replays after a crash. One row holds every series appended in
 * one group commit:
 *
 *   row    := record*
 *   record := uvarint seriesId, uvarint count, uvarint byteLength, samples
 *   samples:= (zigzag varint delta of t from the previous sample (from 0 for the first), float64le v)*
 *
 * The byte length lets a reader skip the series it does not want without decoding them. Values are
 * raw float64 bits so that NaN payloads (the staleness marker) survive.
 */

/** Encodes records into one write-ahead row. */
export class MetricWalEncoder {
  private readonly out = new ByteWriter(4096);
  private readonly scratch = new ByteWriter(1024);
  /** Samples added so far. */
  samples = 0;

  /** Adds one series' samples, in the order the head will apply them. */
  add(seriesId: number, samples: readonly Sample[]): void {
    const s = this.scratch;
    s.reset();
    let prev = 0;
    for (const sample of samples) {
      s.varint(sample.t - prev);
      s.float64(sample.v);
      prev = sample.t;
    }
    const count = samples.length;
    this.out.uvarint(seriesId);
    this.out.uvarint(count);
    this.out.uvarint(s.length);
    this.out.bytes(s.subarray());
    this.samples += count;
  }

  get empty(): boolean {
    return this.out.length === 0;
  }

  /** The row (a copy) and a reset encoder. */
  finish(): Buffer {
    const b = this.out.toBuffer();
    this.out.reset();
    this.samples = 0;
    return b;
  }
}

/**
 * Calls `each` for every sample of every record of `row`, in order. With `wanted`, records of other
 * series are skipped without decoding.
 */
export function decodeMetricWal(
  row: Uint8Array,
  each: (seriesId: number, t: number, v: number) => void,
  wanted?: { has(id: number): boolean },
): void {
  const r = new ByteReader(row);
  while (!r.done) {
    const id = r.uvarint();
    const count = r.uvarint();
    const len = r.uvarint();
    if (wanted && !wanted.has(id)) {
      r.skip(len);
      continue;
    }
    let t = 0;
    for (let i = 0; i < count; i++) {
      t += r.varint();
      each(id, t, r.float64());
    }
  }
}
