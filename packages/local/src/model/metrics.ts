import type { Labels } from './labels.js';

/**
 * Prometheus' staleness marker: a NaN with a specific bit pattern (0x7ff0000000000002), written
 * when a series disappears from a scrape. Any other NaN is an ordinary value. V8 keeps NaN payloads
 * through typed arrays and DataView, which is where stores keep values, so the marker survives.
 */
export const STALE_NAN_BITS_HI = 0x7ff00000;
export const STALE_NAN_BITS_LO = 0x00000002;

const scratch = new DataView(new ArrayBuffer(8));

/** The staleness marker as a JS number (only meaningful when stored through typed arrays). */
export const STALE_NAN: number = (() => {
  scratch.setUint32(0, STALE_NAN_BITS_HI);
  scratch.setUint32(4, STALE_NAN_BITS_LO);
  return scratch.getFloat64(0);
})();

/** True when `value` is the staleness marker, not just any NaN. */
export function isStaleNaN(value: number): boolean {
  if (!Number.isNaN(value)) return false;
  scratch.setFloat64(0, value);
  return scratch.getUint32(0) === STALE_NAN_BITS_HI && scratch.getUint32(4) === STALE_NAN_BITS_LO;
}

/** One sample: milliseconds since the epoch (an exact integer in a double) and a float64 value. */
export interface Sample {
  readonly t: number;
  readonly v: number;
}

/** An exemplar attached to a series: a sampled observation with its own labels (e.g. `trace_id`). */
export interface Exemplar {
  readonly labels: Labels;
  readonly value: number;
  /** Milliseconds since the epoch. */
  readonly t: number;
}

/** One series in a write: its full label set (with `__name__`) and new samples in time order. */
export interface MetricSeriesInput {
  readonly labels: Labels;
  readonly samples: readonly Sample[];
  readonly exemplars?: readonly Exemplar[];
}

/** The type of a metric family, as Prometheus' metadata API reports it. */
export type MetricType = 'counter' | 'gauge' | 'histogram' | 'gaugehistogram' | 'summary' | 'info' | 'stateset' | 'unknown';

/** Metadata of a metric family. */
export interface MetricMetadata {
  readonly metric: string;
  readonly type: MetricType;
  readonly help: string;
  readonly unit: string;
}

/** What a receiver hands the store: normalised series, from any protocol. */
export interface MetricBatch {
  readonly series: readonly MetricSeriesInput[];
  readonly metadata?: readonly MetricMetadata[];
}

/** One series as a reader returns it: samples in time order, in parallel typed arrays. */
export interface SeriesData {
  readonly labels: Labels;
  /** Milliseconds since the epoch, ascending. */
  readonly timestamps: Float64Array;
  readonly values: Float64Array;
}

/** Exemplars of one series, as `/api/v1/query_exemplars` groups them. */
export interface SeriesExemplars {
  readonly seriesLabels: Labels;
  readonly exemplars: readonly Exemplar[];
}
