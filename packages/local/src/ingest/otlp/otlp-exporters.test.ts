import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SeverityNumber } from '@opentelemetry/api-logs';
import { OTLPLogExporter as LogsGrpc } from '@opentelemetry/exporter-logs-otlp-grpc';
import { OTLPLogExporter as LogsJson } from '@opentelemetry/exporter-logs-otlp-http';
import { OTLPLogExporter as LogsProto } from '@opentelemetry/exporter-logs-otlp-proto';
import { OTLPMetricExporter as MetricsGrpc } from '@opentelemetry/exporter-metrics-otlp-grpc';
import { OTLPMetricExporter as MetricsJson } from '@opentelemetry/exporter-metrics-otlp-http';
import { OTLPMetricExporter as MetricsProto } from '@opentelemetry/exporter-metrics-otlp-proto';
import { OTLPTraceExporter as TracesGrpc } from '@opentelemetry/exporter-trace-otlp-grpc';
import { OTLPTraceExporter as TracesJson } from '@opentelemetry/exporter-trace-otlp-http';
import { OTLPTraceExporter as TracesProto } from '@opentelemetry/exporter-trace-otlp-proto';
import { CompressionAlgorithm } from '@opentelemetry/otlp-exporter-base';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { LoggerProvider, SimpleLogRecordProcessor } from '@opentelemetry/sdk-logs';
import { MeterProvider, PeriodicExportingMetricReader } from '@opentelemetry/sdk-metrics';
import { BasicTracerProvider, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { SpanKind, SpanStatusCode, context, trace } from '@opentelemetry/api';
import { findAttribute } from '../../model/spans.js';
import { seriesByName, startTestStack } from '../../testing/test-stack.js';
import type { LocalStack } from '../../local-stack.js';

type Transport = 'proto' | 'json' | 'grpc';
const TRANSPORTS: readonly Transport[] = ['proto', 'json', 'grpc'];

function endpoint(stack: LocalStack, transport: Transport, path: string, compression: 'gzip' | 'none' = 'none'): { url: string; compression: CompressionAlgorithm } {
  const url = transport === 'grpc' ? `http://${stack.urls.otlpGrpc}` : `${stack.urls.otlpHttp}${path}`;
  return { url, compression: compression === 'gzip' ? CompressionAlgorithm.GZIP : CompressionAlgorithm.NONE };
}

for (const transport of TRANSPORTS) {
  test(`OTLP ${transport}: gzip-compressed spans from the OpenTelemetry JS exporter are stored with exact nanoseconds, ids, kind, status and attributes`, async (t) => {
    const stack = await startTestStack(t);
    // Spans travel gzip-compressed (Content-Encoding: gzip, grpc-encoding: gzip), the rest plain.
    const opts = endpoint(stack, transport, '/v1/traces', 'gzip');
    const exporter = transport === 'proto' ? new TracesProto(opts) : transport === 'json' ? new TracesJson(opts) : new TracesGrpc(opts);
    const provider = new BasicTracerProvider({
      resource: resourceFromAttributes({ 'service.name': `checkout-${transport}`, 'deployment.environment': 'test' }),
      spanProcessors: [new SimpleSpanProcessor(exporter)],
    });
    const tracer = provider.getTracer('orders', '1.2.3');
    // A start time with sub-millisecond precision: [seconds, nanoseconds] keeps every digit.
    const parent = tracer.startSpan('POST /orders', { kind: SpanKind.SERVER, startTime: [1_700_000_000, 123_456_789], attributes: { 'http.route': '/orders', 'http.status_code': 201, retry: true } });
    const child = tracer.startSpan('db insert', { startTime: [1_700_000_000, 200_000_001] }, trace.setSpan(context.active(), parent));
    child.setStatus({ code: SpanStatusCode.ERROR, message: 'constraint violated' });
    child.addEvent('retry', { attempt: 2 }, [1_700_000_000, 250_000_000]);
    child.end([1_700_000_000, 300_000_999]);
    parent.end([1_700_000_001, 0]);
    await provider.forceFlush();
    await provider.shutdown();

    const traceId = parent.spanContext().traceId;
    const spans = stack.store.traces.trace(traceId);
    assert.equal(spans.length, 2, 'both spans stored');
    const [p, c] = spans;
    assert.equal(p!.spanId, parent.spanContext().spanId);
    assert.equal(p!.parentSpanId, '');
    assert.equal(p!.startNs, 1_700_000_000_123_456_789n);
    assert.equal(p!.endNs, 1_700_000_001_000_000_000n);
    assert.equal(p!.kind, 2);
    assert.equal(p!.serviceName, `checkout-${transport}`);
    assert.deepEqual(findAttribute(p!.attributes, 'http.status_code'), { intValue: '201' });
    assert.deepEqual(findAttribute(p!.attributes, 'retry'), { boolValue: true });
    assert.deepEqual(p!.scope, { name: 'orders', version: '1.2.3' });
    assert.equal(c!.parentSpanId, parent.spanContext().spanId);
    assert.equal(c!.endNs, 1_700_000_000_300_000_999n);
    assert.equal(c!.statusCode, 2);
    assert.equal(c!.statusMessage, 'constraint violated');
    assert.equal(c!.events[0]!.name, 'retry');
    assert.equal(c!.events[0]!.timeNs, 1_700_000_000_250_000_000n);
    assert.deepEqual(findAttribute(c!.resource, 'deployment.environment'), { stringValue: 'test' });
  });

  test(`OTLP ${transport}: metrics from the OpenTelemetry JS exporter become Prometheus series as Prometheus' OTLP receiver names them`, async (t) => {
    const stack = await startTestStack(t);
    const opts = endpoint(stack, transport, '/v1/metrics');
    const exporter = transport === 'proto' ? new MetricsProto(opts) : transport === 'json' ? new MetricsJson(opts) : new MetricsGrpc(opts);
    const reader = new PeriodicExportingMetricReader({ exporter, exportIntervalMillis: 3_600_000 });
    const provider = new MeterProvider({
      resource: resourceFromAttributes({ 'service.name': 'api', 'service.namespace': 'shop', 'service.instance.id': 'pod-1', 'host.name': 'node-a' }),
      readers: [reader],
    });
    const meter = provider.getMeter('http');
    meter.createCounter('http.server.requests', { unit: '{request}' }).add(5, { 'http.route': '/orders' });
    meter.createHistogram('http.server.duration', { unit: 's', advice: { explicitBucketBoundaries: [0.1, 1] } }).record(0.5, { 'http.route': '/orders' });
    meter.createUpDownCounter('queue.depth').add(-3);
    await reader.forceFlush();
    // Shutting down exports once more (cumulative, so the same values at a later time).
    await provider.shutdown();

    const counter = seriesByName(stack.store, 'http_server_requests_total');
    assert.equal(counter.length, 1);
    assert.deepEqual(counter[0]!.labels, { __name__: 'http_server_requests_total', http_route: '/orders', job: 'shop/api', instance: 'pod-1' });
    assert.ok(counter[0]!.values.length >= 1 && counter[0]!.values.every((v) => v === 5), `cumulative 5: ${counter[0]!.values}`);
    const buckets = seriesByName(stack.store, 'http_server_duration_seconds_bucket');
    assert.deepEqual(
      buckets.map((s) => [s.labels['le'], s.values.at(-1)]).sort(),
      [
        ['+Inf', 1],
        ['0.1', 0],
        ['1', 1],
      ],
    );
    assert.equal(seriesByName(stack.store, 'http_server_duration_seconds_sum')[0]!.values.at(-1), 0.5);
    assert.equal(seriesByName(stack.store, 'http_server_duration_seconds_count')[0]!.values.at(-1), 1);
    assert.equal(seriesByName(stack.store, 'queue_depth')[0]!.values.at(-1), -3, 'a non-monotonic sum is a gauge, without _total');
    const info = seriesByName(stack.store, 'target_info');
    assert.equal(info.length, 1);
    assert.equal(info[0]!.labels['host_name'], 'node-a');
    assert.equal(info[0]!.labels['job'], 'shop/api');
    const meta = stack.store.metrics.metadata('http_server_duration_seconds');
    assert.equal(meta['http_server_duration_seconds']?.[0]?.type, 'histogram');
    assert.equal(meta['http_server_duration_seconds']?.[0]?.unit, 'seconds');
  });

  test(`OTLP ${transport}: logs from the OpenTelemetry JS exporter become classified streams with Loki's OTLP labels and metadata`, async (t) => {
    const stack = await startTestStack(t);
    const opts = endpoint(stack, transport, '/v1/logs');
    const exporter = transport === 'proto' ? new LogsProto(opts) : transport === 'json' ? new LogsJson(opts) : new LogsGrpc(opts);
    const provider = new LoggerProvider({ resource: resourceFromAttributes({ 'service.name': 'api', 'k8s.namespace.name': 'playground', 'host.name': 'node-a' }), processors: [new SimpleLogRecordProcessor({ exporter })] });
    const logger = provider.getLogger('app');
    const now = Date.now();
    logger.emit({ severityNumber: SeverityNumber.WARN, severityText: 'WARN', body: 'disk almost full', attributes: { 'disk.path': '/var' }, timestamp: now });
    logger.emit({ severityNumber: SeverityNumber.INFO, body: 'login ok Authorization: Bearer abcdefghijklmnop', timestamp: now + 1 });
    await provider.forceFlush();
    await provider.shutdown();

    const streams = stack.store.logs.streams([{ name: 'service_name', op: '=', value: 'api' }], 0n, BigInt(now + 60_000) * 1_000_000n);
    const warn = streams.find((s) => s.labels['level'] === 'warn');
    assert.ok(warn, `a warn stream among ${JSON.stringify(streams.map((s) => s.labels))}`);
    assert.equal(warn.labels['k8s_namespace_name'], 'playground');
    assert.equal(warn.labels['source'], 'otlp');
    assert.ok(warn.labels['ola_category'], 'classified');
    assert.equal(warn.labels['host_name'], undefined, 'non-index resource attributes are metadata, not labels');
    const [entry] = [...stack.store.logs.entries(warn.id, 0n, BigInt(now + 60_000) * 1_000_000n, 'forward')];
    assert.equal(entry!.line, 'disk almost full');
    assert.equal(entry!.tsNs, BigInt(now) * 1_000_000n);
    assert.equal(entry!.metadata?.['disk_path'], '/var');
    assert.equal(entry!.metadata?.['host_name'], 'node-a');
    assert.equal(entry!.metadata?.['severity_text'], 'WARN');
    const info = streams.find((s) => s.labels['level'] === 'info')!;
    const [secret] = [...stack.store.logs.entries(info.id, 0n, BigInt(now + 60_000) * 1_000_000n, 'forward')];
    assert.ok(!secret!.line.includes('abcdefghijklmnop'), `the bearer token is redacted: ${secret!.line}`);
  });
}
