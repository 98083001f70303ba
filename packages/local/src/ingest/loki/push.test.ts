import assert from 'node:assert/strict';
import { test } from 'node:test';
import { gzipSync } from 'node:zlib';
import type { LocalStack } from '../../local-stack.js';
import { send } from '../../testing/http-client.js';
import { encodePushJson, encodePushProtobuf } from '../../testing/loki-push.js';
import { startTestStack } from '../../testing/test-stack.js';

const nowNs = (): bigint => BigInt(Date.now()) * 1_000_000n;
const END = (): bigint => nowNs() + 3_600_000_000_000n;

function allEntries(stack: LocalStack): Array<{ labels: Record<string, string>; line: string; tsNs: bigint; metadata?: Record<string, string> }> {
  return stack.store.logs
    .streams([{ name: 'source', op: '=~', value: '.+' }], 0n, END())
    .flatMap((s) => [...stack.store.logs.entries(s.id, 0n, END(), 'forward')].map((e) => ({ labels: { ...s.labels }, line: e.line, tsNs: e.tsNs, ...(e.metadata ? { metadata: { ...e.metadata } } : {}) })));
}

function push(stack: LocalStack, body: Uint8Array | string, headers: Record<string, string> = { 'content-type': 'application/x-protobuf' }) {
  return send(`${stack.urls.http}/loki/api/v1/push`, { headers, body });
}

test('Loki push: a snappy protobuf push as Promtail sends it is stored with exact timestamps, structured metadata, source and ola_category (204)', async (t) => {
  const stack = await startTestStack(t);
  const ts = nowNs() + 123n;
  const res = await push(stack, encodePushProtobuf([{ labels: '{job="varlogs", app="billing", host="node-a"}', entries: [{ tsNs: ts, line: 'invoice 42 paid', metadata: { trace_id: '4bf92f3577b34da6a3ce929d0e0e4736' } }] }]));
  assert.equal(res.status, 204, res.text());
  const [e] = allEntries(stack);
  assert.deepEqual(e!.labels, { app: 'billing', host: 'node-a', job: 'varlogs', ola_category: 'system_application', service_name: 'billing', source: 'push' });
  assert.equal(e!.tsNs, ts);
  assert.equal(e!.line, 'invoice 42 paid');
  assert.deepEqual(e!.metadata, { trace_id: '4bf92f3577b34da6a3ce929d0e0e4736' });
});

test('Loki push: JSON and gzip JSON pushes with structured metadata are stored; an embedded ola_category wins', async (t) => {
  const stack = await startTestStack(t);
  const ts = nowNs();
  const body = encodePushJson([{ stream: { service_name: 'api', source: 'pod' }, values: [[ts, '{"msg":"login","ola_category":"auth_access"}', { user: 'ann' }], [ts + 1n, 'plain line']] }]);
  assert.equal((await push(stack, body, { 'content-type': 'application/json' })).status, 204);
  assert.equal((await push(stack, gzipSync(body), { 'content-type': 'application/json', 'content-encoding': 'gzip' })).status, 204);
  const entries = allEntries(stack);
  assert.equal(entries.length, 4);
  const auth = entries.filter((e) => e.labels['ola_category'] === 'auth_access');
  assert.equal(auth.length, 2, 'the line carrying its category was split into its own stream');
  assert.deepEqual(auth[0]!.metadata, { user: 'ann' });
  assert.equal(auth[0]!.labels['source'], 'pod', 'a source the sender set is kept');
  assert.ok(entries.filter((e) => e.labels['ola_category'] === 'system_application').every((e) => e.line === 'plain line'));
});

test('Loki push: a stream whose lines fall into different OLA categories is split by category', async (t) => {
  const stack = await startTestStack(t);
  const ts = nowNs();
  const res = await push(stack, encodePushProtobuf([{ labels: '{source="pod", app="grafana", namespace="monitoring"}', entries: [{ tsNs: ts, line: 'logger=login msg="successful login" user=admin' }, { tsNs: ts + 1n, line: 'logger=sqlstore msg="migrations done"' }] }]));
  assert.equal(res.status, 204);
  const byCategory = Object.fromEntries(allEntries(stack).map((e) => [e.labels['ola_category'], e.line]));
  assert.deepEqual(byCategory, { auth_access: 'logger=login msg="successful login" user=admin', system_application: 'logger=sqlstore msg="migrations done"' });
});

const BAD_PUSHES: ReadonlyArray<{ name: string; labels: string; ageMs?: number; line?: string; reason: RegExp }> = [
  { name: 'an unparsable selector', labels: '{app="x"', reason: /error parsing labels/ },
  { name: 'a regex matcher', labels: '{app=~"x"}', reason: /only = matchers/ },
  { name: 'an invalid label name', labels: '{app="x", "bad-name"="y"}', reason: /error parsing labels|invalid label name/ },
  { name: 'no labels', labels: '{}', reason: /at least one label pair is required/ },
  { name: 'a duplicate label', labels: '{app="x", app="y"}', reason: /duplicate label name/ },
  { name: 'a timestamp older than the accepted age', labels: '{app="x"}', ageMs: 8 * 86_400_000, reason: /older than the 168 h/ },
  { name: 'a timestamp far in the future', labels: '{app="x"}', ageMs: -3_600_000, reason: /in the future/ },
  { name: 'a line longer than the limit', labels: '{app="x"}', line: 'x'.repeat(300 * 1024), reason: /longer than the 262144 bytes/ },
];

for (const c of BAD_PUSHES) {
  test(`Loki push: ${c.name} is 400 with the reason, and nothing of the push is written`, async (t) => {
    const stack = await startTestStack(t);
    const good = { labels: '{app="ok"}', entries: [{ tsNs: nowNs(), line: 'fine' }] };
    const bad = { labels: c.labels, entries: [{ tsNs: nowNs() - BigInt(c.ageMs ?? 0) * 1_000_000n, line: c.line ?? 'bad' }] };
    const res = await push(stack, encodePushProtobuf([good, bad]));
    assert.equal(res.status, 400);
    assert.match(res.text(), c.reason);
    assert.equal(stack.store.stats().streams, 0, 'the valid stream of the refused push was not written either');
  });
}

test('Loki push: over the ingestion rate is 429 with Retry-After, over the burst 413; a wrong Content-Type is 415; bad snappy is 400', async (t) => {
  const stack = await startTestStack(t, { limits: { logRateBytesPerSecond: 1_000, logBurstBytes: 2_000 } });
  const body = (n: number) => encodePushProtobuf([{ labels: '{app="x"}', entries: [{ tsNs: nowNs(), line: 'y'.repeat(n) }] }]);
  assert.equal((await push(stack, body(1_500))).status, 204);
  const limited = await push(stack, body(1_500));
  assert.equal(limited.status, 429);
  assert.match(limited.text(), /ingestion rate limit exceeded/);
  assert.ok(Number(limited.headers['retry-after']) >= 1);
  const huge = await push(stack, body(3_000));
  assert.equal(huge.status, 413, 'a push larger than the whole burst can never pass: not retryable');
  assert.match(huge.text(), /larger than the ingestion burst/);
  assert.equal((await push(stack, body(10), { 'content-type': 'text/plain' })).status, 415);
  const notSnappy = await push(stack, Buffer.from('definitely not snappy'));
  assert.equal(notSnappy.status, 400);
  assert.match(notSnappy.text(), /snappy/);
});

test("Loki's /otlp/v1/logs takes OTLP logs on the main port", async (t) => {
  const stack = await startTestStack(t);
  const body = JSON.stringify({ resourceLogs: [{ resource: { attributes: [{ key: 'service.name', value: { stringValue: 'api' } }] }, scopeLogs: [{ logRecords: [{ timeUnixNano: String(nowNs()), body: { stringValue: 'via loki path' } }] }] }] });
  const res = await send(`${stack.urls.http}/otlp/v1/logs`, { headers: { 'content-type': 'application/json' }, body });
  assert.equal(res.status, 200);
  const [e] = allEntries(stack);
  assert.equal(e!.line, 'via loki path');
  assert.equal(e!.labels['source'], 'otlp');
});
