import { diag, DiagLogLevel } from '@opentelemetry/api';
import { setGlobalErrorHandler } from '@opentelemetry/core';
import type { InstrumentOptions, ResolvedConfig } from './config/options.js';
import { resolveConfig } from './config/resolve.js';
import { createDiagLogger } from './diag/diag-logger.js';
import { createHttpMiddleware, type HttpMiddleware } from './http/middleware.js';
import { createAudit, type Audit } from './logs/audit.js';
import { createLogger, type Logger } from './logs/logger.js';
import { startOtlpLogs, type OtlpLogs } from './logs/otlp-logs.js';
import { createMetricsHandler, type MetricsHandler } from './metrics/handler.js';
import { createSdkMetrics, type SdkMetrics } from './metrics/sdk-metrics.js';
import { createResource, startTracing, type Tracing } from './traces/tracing.js';

/** One instrumented service: what `instrument()` returns. */
export interface Sdk {
  /** What the SDK runs with, after options, `OTEL_*` variables and defaults. */
  readonly config: ResolvedConfig;
  readonly logger: Logger;
  readonly audit: Audit;
  readonly metrics: SdkMetrics;
  /** Request metrics and the access log; mount it first (`app.use(sdk.httpMiddleware)`). */
  readonly httpMiddleware: HttpMiddleware;
  /** Serves `/metrics` (`app.get('/metrics', sdk.metricsHandler)`). */
  readonly metricsHandler: MetricsHandler;
  /** True when spans are recorded (false with `OTEL_SDK_DISABLED=true`). */
  readonly tracing: boolean;
  /**
   * True when the process was started with `--import @srcobs/sdk/register`. Without it, an ESM
   * service's static imports (express, node:http) load before `instrument()` can patch them, so
   * incoming requests get no spans: a service should warn when this is false.
   */
  readonly hooked: boolean;
  /**
   * Flushes traces and logs, within `shutdownTimeoutMillis`; what is left then is counted as
   * dropped. Safe to call more than once: every call returns the same promise. Never rejects.
   */
  shutdown(): Promise<void>;
}

const GLOBAL_KEY = Symbol.for('srcobs.sdk.instance');
type GlobalSlot = { [GLOBAL_KEY]?: Sdk };

/** The instrumented service of this process, if `instrument()` ran. */
export function currentSdk(): Sdk | undefined {
  return (globalThis as GlobalSlot)[GLOBAL_KEY];
}

/** The instance, instrumenting from the environment on first use so `logger` and `audit` always work. */
export function getSdk(): Sdk {
  return currentSdk() ?? instrument();
}

/**
 * Instruments this process once: traces (OpenTelemetry, OTLP/HTTP protobuf), Prometheus metrics,
 * JSON logs correlated with traces, and the OLA audit API. Options override the standard variables:
 *
 * | variable | meaning | default |
 * | --- | --- | --- |
 * | `OTEL_SERVICE_NAME` | `service.name` | `unknown_service:node` (the register hook uses the package name) |
 * | `OTEL_RESOURCE_ATTRIBUTES` | extra resource attributes, `k=v,k2=v2` | none |
 * | `OTEL_EXPORTER_OTLP_ENDPOINT` | OTLP/HTTP base URL; `/v1/traces`, `/v1/logs` appended | `http://localhost:4318` |
 * | `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT`, `_LOGS_ENDPOINT` | full per-signal URL | from the base |
 * | `OTEL_EXPORTER_OTLP_TIMEOUT`, `_HEADERS`, `_COMPRESSION` | read by the OTLP exporters | 10000 ms, none, none |
 * | `OTEL_TRACES_EXPORTER` | `otlp` or `none` | `otlp` |
 * | `OTEL_TRACES_SAMPLER`, `OTEL_TRACES_SAMPLER_ARG` | sampler | `parentbased_always_on` |
 * | `OTEL_LOGS_EXPORTER` | `none` (stdout only) or `otlp` (stdout and OTLP) | `none` |
 * | `OTEL_BSP_*`, `OTEL_BLRP_*` | batch processors: `SCHEDULE_DELAY`, `EXPORT_TIMEOUT`, `MAX_QUEUE_SIZE`, `MAX_EXPORT_BATCH_SIZE` | 5000/1000, 30000, 2048, 512 |
 * | `OTEL_SDK_DISABLED` | `true`: no tracing, no OTLP; logs and metrics stay | `false` |
 * | `OTEL_LOG_LEVEL` | level of the SDK's own diagnostics | `warn` |
 * | `SRCOBS_LOG_LEVEL` | lowest level the service logger writes | `info` |
 * | `SRCOBS_SHUTDOWN_TIMEOUT` | ms `shutdown()` may spend flushing before it drops the rest | `5000` |
 *
 * A second call returns the first instance (and warns if it was given options). A collector
 * that is down, slow or refusing costs only dropped telemetry, counted in
 * `srcobs_sdk_dropped_total{signal}`.
 *
 * @example
 * ```ts
 * // main.ts of an ESM service started with `node --import @srcobs/sdk/register dist/main.js`
 * import express from 'express';
 * import { getSdk, handleShutdownSignals } from '@srcobs/sdk';
 * const sdk = getSdk();
 * const app = express();
 * app.use(sdk.httpMiddleware);
 * app.get('/metrics', sdk.metricsHandler);
 * handleShutdownSignals(app.listen(3000));
 * ```
 */
export function instrument(options?: InstrumentOptions): Sdk {
  const existing = currentSdk();
  if (existing) {
    if (options && Object.keys(options).length > 0) {
      diag.warn('instrument() was already called (by --import @srcobs/sdk/register?): the options of this call are ignored');
    }
    return existing;
  }
  const sdk = createSdk(options);
  (globalThis as GlobalSlot)[GLOBAL_KEY] = sdk;
  return sdk;
}

/**
 * For the register hook: instruments from the environment, naming the service after the started
 * package when no variable names it (internal, not in the package's index).
 */
export function instrumentFromHook(fallbackServiceName: string | undefined): Sdk {
  const existing = currentSdk();
  if (existing) return existing;
  const sdk = createSdk(undefined, fallbackServiceName, true);
  (globalThis as GlobalSlot)[GLOBAL_KEY] = sdk;
  return sdk;
}

function diagLevel(): DiagLogLevel {
  const name = (process.env['OTEL_LOG_LEVEL'] ?? 'warn').trim().toUpperCase();
  const level = (DiagLogLevel as unknown as Record<string, DiagLogLevel | undefined>)[name];
  return level ?? DiagLogLevel.WARN;
}

function createSdk(options: InstrumentOptions | undefined, fallbackServiceName?: string, hooked = false): Sdk {
  const { config, warnings } = resolveConfig(options, process.env, fallbackServiceName);
  const metrics = createSdkMetrics({ defaultMetrics: config.defaultMetrics });
  const resource = createResource(config);
  const otlpLogs: OtlpLogs | undefined = !config.disabled && config.logsExporter === 'otlp' ? startOtlpLogs(config, resource, metrics) : undefined;
  const logger = createLogger({ service: config.serviceName, level: config.logLevel, destination: config.logDestination, sink: otlpLogs?.sink });

  // Every internal error of OpenTelemetry goes to one place: rate-limited lines of this logger.
  diag.setLogger(createDiagLogger(logger), { logLevel: diagLevel(), suppressOverrideMessage: true });
  setGlobalErrorHandler((error) => diag.error('telemetry export failed; the service is unaffected, the telemetry is dropped and counted', error));
  for (const warning of warnings) diag.warn(warning);

  const tracing: Tracing | undefined = config.disabled ? undefined : startTracing(config, resource, metrics);
  const audit = createAudit(logger);
  let stopping: Promise<void> | undefined;

  return {
    config,
    logger,
    audit,
    metrics,
    httpMiddleware: createHttpMiddleware({ metrics, audit, quietPaths: config.quietPaths }),
    metricsHandler: createMetricsHandler(() => metrics.registry),
    tracing: tracing !== undefined,
    hooked,
    shutdown() {
      stopping ??= shutdownWithin(config.shutdownTimeoutMillis, logger, tracing, otlpLogs);
      return stopping;
    },
  };
}

/**
 * When every exporting signal's last export failed, the collector is down or refusing: a flush
 * would only wait out the exporter's retries, so shutdown gives it this long instead of the full
 * bound (Ctrl-C of a service whose collector is absent should not take 5 s).
 */
const UNREACHABLE_FLUSH_MILLIS = 1_000;

async function shutdownWithin(bound: number, logger: Logger, tracing: Tracing | undefined, logs: OtlpLogs | undefined): Promise<void> {
  const exporting = [tracing, logs].filter((p): p is Tracing | OtlpLogs => p !== undefined);
  const unreachable = exporting.length > 0 && exporting.every((p) => p.failing());
  const timeoutMillis = unreachable ? Math.min(bound, UNREACHABLE_FLUSH_MILLIS) : bound;
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), timeoutMillis);
    timer.unref();
  });
  const flushed = Promise.allSettled([tracing?.shutdown(), logs?.shutdown()]).then(() => 'flushed' as const);
  const outcome = await Promise.race([flushed, timedOut]);
  clearTimeout(timer);
  if (outcome === 'timeout') {
    const traces = tracing?.abandon() ?? 0;
    const logRecords = logs?.abandon() ?? 0;
    logger.warn('telemetry not flushed in time; the rest is dropped', {
      timeout_ms: timeoutMillis,
      collector_unreachable: unreachable,
      dropped_spans: traces,
      dropped_log_records: logRecords,
    });
  }
}
