import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ExportResultCode, type ExportResult } from '@opentelemetry/core';
import { BasicTracerProvider, BatchSpanProcessor, type BufferConfig, type ReadableSpan, type SpanExporter } from '@opentelemetry/sdk-trace-base';
import { createSdkMetrics } from '../metrics/sdk-metrics.js';
import { sampleSum } from '../testing/metrics-text.js';
import { createDeliveryAccounting } from './delivery-accounting.js';

/** An exporter that answers as told, or never (a collector that hangs). */
class ScriptedExporter implements SpanExporter {
  readonly pending: Array<(result: ExportResult) => void> = [];
  constructor(private readonly answer: 'success' | 'failure' | 'never') {}
  export(_spans: ReadableSpan[], done: (result: ExportResult) => void): void {
    if (this.answer === 'never') this.pending.push(done);
    else done(this.answer === 'success' ? { code: ExportResultCode.SUCCESS } : { code: ExportResultCode.FAILED, error: new Error('500') });
  }
  shutdown(): Promise<void> {
    return Promise.resolve();
  }
}

function pipeline(answer: 'success' | 'failure' | 'never', buffer: BufferConfig) {
  const metrics = createSdkMetrics({ defaultMetrics: false });
  const accounting = createDeliveryAccounting('traces', metrics);
  const exporter = new ScriptedExporter(answer);
  const config: BufferConfig & { selfObsMeterProvider: unknown } = { ...buffer, selfObsMeterProvider: accounting.meterProvider };
  const processor = new BatchSpanProcessor(accounting.wrapExporter(exporter), config);
  const tracer = new BasicTracerProvider({ spanProcessors: [processor] }).getTracer('t');
  const endSpans = (n: number): void => {
    for (let i = 0; i < n; i++) tracer.startSpan(`s${i}`).end();
  };
  const counts = async (): Promise<{ dropped: number; exported: number }> => {
    const text = await metrics.registry.metrics();
    return { dropped: sampleSum(text, 'srcobs_sdk_dropped_total', { signal: 'traces' }), exported: sampleSum(text, 'srcobs_sdk_exported_total', { signal: 'traces' }) };
  };
  return { accounting, exporter, processor, endSpans, counts };
}

test('successful and failed exports are counted by outcome', async () => {
  const ok = pipeline('success', { scheduledDelayMillis: 60_000 });
  ok.endSpans(5);
  await ok.processor.forceFlush();
  assert.deepEqual(await ok.counts(), { dropped: 0, exported: 5 });

  const failing = pipeline('failure', { scheduledDelayMillis: 60_000 });
  failing.endSpans(4);
  await failing.processor.forceFlush().catch(() => undefined);
  assert.deepEqual(await failing.counts(), { dropped: 4, exported: 0 });
});

test('queue overflow, then what is queued and in flight at a given-up shutdown, each counted once', async () => {
  // A short export timeout: the processor's own (un-unref'd) timer would hold the test process for 30 s.
  const p = pipeline('never', { maxQueueSize: 4, maxExportBatchSize: 4, scheduledDelayMillis: 60_000, exportTimeoutMillis: 100 });
  p.endSpans(4); // a full batch: handed to the (hanging) exporter at once
  assert.equal(p.exporter.pending.length, 1);
  p.endSpans(6); // 4 fill the queue again, 2 overflow
  assert.deepEqual(await p.counts(), { dropped: 2, exported: 0 });

  assert.equal(p.accounting.abandon(), 8, '4 queued + 4 in flight');
  assert.deepEqual(await p.counts(), { dropped: 10, exported: 0 });
  // A late answer after the give-up changes nothing, and nothing is counted twice.
  p.exporter.pending[0]!({ code: ExportResultCode.FAILED });
  assert.equal(p.accounting.abandon(), 0);
  assert.deepEqual(await p.counts(), { dropped: 10, exported: 0 });
});
