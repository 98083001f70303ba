import { LABEL_NAME_PATTERN, type Labels } from '../model/labels.js';
import type { LogBatch } from '../model/logs.js';
import type { MetricBatch } from '../model/metrics.js';
import type { SpanBatch } from '../model/spans.js';
import { InvalidBatchError } from '../model/errors.js';
import { MAX_CHUNK_TIMESTAMP_MS } from './codec/xor-chunk.js';

/**
 * What every store refuses, so that a bad batch is rejected whole (InvalidBatchError, 400) before
 * anything of it is written. Receivers validate protocol details; these are the store's own
 * invariants: label names the indexes and query languages can address, timestamps the codecs can
 * hold exactly, ids of the right shape.
 */

/** Largest nanosecond timestamp: SQLite integers are signed 64-bit. */
export const MAX_TIMESTAMP_NS = 2n ** 63n - 1n;
const TRACE_ID = /^[0-9a-f]{32}$/;
const SPAN_ID = /^[0-9a-f]{16}$/;

function checkLabels(labels: Labels, where: string): void {
  let any = false;
  for (const name in labels) {
    if (!LABEL_NAME_PATTERN.test(name)) throw new InvalidBatchError(`${where}: label name ${JSON.stringify(name)} is not valid: use letters, digits and underscores, not starting with a digit`);
    const v = labels[name];
    if (typeof v !== 'string') throw new InvalidBatchError(`${where}: label ${name} has a non-string value`);
    if (v !== '') any = true;
  }
  if (!any) throw new InvalidBatchError(`${where}: the label set is empty: every series and stream needs at least one non-empty label`);
}

function checkMs(t: number, where: string): void {
  if (!Number.isSafeInteger(t) || Math.abs(t) > MAX_CHUNK_TIMESTAMP_MS)
    throw new InvalidBatchError(`${where}: timestamp ${t} is not an integer number of milliseconds within ±${MAX_CHUNK_TIMESTAMP_MS}`);
}

function checkNs(t: bigint, where: string): void {
  if (typeof t !== 'bigint' || t < 0n || t > MAX_TIMESTAMP_NS) throw new InvalidBatchError(`${where}: timestamp ${String(t)} is not a nanosecond bigint in [0, 2^63)`);
}

/** Throws InvalidBatchError for the first thing in `batch` a store cannot keep. */
export function validateMetricBatch(batch: MetricBatch): void {
  batch.series.forEach((s, i) => {
    const where = `series ${i}`;
    checkLabels(s.labels, where);
    for (const sample of s.samples) {
      checkMs(sample.t, where);
      if (typeof sample.v !== 'number') throw new InvalidBatchError(`${where}: sample value at ${sample.t} is not a number`);
    }
    for (const e of s.exemplars ?? []) {
      checkMs(e.t, `${where} exemplar`);
      for (const name in e.labels) if (!LABEL_NAME_PATTERN.test(name)) throw new InvalidBatchError(`${where}: exemplar label name ${JSON.stringify(name)} is not valid`);
    }
  });
}

/** Throws InvalidBatchError for the first thing in `batch` a store cannot keep. */
export function validateLogBatch(batch: LogBatch): void {
  batch.streams.forEach((s, i) => {
    const where = `stream ${i}`;
    checkLabels(s.labels, where);
    for (const e of s.entries) {
      checkNs(e.tsNs, where);
      if (typeof e.line !== 'string') throw new InvalidBatchError(`${where}: entry at ${e.tsNs} has no line text`);
      if (e.metadata) for (const name in e.metadata) if (!LABEL_NAME_PATTERN.test(name)) throw new InvalidBatchError(`${where}: structured metadata name ${JSON.stringify(name)} is not valid`);
    }
  });
}

/** Throws InvalidBatchError for the first thing in `batch` a store cannot keep. */
export function validateSpanBatch(batch: SpanBatch): void {
  batch.spans.forEach((s, i) => {
    const where = `span ${i}`;
    if (!TRACE_ID.test(s.traceId)) throw new InvalidBatchError(`${where}: trace id ${JSON.stringify(s.traceId)} is not 32 lowercase hex digits`);
    if (!SPAN_ID.test(s.spanId)) throw new InvalidBatchError(`${where}: span id ${JSON.stringify(s.spanId)} is not 16 lowercase hex digits`);
    if (s.parentSpanId !== '' && !SPAN_ID.test(s.parentSpanId)) throw new InvalidBatchError(`${where}: parent span id ${JSON.stringify(s.parentSpanId)} is not empty or 16 lowercase hex digits`);
    checkNs(s.startNs, where);
    checkNs(s.endNs, where);
  });
}
