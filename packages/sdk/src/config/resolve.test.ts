import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SdkConfigError } from '../errors.js';
import type { InstrumentOptions } from './options.js';
import { parseResourceAttributes, resolveConfig } from './resolve.js';

const cases: Array<{ name: string; options?: InstrumentOptions; env: Record<string, string>; fallback?: string; expect: Record<string, unknown>; warnings?: RegExp[] }> = [
  {
    name: 'defaults: localhost:4318, traces exported, logs to stdout only',
    env: {},
    expect: { serviceName: 'unknown_service:node', tracesEndpoint: 'http://localhost:4318/v1/traces', logsEndpoint: 'http://localhost:4318/v1/logs', tracesExporter: 'otlp', logsExporter: 'none', disabled: false, shutdownTimeoutMillis: 5000 },
  },
  {
    name: 'OTEL_SERVICE_NAME wins over OTEL_RESOURCE_ATTRIBUTES and the fallback',
    env: { OTEL_SERVICE_NAME: 'checkout', OTEL_RESOURCE_ATTRIBUTES: 'service.name=other,deployment.environment=dev' },
    fallback: 'pkg',
    expect: { serviceName: 'checkout' },
  },
  { name: 'service.name from OTEL_RESOURCE_ATTRIBUTES over the fallback', env: { OTEL_RESOURCE_ATTRIBUTES: 'service.name=billing' }, fallback: 'pkg', expect: { serviceName: 'billing' } },
  { name: 'the fallback over the default', env: {}, fallback: 'test-app', expect: { serviceName: 'test-app' } },
  { name: 'the option over every variable', options: { serviceName: 'explicit' }, env: { OTEL_SERVICE_NAME: 'env' }, expect: { serviceName: 'explicit' } },
  {
    name: 'base endpoint gets the signal paths, with or without a trailing slash',
    env: { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318/' },
    expect: { tracesEndpoint: 'http://collector:4318/v1/traces', logsEndpoint: 'http://collector:4318/v1/logs' },
  },
  {
    name: 'per-signal endpoints are used as they are',
    env: { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://a:4318', OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://b:9999/custom' },
    expect: { tracesEndpoint: 'http://b:9999/custom', logsEndpoint: 'http://a:4318/v1/logs' },
  },
  {
    name: 'OTEL_SDK_DISABLED, OTEL_LOGS_EXPORTER=otlp, OTEL_TRACES_EXPORTER=none, case-insensitive',
    env: { OTEL_SDK_DISABLED: 'TRUE', OTEL_LOGS_EXPORTER: 'OTLP', OTEL_TRACES_EXPORTER: 'none' },
    expect: { disabled: true, logsExporter: 'otlp', tracesExporter: 'none' },
  },
  {
    name: 'bad variables become warnings and defaults, never errors',
    env: { OTEL_EXPORTER_OTLP_ENDPOINT: 'localhost:4318', OTEL_LOGS_EXPORTER: 'console', SRCOBS_SHUTDOWN_TIMEOUT: 'soon', SRCOBS_LOG_LEVEL: 'loud' },
    expect: { tracesEndpoint: 'http://localhost:4318/v1/traces', logsExporter: 'none', shutdownTimeoutMillis: 5000, logLevel: 'info' },
    warnings: [/OTEL_EXPORTER_OTLP_ENDPOINT/, /OTEL_LOGS_EXPORTER/, /SRCOBS_SHUTDOWN_TIMEOUT/, /SRCOBS_LOG_LEVEL/],
  },
];

for (const c of cases) {
  test(`resolveConfig: ${c.name}`, () => {
    const { config, warnings } = resolveConfig(c.options, c.env, c.fallback);
    for (const [key, value] of Object.entries(c.expect)) assert.deepEqual((config as unknown as Record<string, unknown>)[key], value, key);
    assert.equal(warnings.length, c.warnings?.length ?? 0, warnings.join('\n'));
    for (const re of c.warnings ?? []) assert.ok(warnings.some((w) => re.test(w)), `a warning matching ${re}`);
  });
}

test('resolveConfig: a bad option is an SdkConfigError that says what to pass', () => {
  assert.throws(() => resolveConfig({ serviceName: ' ' }, {}), (e: unknown) => e instanceof SdkConfigError && e.code === 'sdk_config_invalid' && /serviceName/.test(e.message));
  assert.throws(() => resolveConfig({ otlpEndpoint: 'collector:4318' }, {}), SdkConfigError);
  assert.throws(() => resolveConfig({ shutdownTimeoutMillis: 0 }, {}), SdkConfigError);
});

test('resource attributes: the service name is the resolved one, and values are percent-decoded', () => {
  const { config } = resolveConfig({ serviceName: 'a', resourceAttributes: { team: 'sre' } }, { OTEL_RESOURCE_ATTRIBUTES: 'service.name=b,k8s.namespace.name=play%20ground' });
  assert.deepEqual(config.resourceAttributes, { 'service.name': 'a', 'k8s.namespace.name': 'play ground', team: 'sre' });
  const warnings: string[] = [];
  assert.deepEqual(parseResourceAttributes('=x,ok=1,,bad=%E0%A4%A', warnings), { ok: '1' });
  assert.equal(warnings.length, 2);
});
