import type { DestinationStream } from 'pino';

/** Where log lines and traces go, as `instrument()` resolved them. */
export type LogsExporter = 'none' | 'otlp';
/** `otlp` exports spans; `none` still creates them (trace ids in logs and exemplars) but sends nothing. */
export type TracesExporter = 'none' | 'otlp';
/** Levels the logger writes, lowest first. */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

/**
 * Options of {@link instrument}. Every field is optional: each falls back to its standard `OTEL_*`
 * environment variable (read by `resolveConfig`), then to a default.
 */
export interface InstrumentOptions {
  /** `service.name`. Wins over `OTEL_SERVICE_NAME` and `OTEL_RESOURCE_ATTRIBUTES`. Default `unknown_service:node`. */
  readonly serviceName?: string;
  /** Extra resource attributes, merged over `OTEL_RESOURCE_ATTRIBUTES`. */
  readonly resourceAttributes?: Readonly<Record<string, string>>;
  /** Base OTLP/HTTP URL (`OTEL_EXPORTER_OTLP_ENDPOINT`, default `http://localhost:4318`); `/v1/traces` and `/v1/logs` are appended. */
  readonly otlpEndpoint?: string;
  /** Full traces URL, used as is (`OTEL_EXPORTER_OTLP_TRACES_ENDPOINT`). */
  readonly tracesEndpoint?: string;
  /** Full logs URL, used as is (`OTEL_EXPORTER_OTLP_LOGS_ENDPOINT`). */
  readonly logsEndpoint?: string;
  /** `OTEL_TRACES_EXPORTER`: `otlp` (default) or `none`. */
  readonly tracesExporter?: TracesExporter;
  /** `OTEL_LOGS_EXPORTER`: `none` (default: logs go to stdout only) or `otlp` (stdout and OTLP). */
  readonly logsExporter?: LogsExporter;
  /** `OTEL_SDK_DISABLED=true` turns tracing and OTLP off; logs and `/metrics` keep working. */
  readonly disabled?: boolean;
  /** Lowest level written (`SRCOBS_LOG_LEVEL`, default `info`). */
  readonly logLevel?: LogLevel;
  /**
   * How long `shutdown()` may take to flush, in ms (`SRCOBS_SHUTDOWN_TIMEOUT`, default 5000). What is still queued after that
   * is counted in `srcobs_sdk_dropped_total` and left behind, so a stuck collector cannot hold a
   * terminating pod until Kubernetes kills it.
   */
  readonly shutdownTimeoutMillis?: number;
  /** Request paths that get no span and no access-log line (default `/metrics`, `/healthz`); they still count in the request histogram. */
  readonly quietPaths?: readonly string[];
  /** Register Node's default process metrics (`process_*`, `nodejs_*`). Default true. */
  readonly defaultMetrics?: boolean;
  /** Where log lines go (default stdout, written synchronously so nothing is lost on exit). Tests pass a stream. */
  readonly logDestination?: DestinationStream;
}

/** The options after environment and defaults: what the SDK actually runs with. */
export interface ResolvedConfig {
  readonly serviceName: string;
  readonly resourceAttributes: Readonly<Record<string, string>>;
  readonly tracesEndpoint: string;
  readonly logsEndpoint: string;
  readonly tracesExporter: TracesExporter;
  readonly logsExporter: LogsExporter;
  readonly disabled: boolean;
  readonly logLevel: LogLevel;
  readonly shutdownTimeoutMillis: number;
  readonly quietPaths: readonly string[];
  readonly defaultMetrics: boolean;
  readonly logDestination: DestinationStream | undefined;
}

/** OTLP/HTTP's default base URL (the spec's, and the local stack's OTLP HTTP port). */
export const DEFAULT_OTLP_ENDPOINT = 'http://localhost:4318';
/** The OTel spec's name for a service that did not say its name. */
export const DEFAULT_SERVICE_NAME = 'unknown_service:node';
/** Long enough for one export to a healthy collector, short of Kubernetes' 30 s grace period. */
export const DEFAULT_SHUTDOWN_TIMEOUT_MILLIS = 5_000;
/** Scrapes and probes: measured, but neither traced nor access-logged. */
export const DEFAULT_QUIET_PATHS: readonly string[] = ['/metrics', '/healthz'];
