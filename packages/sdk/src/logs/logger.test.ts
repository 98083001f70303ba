import assert from 'node:assert/strict';
import { test } from 'node:test';
import { trace } from '@opentelemetry/api';
import { instrument } from '../sdk.js';
import { captureLines } from '../testing/capture.js';

// One process per test file: instrument() registers the global tracer provider for this file only.
const out = captureLines();
const sdk = instrument({ serviceName: 'unit', tracesExporter: 'none', logDestination: out.stream, logLevel: 'info' });

test('a line inside a span carries that span\'s trace and span ids; outside, none', () => {
  const tracer = trace.getTracer('unit-test');
  let ids: { traceId: string; spanId: string } | undefined;
  tracer.startActiveSpan('outer', (span) => {
    ids = span.spanContext();
    sdk.logger.info('inside', { order_id: 7 });
    span.end();
  });
  sdk.logger.warn('outside');
  const [inside, outside] = out.lines().slice(-2);
  assert.deepEqual([inside?.['trace_id'], inside?.['span_id']], [ids?.traceId, ids?.spanId]);
  assert.equal(inside?.['order_id'], 7);
  assert.equal(inside?.['service'], 'unit');
  assert.equal(inside?.['level'], 'info');
  assert.equal(new Date(String(inside?.['time'])).toISOString(), inside?.['time']);
  assert.equal(outside?.['trace_id'], undefined);
  assert.equal(outside?.['level'], 'warn');
});

test('levels below the configured one are not written; child loggers add their fields; errors are serialized', () => {
  const before = out.lines().length;
  sdk.logger.debug('hidden');
  sdk.logger.child({ component: 'db' }).error('query failed', { err: new Error('connection reset') });
  const lines = out.lines().slice(before);
  assert.equal(lines.length, 1);
  assert.equal(lines[0]?.['component'], 'db');
  assert.deepEqual([(lines[0]?.['err'] as Record<string, unknown>)['type'], (lines[0]?.['err'] as Record<string, unknown>)['message']], ['Error', 'connection reset']);
});

test('secrets in a message are redacted before the line is written', () => {
  sdk.logger.info('calling upstream with Authorization: Bearer abcdef123456 and password=hunter22');
  const text = out.text();
  assert.doesNotMatch(text, /abcdef123456|hunter22/);
});

test('instrument() twice returns the first instance', () => {
  assert.equal(instrument({ serviceName: 'other' }), sdk);
});
