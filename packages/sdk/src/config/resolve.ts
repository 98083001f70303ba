import { SdkConfigError } from '../errors.js';
import {
  DEFAULT_OTLP_ENDPOINT,
  DEFAULT_QUIET_PATHS,
  DEFAULT_SERVICE_NAME,
  DEFAULT_SHUTDOWN_TIMEOUT_MILLIS,
  type InstrumentOptions,
  type LogLevel,
  type ResolvedConfig,
} from './options.js';

/** The configuration, and what was wrong with the environment (reported once the logger exists). */
export interface Resolution {
  readonly config: ResolvedConfig;
  readonly warnings: readonly string[];
}

type Env = Readonly<Record<string, string | undefined>>;

const LOG_LEVELS: readonly LogLevel[] = ['debug', 'info', 'warn', 'error'];

/**
 * Applies the standard OpenTelemetry environment variables under the explicit options, then the
 * defaults. Programmatic options win (as in the OTel NodeSDK); `fallbackServiceName` comes after
 * every variable and before `unknown_service:node`. A bad option throws
 * {@link SdkConfigError}; a bad environment value becomes a warning and its default.
 */
export function resolveConfig(options: InstrumentOptions = {}, env: Env = process.env, fallbackServiceName?: string): Resolution {
  const warnings: string[] = [];
  const envAttributes = parseResourceAttributes(env['OTEL_RESOURCE_ATTRIBUTES'], warnings);
  if (options.serviceName !== undefined && options.serviceName.trim() === '') {
    throw new SdkConfigError('instrument({ serviceName }) is empty: pass the name the service has in Kubernetes, e.g. "test-app"');
  }
  const serviceName = options.serviceName ?? nonEmpty(env['OTEL_SERVICE_NAME']) ?? envAttributes['service.name'] ?? fallbackServiceName ?? DEFAULT_SERVICE_NAME;

  const base = options.otlpEndpoint !== undefined
    ? checkOptionUrl('otlpEndpoint', options.otlpEndpoint)
    : envUrl(env, 'OTEL_EXPORTER_OTLP_ENDPOINT', warnings) ?? DEFAULT_OTLP_ENDPOINT;
  const tracesEndpoint = options.tracesEndpoint !== undefined
    ? checkOptionUrl('tracesEndpoint', options.tracesEndpoint)
    : envUrl(env, 'OTEL_EXPORTER_OTLP_TRACES_ENDPOINT', warnings) ?? signalUrl(base, 'v1/traces');
  const logsEndpoint = options.logsEndpoint !== undefined
    ? checkOptionUrl('logsEndpoint', options.logsEndpoint)
    : envUrl(env, 'OTEL_EXPORTER_OTLP_LOGS_ENDPOINT', warnings) ?? signalUrl(base, 'v1/logs');

  const shutdownTimeoutMillis = options.shutdownTimeoutMillis ?? envPositive(env, 'SRCOBS_SHUTDOWN_TIMEOUT', warnings) ?? DEFAULT_SHUTDOWN_TIMEOUT_MILLIS;
  if (!(shutdownTimeoutMillis > 0)) throw new SdkConfigError(`shutdownTimeoutMillis must be a positive number of ms, got ${shutdownTimeoutMillis}`);

  return {
    config: {
      serviceName,
      resourceAttributes: { ...envAttributes, ...options.resourceAttributes, 'service.name': serviceName },
      tracesEndpoint,
      logsEndpoint,
      tracesExporter: options.tracesExporter ?? envChoice(env, 'OTEL_TRACES_EXPORTER', ['otlp', 'none'], 'otlp', warnings),
      logsExporter: options.logsExporter ?? envChoice(env, 'OTEL_LOGS_EXPORTER', ['none', 'otlp'], 'none', warnings),
      disabled: options.disabled ?? env['OTEL_SDK_DISABLED']?.trim().toLowerCase() === 'true',
      logLevel: options.logLevel ?? envChoice(env, 'SRCOBS_LOG_LEVEL', LOG_LEVELS, 'info', warnings),
      shutdownTimeoutMillis,
      quietPaths: options.quietPaths ?? DEFAULT_QUIET_PATHS,
      defaultMetrics: options.defaultMetrics ?? true,
      logDestination: options.logDestination,
    },
    warnings,
  };
}

/** `OTEL_RESOURCE_ATTRIBUTES`: `key=value` pairs separated by commas, values percent-encoded (W3C Baggage style). */
export function parseResourceAttributes(raw: string | undefined, warnings: string[] = []): Record<string, string> {
  const out: Record<string, string> = {};
  if (!raw) return out;
  for (const pair of raw.split(',')) {
    if (pair.trim() === '') continue;
    const eq = pair.indexOf('=');
    const key = eq > 0 ? pair.slice(0, eq).trim() : '';
    if (key === '') {
      warnings.push(`OTEL_RESOURCE_ATTRIBUTES: ignored ${JSON.stringify(pair)}, expected key=value`);
      continue;
    }
    try {
      out[key] = decodeURIComponent(pair.slice(eq + 1).trim());
    } catch {
      warnings.push(`OTEL_RESOURCE_ATTRIBUTES: ignored ${key}, its value is not valid percent-encoding`);
    }
  }
  return out;
}

function nonEmpty(value: string | undefined): string | undefined {
  const v = value?.trim();
  return v ? v : undefined;
}

function signalUrl(base: string, path: string): string {
  return base.endsWith('/') ? `${base}${path}` : `${base}/${path}`;
}

function checkOptionUrl(name: string, value: string): string {
  if (!isHttpUrl(value)) throw new SdkConfigError(`instrument({ ${name} }) must be an http(s) URL such as http://localhost:4318, got ${JSON.stringify(value)}`);
  return value;
}

function envUrl(env: Env, name: string, warnings: string[]): string | undefined {
  const value = nonEmpty(env[name]);
  if (value === undefined) return undefined;
  if (isHttpUrl(value)) return value;
  warnings.push(`${name}=${JSON.stringify(value)} is not an http(s) URL; using the default`);
  return undefined;
}

function isHttpUrl(value: string): boolean {
  try {
    const { protocol } = new URL(value);
    return protocol === 'http:' || protocol === 'https:';
  } catch {
    return false;
  }
}

function envPositive(env: Env, name: string, warnings: string[]): number | undefined {
  const value = nonEmpty(env[name]);
  if (value === undefined) return undefined;
  const n = Number(value);
  if (Number.isFinite(n) && n > 0) return n;
  warnings.push(`${name}=${JSON.stringify(value)} is not a positive number of milliseconds; using the default`);
  return undefined;
}

function envChoice<T extends string>(env: Env, name: string, allowed: readonly T[], fallback: T, warnings: string[]): T {
  const value = nonEmpty(env[name])?.toLowerCase();
  if (value === undefined) return fallback;
  if ((allowed as readonly string[]).includes(value)) return value as T;
  warnings.push(`${name}=${JSON.stringify(value)} is not one of ${allowed.join(', ')}; using ${fallback}`);
  return fallback;
}
