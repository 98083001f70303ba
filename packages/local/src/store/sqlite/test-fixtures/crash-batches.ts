import type { LogBatch } from '../../../model/logs.js';
import type { MetricBatch } from '../../../model/metrics.js';
import type { SpanBatch } from '../../../model/spans.js';
import { span } from '../../contract/fixtures.js';

/**
 * The batches of the crash test, numbered so that the parent can tell from an id which items the
 * child's store acknowledged. Shared by the child (writes them) and the test (checks them).
 */

export const CRASH_T0_MS = 1_700_000_000_000;
export const CRASH_T0_NS = 1_700_000_000_000_000_000n;
export const SAMPLES_PER_BATCH = 10;
export const LINES_PER_BATCH = 20;
export const SPANS_PER_BATCH = 10;

export function crashMetricBatch(id: number): MetricBatch {
  const samples = Array.from({ length: SAMPLES_PER_BATCH }, (_, k) => ({ t: CRASH_T0_MS + (id * SAMPLES_PER_BATCH + k) * 1000, v: id }));
  const series: MetricBatch['series'][number][] = [{ labels: { __name__: 'crash_test', slot: String(id % 8) }, samples }];
  // Every tenth batch also creates a series, so that crashes land between series creation and flush.
  if (id % 10 === 0) series.push({ labels: { __name__: 'crash_new', batch: String(id) }, samples: [{ t: CRASH_T0_MS + id, v: id }] });
  return { series };
}

export function crashLogBatch(id: number): LogBatch {
  const entries = Array.from({ length: LINES_PER_BATCH }, (_, k) => ({ tsNs: CRASH_T0_NS + BigInt(id) * 1_000_000n + BigInt(k), line: `batch ${id} line ${k} ${'payload '.repeat(k % 5)}` }));
  return { streams: [{ labels: { app: 'crash', slot: String(id % 4), ola_category: 'system_application' }, entries }] };
}

export function crashTraceId(id: number): string {
  return (id + 1).toString(16).padStart(32, '0');
}

export function crashSpanBatch(id: number): SpanBatch {
  return {
    spans: Array.from({ length: SPANS_PER_BATCH }, (_, k) =>
      span({ traceId: crashTraceId(id), spanId: (id * SPANS_PER_BATCH + k + 1).toString(16).padStart(16, '0'), startNs: CRASH_T0_NS + BigInt(id * SPANS_PER_BATCH + k) * 1000n }),
    ),
  };
}
