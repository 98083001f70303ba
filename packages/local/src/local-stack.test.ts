import assert from 'node:assert/strict';
import { resolve } from 'node:path';
import { test } from 'node:test';
import snappy from 'snappyjs';
import { tempDir } from '@srcobs/testkit';
import { protoTypes } from './ingest/proto.js';
import { DEFAULT_LIMITS, applyDefaults, startLocalStack } from './local-stack.js';
import { send } from './testing/http-client.js';

test('applyDefaults: data folder from SRCOBS_DATA_DIR or ./.srcobs/data, loopback, the three ports, the playground targets', () => {
  const d = applyDefaults({}, {});
  assert.equal(d.dataDir, resolve('.srcobs/data'));
  assert.equal(d.host, '127.0.0.1');
  assert.deepEqual(d.ports, { http: 3300, otlpHttp: 4318, otlpGrpc: 4317 });
  assert.equal(d.token, undefined);
  assert.deepEqual(
    d.scrapeTargets.map((t) => [t.job, t.url, t.intervalMs, t.timeoutMs]),
    [
      ['test-app', 'http://127.0.0.1:3000/metrics', 15_000, 10_000],
      ['trace-app', 'http://127.0.0.1:8000/metrics', 15_000, 10_000],
    ],
  );
  assert.deepEqual(d.limits, DEFAULT_LIMITS);
  assert.equal(applyDefaults({}, { SRCOBS_DATA_DIR: '/tmp/x' }).dataDir, '/tmp/x');
  assert.equal(applyDefaults({ dataDir: 'rel' }, { SRCOBS_DATA_DIR: '/tmp/x' }).dataDir, resolve('rel'), 'an explicit option beats the env');
  const exposed = applyDefaults({ host: '0.0.0.0' }, {});
  assert.ok(exposed.token && exposed.tokenGenerated);
  assert.equal(applyDefaults({ host: '0.0.0.0' }, { SRCOBS_TOKEN: 's3cret-token' }).token, 's3cret-token');
  assert.equal(applyDefaults({ scrape: { intervalMs: 1000, targets: [{ job: 'x', url: 'http://h:1/m' }] } }, {}).scrapeTargets[0]!.timeoutMs, 1000, 'a timeout never exceeds the interval');
});

test('startLocalStack: the SQLite store by default; what every receiver acknowledged is there after a restart', async (t) => {
  const dataDir = await tempDir(t);
  const options = { dataDir, ports: { http: 0, otlpHttp: 0, otlpGrpc: 0 }, scrape: { targets: [] }, log: () => {} } as const;
  const now = Date.now();
  const first = await startLocalStack(options);
  try {
    const loki = JSON.stringify({ streams: [{ stream: { app: 'api' }, values: [[String(BigInt(now) * 1_000_000n), 'persisted line']] }] });
    assert.equal((await send(`${first.urls.http}/loki/api/v1/push`, { headers: { 'content-type': 'application/json' }, body: loki })).status, 204);
    const span = { traceId: '5b8efff798038103d269b633813fc60c', spanId: 'eee19b7ec3c1b174', name: 'op', startTimeUnixNano: String(BigInt(now) * 1_000_000n), endTimeUnixNano: String(BigInt(now + 5) * 1_000_000n) };
    const traces = JSON.stringify({ resourceSpans: [{ resource: { attributes: [{ key: 'service.name', value: { stringValue: 'api' } }] }, scopeSpans: [{ spans: [span] }] }] });
    assert.equal((await send(`${first.urls.otlpHttp}/v1/traces`, { headers: { 'content-type': 'application/json' }, body: traces })).status, 200);
    const w = protoTypes().writeRequest;
    const write = snappy.compress(Buffer.from(w.encode(w.fromObject({ timeseries: [{ labels: [{ name: '__name__', value: 'persisted' }, { name: 'job', value: 'x' }], samples: [{ value: 42, timestamp: String(now) }] }] })).finish()));
    assert.equal((await send(`${first.urls.http}/api/v1/write`, { headers: { 'content-type': 'application/x-protobuf', 'content-encoding': 'snappy', 'x-prometheus-remote-write-version': '0.1.0' }, body: write })).status, 204);
    const metrics = (await send(`${first.urls.http}/metrics`, { method: 'GET' })).text();
    assert.match(metrics, /srcobs_store_wal_bytes \d+/, 'the SQLite store reports its WAL size');
    assert.match(metrics, /srcobs_store_database_bytes \d+/);
  } finally {
    await first.stop();
  }
  const second = await startLocalStack(options);
  try {
    assert.equal(second.store.traces.trace('5b8efff798038103d269b633813fc60c').length, 1);
    const [series] = second.store.metrics.select([{ name: '__name__', op: '=', value: 'persisted' }], now - 1, now + 1);
    assert.deepEqual([...series!.values], [42]);
    const [stream] = second.store.logs.streams([{ name: 'app', op: '=', value: 'api' }], 0n, BigInt(now + 60_000) * 1_000_000n);
    assert.deepEqual([...second.store.logs.entries(stream!.id, 0n, BigInt(now + 60_000) * 1_000_000n, 'forward')].map((e) => e.line), ['persisted line']);
  } finally {
    await second.stop();
  }
});

test('startLocalStack: a taken port fails the start with the error, and nothing is left running', async (t) => {
  const dataDir = await tempDir(t);
  const first = await startLocalStack({ dataDir, ports: { http: 0, otlpHttp: false, otlpGrpc: false }, scrape: { targets: [] }, log: () => {} });
  t.after(() => first.stop());
  const port = Number(new URL(first.urls.http!).port);
  const otherDir = await tempDir(t);
  await assert.rejects(startLocalStack({ dataDir: otherDir, ports: { http: port, otlpHttp: false, otlpGrpc: false }, scrape: { targets: [] }, log: () => {} }), /EADDRINUSE/);
  // The failed start released its store: the same folder opens again.
  const again = await startLocalStack({ dataDir: otherDir, ports: { http: 0, otlpHttp: false, otlpGrpc: false }, scrape: { targets: [] }, log: () => {} });
  await again.stop();
});
