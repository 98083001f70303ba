// The queries Grafana sends when a user jumps from a trace to its logs, end to end: logs arrive
// through the real receivers (Loki push, as Alloy sends pod logs; OTLP/HTTP, as the SDK's log
// bridge sends them), then Grafana's queries run over HTTP against the Loki API.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { startTestStack } from '../../testing/test-stack.js';

const TRACE = '4bf92f3577b34da6a3ce929d0e0e4736';
const OTHER = '0af7651916cd43dd8448eb211c80319c';

async function stackWithAppLogs(t: Parameters<typeof startTestStack>[0]) {
  const stack = await startTestStack(t);
  const http = stack.urls.http!;
  const nowNs = BigInt(Date.now()) * 1_000_000n;
  const push = await fetch(`${http}/loki/api/v1/push`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      streams: [
        {
          stream: { service_name: 'test-app', level: 'info' },
          values: [
            [String(nowNs - 3_000_000_000n), JSON.stringify({ level: 'info', service: 'test-app', trace_id: TRACE, span_id: '00f067aa0ba902b7', msg: 'GET /fast' })],
            [String(nowNs - 2_000_000_000n), JSON.stringify({ level: 'info', service: 'test-app', trace_id: OTHER, msg: 'GET /slow' })],
          ],
        },
      ],
    }),
  });
  assert.equal(push.status, 204);
  const otlp = await fetch(`${stack.urls.otlpHttp}/v1/logs`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      resourceLogs: [
        {
          resource: { attributes: [{ key: 'service.name', value: { stringValue: 'test-app' } }] },
          scopeLogs: [{ logRecords: [{ timeUnixNano: String(nowNs - 1_000_000_000n), severityNumber: 17, severityText: 'ERROR', body: { stringValue: 'payment failed' }, traceId: TRACE, spanId: 'b7ad6b7169203331' }] }],
        },
      ],
    }),
  });
  assert.equal(otlp.status, 200);
  const query = async (path: string, params: Record<string, string>, headers: Record<string, string> = {}) => {
    const res = await fetch(`${http}/loki/api/v1/${path}?${new URLSearchParams({ start: String(nowNs - 3_600_000_000_000n), end: String(nowNs + 1_000_000_000n), ...params })}`, { headers });
    assert.equal(res.status, 200, await res.clone().text());
    return (await res.json()) as { data: { resultType: string; result: Array<{ stream?: Record<string, string>; metric?: Record<string, string>; values: unknown[][] }> } };
  };
  return { query };
}

test('trace to logs by line filter: the lines that contain the trace id', async (t) => {
  const { query } = await stackWithAppLogs(t);
  const r = await query('query_range', { query: `{service_name="test-app"} |= "${TRACE}"`, limit: '1000' });
  const lines = r.data.result.flatMap((s) => s.values.map((v) => JSON.parse(String(v[1])) as { trace_id: string; msg: string }));
  assert.deepEqual(lines.map((l) => [l.trace_id, l.msg]), [[TRACE, 'GET /fast']]);
});

test('trace to logs through | json | trace_id: JSON lines and OTLP lines whose trace id is structured metadata', async (t) => {
  const { query } = await stackWithAppLogs(t);
  const r = await query('query_range', { query: `{service_name="test-app"} | json | trace_id = "${TRACE}"`, limit: '1000', direction: 'forward' }, { 'X-Loki-Response-Encoding-Flags': 'categorize-labels' });
  const got = r.data.result.flatMap((s) => s.values.map((v) => ({ level: s.stream!['level'], line: v[1], trace: ((v[2] as { parsed?: Record<string, string>; structuredMetadata?: Record<string, string> }).parsed?.['trace_id'] ?? (v[2] as { structuredMetadata?: Record<string, string> }).structuredMetadata?.['trace_id']) })));
  assert.deepEqual(
    got.map((g) => [g.level, g.trace]),
    [
      ['error', TRACE],
      ['info', TRACE],
    ],
  );
  assert.ok(got.some((g) => g.line === 'payment failed'), 'the OTLP line is found by its structured metadata');
});

test('the logs volume Grafana draws beside a query counts lines by level', async (t) => {
  const { query } = await stackWithAppLogs(t);
  const r = await query('query_range', { query: 'sum by (level, detected_level) (count_over_time({service_name="test-app"} | drop __error__[1h]))', step: '3600' });
  assert.equal(r.data.resultType, 'matrix');
  const totals = Object.fromEntries(r.data.result.map((s) => [s.metric!['level'], Number(s.values.at(-1)![1])]));
  assert.deepEqual(totals, { error: 1, info: 2 });
  const withParser = await query('query_range', { query: `sum by (level, detected_level) (count_over_time({service_name="test-app"} | json | trace_id="${TRACE}" | drop __error__[1h]))`, step: '3600' });
  assert.deepEqual(Object.fromEntries(withParser.data.result.map((s) => [s.metric!['level'], Number(s.values.at(-1)![1])])), { error: 1, info: 1 });
});
