import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ExportResultCode, type ExportResult } from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor, type ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { startOtlpReceiver } from './otlp-receiver.js';

function finishedSpan(): ReadableSpan {
  const memory = new InMemorySpanExporter();
  const tracer = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(memory)] }).getTracer('t');
  const parent = tracer.startSpan('parent');
  parent.end();
  const span = tracer.startSpan('GET /x', { kind: 1, attributes: { 'http.route': '/x', 'http.response.status_code': 201, ok: true, tags: ['a', 'b'] } });
  span.end();
  return memory.getFinishedSpans()[1]!;
}

function exportTo(url: string, span: ReadableSpan): Promise<ExportResult> {
  const exporter = new OTLPTraceExporter({ url: `${url}/v1/traces`, timeoutMillis: 1000 });
  return new Promise((resolve) => exporter.export([span], resolve));
}

test('the receiver decodes what the real OTLP protobuf exporter sends', async (t) => {
  const receiver = await startOtlpReceiver();
  t.after(() => receiver.close());
  const span = finishedSpan();
  assert.equal((await exportTo(receiver.url, span)).code, ExportResultCode.SUCCESS);
  const [got] = receiver.spans();
  assert.equal(got?.traceId, span.spanContext().traceId);
  assert.equal(got?.spanId, span.spanContext().spanId);
  assert.equal(got?.name, 'GET /x');
  assert.equal(got?.kind, 2, 'OTLP numbers kinds from 1 (SERVER = 2)');
  assert.deepEqual(got?.attributes, { 'http.route': '/x', 'http.response.status_code': 201, ok: true, tags: ['a', 'b'] });
  assert.equal(got?.resource['telemetry.sdk.language'], 'nodejs');
});

test('the receiver can fail like a collector in trouble', async (t) => {
  const receiver = await startOtlpReceiver({ mode: 'error-500' });
  t.after(() => receiver.close());
  assert.equal((await exportTo(receiver.url, finishedSpan())).code, ExportResultCode.FAILED);
  receiver.setMode('hang');
  assert.equal((await exportTo(receiver.url, finishedSpan())).code, ExportResultCode.FAILED, 'the exporter times out');
  assert.equal(receiver.spans().length, 0);
  assert.ok(receiver.requests() >= 2);
});
