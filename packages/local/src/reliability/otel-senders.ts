import { context, trace } from '@opentelemetry/api';
import { OTLPLogExporter } from '@opentelemetry/exporter-logs-otlp-proto';
import { OTLPMetricExporter } from '@opentelemetry/exporter-metrics-otlp-proto';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { InMemoryLogRecordExporter, LoggerProvider, SimpleLogRecordProcessor } from '@opentelemetry/sdk-logs';
import { MeterProvider, MetricReader, type ResourceMetrics } from '@opentelemetry/sdk-metrics';
import { BasicTracerProvider, type ReadableSpan } from '@opentelemetry/sdk-trace-base';

/**
 * Real OpenTelemetry JS exporters (OTLP/HTTP protobuf, 0.223) sending numbered batches: what an
 * instrumented service does, retries included (the exporters retry 429/503 after Retry-After).
 * Each sender exports its batches one after the other and records what it sent and how each export
 * ended, so a test can compare what the exporters delivered with what the stack stores.
 */

/** Service names the stored data carries, to count it back through the query APIs. */
export const OTEL_SERVICE = { traces: 'otel-traces', logs: 'otel-logs', metrics: 'otel-metrics' } as const;
/** The gauge every metrics sender writes. */
export const OTEL_GAUGE = 'otel_load_gauge';

/** What a group of exporters of one signal did. */
export interface OtelLedger {
  /** Items (spans, log records, data points) in exports that reported success. */
  delivered: number;
  /** Items in exports that failed after the exporter's retries. */
  failed: number;
  /** Why exports failed, by message. */
  readonly errors: Map<string, number>;
  /** Trace ids with their span counts, for traces. */
  readonly traces: Map<string, number>;
}

/** What an exporter's callback receives (`ExportResult` of @opentelemetry/core: code 0 is success). */
interface ExportResult {
  readonly code: number;
  readonly error?: Error;
}

const newLedger = (): OtelLedger => ({ delivered: 0, failed: 0, errors: new Map(), traces: new Map() });

function settle(ledger: OtelLedger, items: number, result: ExportResult): void {
  if (result.code === 0) ledger.delivered += items;
  else {
    ledger.failed += items;
    const why = String(result.error?.message ?? 'unknown').slice(0, 120);
    ledger.errors.set(why, (ledger.errors.get(why) ?? 0) + 1);
  }
}

const exportOnce = <T>(exporter: { export(items: T, cb: (r: ExportResult) => void): void }, items: T): Promise<ExportResult> => new Promise((resolve) => exporter.export(items, resolve));

/** Shape of a load: how many exporters, batches each, items per batch. */
export interface OtelLoad {
  readonly exporters: number;
  readonly batches: number;
  readonly items: number;
}

/** Span exporters: every batch is one trace of `items` spans. */
export async function sendTraces(otlpHttp: string, load: OtelLoad): Promise<OtelLedger> {
  const ledger = newLedger();
  const tracer = new BasicTracerProvider({ resource: resourceFromAttributes({ 'service.name': OTEL_SERVICE.traces }) }).getTracer('reliability');
  await Promise.all(
    Array.from({ length: load.exporters }, async (_, e) => {
      const exporter = new OTLPTraceExporter({ url: `${otlpHttp}/v1/traces` });
      for (let b = 0; b < load.batches; b++) {
        const root = tracer.startSpan(`batch ${e}/${b}`);
        const parent = trace.setSpan(context.active(), root);
        const spans: ReadableSpan[] = Array.from({ length: load.items - 1 }, (_, i) => {
          const span = tracer.startSpan(`step ${i}`, { attributes: { exporter: e, batch: b, i } }, parent);
          span.end();
          return span as unknown as ReadableSpan;
        });
        root.end();
        spans.push(root as unknown as ReadableSpan);
        ledger.traces.set(root.spanContext().traceId, spans.length);
        settle(ledger, spans.length, await exportOnce(exporter, spans));
      }
      await exporter.shutdown();
    }),
  );
  return ledger;
}

/** Log exporters: records captured by the SDK's in-memory exporter, then exported by the OTLP one. */
export async function sendLogs(otlpHttp: string, load: OtelLoad): Promise<OtelLedger> {
  const ledger = newLedger();
  await Promise.all(
    Array.from({ length: load.exporters }, async (_, e) => {
      const memory = new InMemoryLogRecordExporter();
      const provider = new LoggerProvider({ resource: resourceFromAttributes({ 'service.name': OTEL_SERVICE.logs }), processors: [new SimpleLogRecordProcessor({ exporter: memory })] });
      const logger = provider.getLogger('reliability');
      const exporter = new OTLPLogExporter({ url: `${otlpHttp}/v1/logs` });
      for (let b = 0; b < load.batches; b++) {
        for (let i = 0; i < load.items; i++) logger.emit({ body: `exporter ${e} batch ${b} record ${i}`, severityNumber: 9, attributes: { exporter: e } });
        const records = memory.getFinishedLogRecords();
        memory.reset();
        settle(ledger, records.length, await exportOnce(exporter, records));
      }
      await exporter.shutdown();
      await provider.shutdown();
    }),
  );
  return ledger;
}

/** A reader the test drives by hand: each `collect()` is one export's worth of data points. */
class ManualReader extends MetricReader {
  protected override async onShutdown(): Promise<void> {}
  protected override async onForceFlush(): Promise<void> {}
}

function dataPoints(rm: ResourceMetrics): number {
  let n = 0;
  for (const sm of rm.scopeMetrics) for (const m of sm.metrics) n += m.dataPoints.length;
  return n;
}

/** Metric exporters: batch `b` sets `items` gauge series of its own (labels exporter, batch, i). */
export async function sendMetrics(otlpHttp: string, load: OtelLoad): Promise<OtelLedger> {
  const ledger = newLedger();
  await Promise.all(
    Array.from({ length: load.exporters }, async (_, e) => {
      const reader = new ManualReader();
      const provider = new MeterProvider({ resource: resourceFromAttributes({ 'service.name': OTEL_SERVICE.metrics }), readers: [reader] });
      const gauge = provider.getMeter('reliability').createGauge(OTEL_GAUGE);
      const exporter = new OTLPMetricExporter({ url: `${otlpHttp}/v1/metrics` });
      for (let b = 0; b < load.batches; b++) {
        for (let i = 0; i < load.items; i++) gauge.record(i, { exporter: String(e), batch: String(b), i: String(i) });
        const { resourceMetrics } = await reader.collect();
        settle(ledger, dataPoints(resourceMetrics), await exportOnce(exporter, resourceMetrics));
        // Data points of one series need distinct timestamps (ms), as a periodic reader's have.
        await new Promise((resolve) => setTimeout(resolve, 2));
      }
      await exporter.shutdown();
      await provider.shutdown();
    }),
  );
  return ledger;
}
