import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { createClassifier, isOlaCategory } from '@srcobs/ola';
import { startOtlpReceiver, startService } from '@srcobs/sdk/testing';

const MAIN = fileURLToPath(new URL('./main.js', import.meta.url));
const SERVER = 2;

type Line = Record<string, unknown>;

function status(attributes: Readonly<Record<string, unknown>>): unknown {
  return attributes['http.response.status_code'] ?? attributes['http.status_code'];
}

test('log lines: JSON with the active span ids, and each OLA producer writes its category as the classifier reads it', async (t) => {
  const receiver = await startOtlpReceiver();
  t.after(() => receiver.close());
  const service = await startService({ main: MAIN, env: { OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url, OTEL_SERVICE_NAME: 'test-app' } });
  t.after(() => service.stop());
  const call = async (path: string, init?: RequestInit): Promise<number> => {
    const res = await fetch(`${service.url}${path}`, init);
    await res.arrayBuffer();
    return res.status;
  };
  const login = (username: string, password: string): Promise<number> =>
    call('/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) });

  assert.equal(await call('/fast'), 200);
  assert.equal(await login('alice', 'wonderland'), 200);
  assert.equal(await call('/admin/export', { headers: { 'x-user': 'alice' } }), 200);
  assert.equal(await call('/admin/export', { headers: { 'x-user': 'bob' } }), 403);
  assert.equal(await call('/fail'), 500);
  for (let i = 0; i < 5; i++) assert.equal(await login('mallory', `guess-${i}`), 401);
  assert.equal(await login('alice', 'wonderland'), 429, 'the address is blocked after 5 failures, even with the right password');

  const requests = 11;
  const spans = await receiver.waitForSpans((all) => all.filter((s) => s.kind === SERVER).length >= requests);
  const lines = service.logLines();
  const raw = service.process.stdout().split('\n').filter((l) => l !== '');
  assert.equal(lines.length, raw.length, 'every stdout line is one JSON object');

  for (const line of lines) {
    assert.equal(line['service'], 'test-app');
    assert.ok(['debug', 'info', 'warn', 'error'].includes(String(line['level'])), `level ${String(line['level'])}`);
    assert.equal(new Date(String(line['time'])).toISOString(), line['time'], 'time is ISO 8601');
    assert.equal(typeof line['msg'], 'string');
  }

  // Every line written while serving a request carries that request's ids: the access log the
  // server span's, the handlers' lines a span of the same trace.
  const access = lines.filter((l) => l['event'] === 'http_access');
  assert.equal(access.length, requests);
  for (const line of access) {
    const server = spans.find((s) => s.kind === SERVER && s.traceId === line['trace_id']);
    assert.ok(server, `a server span for access line ${JSON.stringify(line)}`);
    assert.equal(line['span_id'], server.spanId);
    assert.equal(server.attributes['http.route'], line['route']);
    assert.equal(status(server.attributes), line['status_code']);
    assert.equal(line['ola_category'], 'api_data_access');
  }
  const inRequests = lines.filter((l) => l['event'] !== 'http_access' && l['trace_id'] !== undefined);
  assert.ok(inRequests.length >= 10);
  for (const line of inRequests) {
    assert.ok(spans.some((s) => s.traceId === line['trace_id'] && s.spanId === line['span_id']), `span ${String(line['span_id'])} of ${String(line['msg'])} was exported`);
  }

  const one = (predicate: (l: Line) => boolean, what: string): Line => {
    const found = lines.filter(predicate);
    assert.ok(found.length >= 1, `no line for ${what}`);
    return found[0]!;
  };
  const expected: Array<[string, (l: Line) => boolean, string, string]> = [
    ['login success', (l) => l['event'] === 'auth' && l['outcome'] === 'success', 'auth_access', 'info'],
    ['login failure', (l) => l['event'] === 'auth' && l['principal'] === 'mallory', 'auth_access', 'warn'],
    ['permission denied', (l) => l['event'] === 'auth' && l['action'] === 'permission_denied', 'auth_access', 'warn'],
    ['rate limited', (l) => l['event'] === 'security' && l['kind'] === 'rate_limited', 'network_security', 'warn'],
    ['export activity', (l) => l['event'] === 'user_activity' && l['actor'] === 'alice', 'endpoint_user_activity', 'info'],
    ['export data access', (l) => l['event'] === 'data_access' && l['records'] === 5, 'api_data_access', 'info'],
  ];
  const classify = createClassifier();
  for (const [what, predicate, category, level] of expected) {
    const line = one(predicate, what);
    assert.equal(line['ola_category'], category, what);
    assert.equal(line['level'], level, what);
    assert.match(String(line['trace_id']), /^[0-9a-f]{32}$/, what);
  }
  // The local stack's classifier (and Alloy's stage, from the same rule) reads the raw line.
  for (const text of raw) {
    const line = JSON.parse(text) as Line;
    const decided = classify({ labels: { source: 'pod', app: 'test-app' }, line: text });
    const own = line['ola_category'];
    assert.equal(decided.category, isOlaCategory(own) ? own : 'system_application', text);
  }

  const error = one((l) => l['msg'] === 'request failed', 'the /fail error');
  assert.equal(error['level'], 'error');
  assert.equal((error['err'] as { message?: unknown } | undefined)?.message, 'simulated failure');
  assert.equal(one((l) => l['msg'] === 'fast request served', '/fast').ola_category, undefined);
});
