import assert from 'node:assert/strict';
import { test } from 'node:test';
import { send } from '../testing/http-client.js';
import { startTestStack } from '../testing/test-stack.js';

test('http: /healthz, /ready, 404 and 405 with Allow, HEAD without a body', async (t) => {
  const stack = await startTestStack(t);
  assert.equal((await send(`${stack.urls.http}/healthz`, { method: 'GET' })).text(), 'ok\n');
  assert.equal((await send(`${stack.urls.http}/ready`, { method: 'GET' })).status, 200);
  const missing = await send(`${stack.urls.http}/nope`, { method: 'GET' });
  assert.equal(missing.status, 404);
  assert.match(missing.text(), /no endpoint at \/nope/);
  const wrong = await send(`${stack.urls.http}/loki/api/v1/push`, { method: 'GET' });
  assert.equal(wrong.status, 405);
  assert.equal(wrong.headers['allow'], 'POST');
  const head = await send(`${stack.urls.http}/healthz`, { method: 'HEAD' });
  assert.equal(head.status, 200);
  assert.equal(head.body.length, 0);
});

test('http: /metrics reports ingested and refused items, request durations per route and the store counters', async (t) => {
  const stack = await startTestStack(t);
  const body = JSON.stringify({ streams: [{ stream: { app: 'a' }, values: [[String(BigInt(Date.now()) * 1_000_000n), 'line']] }] });
  assert.equal((await send(`${stack.urls.http}/loki/api/v1/push`, { headers: { 'content-type': 'application/json' }, body })).status, 204);
  assert.equal((await send(`${stack.urls.http}/loki/api/v1/push`, { headers: { 'content-type': 'application/json' }, body: '{"streams":[{"stream":{},"values":[]}]}' })).status, 400);
  const metrics = await send(`${stack.urls.http}/metrics`, { method: 'GET' });
  assert.equal(metrics.status, 200);
  assert.match(String(metrics.headers['content-type']), /^text\/plain/);
  const text = metrics.text();
  assert.match(text, /srcobs_ingest_items_total\{signal="logs",receiver="loki-push"\} 1/);
  assert.match(text, /srcobs_ingest_rejected_requests_total\{receiver="loki-push",reason="invalid_labels"\} 1/);
  assert.match(text, /srcobs_http_request_duration_seconds_count\{route="\/loki\/api\/v1\/push",method="POST",code="204"\} 1/);
  assert.match(text, /srcobs_store_streams 1/);
  assert.match(text, /srcobs_ingest_inflight_requests 0/);
});

test('http: bound to a non-loopback address, every endpoint needs the token (header or ?token=)', async (t) => {
  const lines: string[] = [];
  const stack = await startTestStack(t, { host: '0.0.0.0', log: (l) => lines.push(l) });
  assert.ok(stack.token && stack.token.length >= 32, 'a token was generated');
  assert.ok(lines.some((l) => l.includes(stack.token!)), 'and printed once so the user can use it');
  const base = stack.urls.http!.replace('0.0.0.0', '127.0.0.1');
  const denied = await send(`${base}/healthz`, { method: 'GET' });
  assert.equal(denied.status, 401);
  assert.equal(denied.headers['www-authenticate'], 'Bearer realm="srcobs"');
  assert.equal((await send(`${base}/metrics`, { method: 'GET', headers: { authorization: 'Bearer wrong' } })).status, 401);
  assert.equal((await send(`${base}/healthz`, { method: 'GET', headers: { authorization: `Bearer ${stack.token}` } })).status, 200);
  assert.equal((await send(`${base}/healthz?token=${stack.token}`, { method: 'GET' })).status, 200);
  const otlp = stack.urls.otlpHttp!.replace('0.0.0.0', '127.0.0.1');
  assert.equal((await send(`${otlp}/v1/traces`, { headers: { 'content-type': 'application/json' }, body: '{}' })).status, 401);
  assert.equal((await send(`${otlp}/v1/traces`, { headers: { 'content-type': 'application/json', authorization: `Bearer ${stack.token}` }, body: '{}' })).status, 200);
});

test('http: on loopback no token is needed and none is printed', async (t) => {
  const lines: string[] = [];
  const stack = await startTestStack(t, { log: (l) => lines.push(l) });
  assert.equal(stack.token, undefined);
  assert.equal(lines.length, 0);
  assert.equal((await send(`${stack.urls.http}/healthz`, { method: 'GET' })).status, 200);
});
