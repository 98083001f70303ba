import { hostname } from 'node:os';
import type { MeterProvider } from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { registerInstrumentations } from '@opentelemetry/instrumentation';
import { defaultResource, resourceFromAttributes, type Resource } from '@opentelemetry/resources';
import { BatchSpanProcessor, type BufferConfig, type SpanProcessor } from '@opentelemetry/sdk-trace-base';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import type { ResolvedConfig } from '../config/options.js';
import type { SdkMetrics } from '../metrics/sdk-metrics.js';
import { createDeliveryAccounting } from '../telemetry/delivery-accounting.js';
import { defaultInstrumentations } from './instrumentations.js';
import { QueryRedactingSpanProcessor } from './query-redaction.js';

/** The running trace pipeline. */
export interface Tracing {
  /** Flushes and stops; the caller bounds how long it may take. */
  shutdown(): Promise<void>;
  /** After a shutdown that ran out of time: counts what is left as dropped and returns how many. */
  abandon(): number;
  /** True when the last export failed (see `DeliveryAccounting.failing`). */
  failing(): boolean;
}

/**
 * The service's resource: `service.name` and the configured attributes over the SDK's defaults.
 * The process detector is left out on purpose: it records the command line, which may hold a secret.
 */
export function createResource(config: ResolvedConfig): Resource {
  return defaultResource().merge(
    resourceFromAttributes({ 'host.name': hostname(), 'process.pid': process.pid, ...config.resourceAttributes }),
  );
}

/**
 * Starts tracing: a Node tracer provider (AsyncLocalStorage context, W3C trace context and baggage
 * propagation, sampler from `OTEL_TRACES_SAMPLER`), URL redaction, and when the exporter is `otlp`
 * a batch processor (`OTEL_BSP_*`) in front of the OTLP/HTTP protobuf exporter
 * (`OTEL_EXPORTER_OTLP_TIMEOUT`, `_HEADERS`, `_COMPRESSION` are read by the exporter itself).
 */
export function startTracing(config: ResolvedConfig, resource: Resource, metrics: SdkMetrics): Tracing {
  const accounting = createDeliveryAccounting('traces', metrics);
  const processors: SpanProcessor[] = [new QueryRedactingSpanProcessor()];
  if (config.tracesExporter === 'otlp') {
    const exporter = accounting.wrapExporter(new OTLPTraceExporter({ url: config.tracesEndpoint }));
    // The shim's BufferConfig type predates the self-observability option, which it passes through.
    const buffer: BufferConfig & { selfObsMeterProvider: MeterProvider } = { selfObsMeterProvider: accounting.meterProvider };
    processors.push(new BatchSpanProcessor(exporter, buffer));
  }
  const provider = new NodeTracerProvider({ resource, spanProcessors: processors });
  provider.register();
  const disableInstrumentations = registerInstrumentations({
    tracerProvider: provider,
    instrumentations: defaultInstrumentations(config.quietPaths),
  });
  return {
    async shutdown() {
      disableInstrumentations();
      await provider.shutdown();
    },
    abandon: () => accounting.abandon(),
    failing: () => accounting.failing(),
  };
}
