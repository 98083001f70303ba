import { context } from '@opentelemetry/api';
import { SeverityNumber, type AnyValue, type AnyValueMap } from '@opentelemetry/api-logs';
import { getNumberFromEnv } from '@opentelemetry/core';
import { OTLPLogExporter } from '@opentelemetry/exporter-logs-otlp-proto';
import type { Resource } from '@opentelemetry/resources';
import { BatchLogRecordProcessor, LoggerProvider, type BatchLogRecordProcessorOptions } from '@opentelemetry/sdk-logs';
import type { LogLevel, ResolvedConfig } from '../config/options.js';
import type { SdkMetrics } from '../metrics/sdk-metrics.js';
import { createDeliveryAccounting } from '../telemetry/delivery-accounting.js';
import type { LogFields, LogSink } from './logger.js';

const SEVERITY: Record<LogLevel, SeverityNumber> = {
  debug: SeverityNumber.DEBUG,
  info: SeverityNumber.INFO,
  warn: SeverityNumber.WARN,
  error: SeverityNumber.ERROR,
};

/** The OTLP logs pipeline behind the stdout logger. */
export interface OtlpLogs {
  readonly sink: LogSink;
  shutdown(): Promise<void>;
  abandon(): number;
  failing(): boolean;
}

function toAnyValue(value: unknown, depth = 0): AnyValue {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  if (typeof value === 'bigint') return value.toString();
  if (value instanceof Date) return value.toISOString();
  if (value instanceof Error) return { type: value.name, message: value.message, ...(value.stack ? { stack: value.stack } : {}) };
  if (depth > 3) return String(value);
  if (Array.isArray(value)) return value.map((v) => toAnyValue(v, depth + 1));
  if (typeof value === 'object') return toAttributes(value as LogFields, depth + 1);
  return String(value);
}

function toAttributes(fields: LogFields, depth = 0): AnyValueMap {
  const out: AnyValueMap = {};
  for (const [key, value] of Object.entries(fields)) out[key] = toAnyValue(value, depth);
  return out;
}

/**
 * Exports every log line also as an OTLP log record (`OTEL_LOGS_EXPORTER=otlp`), in the active
 * context so the record carries the trace and span ids. The batch processor reads the standard
 * `OTEL_BLRP_*` variables; drops are counted like the traces'.
 */
export function startOtlpLogs(config: ResolvedConfig, resource: Resource, metrics: SdkMetrics): OtlpLogs {
  const accounting = createDeliveryAccounting('logs', metrics);
  const options: BatchLogRecordProcessorOptions = {
    exporter: accounting.wrapExporter(new OTLPLogExporter({ url: config.logsEndpoint })),
    selfObsMeterProvider: accounting.meterProvider,
  };
  const fromEnv = {
    maxExportBatchSize: getNumberFromEnv('OTEL_BLRP_MAX_EXPORT_BATCH_SIZE'),
    maxQueueSize: getNumberFromEnv('OTEL_BLRP_MAX_QUEUE_SIZE'),
    scheduledDelayMillis: getNumberFromEnv('OTEL_BLRP_SCHEDULE_DELAY'),
    exportTimeoutMillis: getNumberFromEnv('OTEL_BLRP_EXPORT_TIMEOUT'),
  };
  for (const [key, value] of Object.entries(fromEnv)) if (value !== undefined) Object.assign(options, { [key]: value });
  const provider = new LoggerProvider({ resource, processors: [new BatchLogRecordProcessor(options)] });
  const otelLogger = provider.getLogger('@srcobs/sdk');
  return {
    sink: {
      emit(level, msg, fields) {
        otelLogger.emit({
          severityNumber: SEVERITY[level],
          severityText: level.toUpperCase(),
          body: msg,
          attributes: toAttributes(fields),
          context: context.active(),
        });
      },
    },
    shutdown: () => provider.shutdown(),
    abandon: () => accounting.abandon(),
    failing: () => accounting.failing(),
  };
}
