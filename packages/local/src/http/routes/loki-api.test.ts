// The Loki HTTP API over real HTTP on loopback, on a local stack with the in-memory store: the
// response shapes Grafana reads, parameters as Loki parses them, errors with Loki's statuses.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { LogBatch } from '../../model/logs.js';
import { createInMemoryStore } from '../../store/memory/memory-store.js';
import { startTestStack } from '../../testing/test-stack.js';

const S = 1_000_000_000n;
/** A fixed base time (2024-01-01T00:00:00Z) so every window below is exact. */
const T0 = 1_704_067_200n * S;

const BATCH: LogBatch = {
  streams: [
    {
      labels: { app: 'api', env: 'prod' },
      entries: [
        { tsNs: T0 + 1n * S, line: '{"level":"info","status":200,"msg":"ok"}' },
        { tsNs: T0 + 2n * S, line: '{"level":"error","status":500,"msg":"<boom>"}', metadata: { trace_id: 'abc' } },
        { tsNs: T0 + 3n * S, line: 'not json' },
      ],
    },
    { labels: { app: 'web', env: 'dev' }, entries: [{ tsNs: T0 + 2n * S, line: 'GET / 200' }] },
  ],
};

async function stackWithLogs(t: Parameters<typeof startTestStack>[0], options: Parameters<typeof startTestStack>[1] = {}) {
  const store = createInMemoryStore();
  await store.appendLogs(BATCH);
  const stack = await startTestStack(t, options, store);
  const base = `${stack.urls.http}/loki/api/v1`;
  const get = async (path: string, params: Record<string, string> = {}, headers: Record<string, string> = {}) => {
    const res = await fetch(`${base}${path}?${new URLSearchParams(params)}`, { headers });
    return { status: res.status, type: res.headers.get('content-type') ?? '', text: await res.text() };
  };
  return { stack, base, get };
}

const RANGE = { start: String(T0), end: String(T0 + 10n * S) };

test('query_range answers a log query with Loki streams, [ns, line] values and the stats Grafana reads', async (t) => {
  const { get } = await stackWithLogs(t);
  const r = await get('/query_range', { query: '{app="api"} |= "status"', ...RANGE, limit: '10' });
  assert.equal(r.status, 200);
  assert.match(r.type, /application\/json/);
  const body = JSON.parse(r.text);
  assert.equal(body.status, 'success');
  assert.equal(body.data.resultType, 'streams');
  assert.deepEqual(body.data.result, [
    {
      stream: { app: 'api', env: 'prod', trace_id: 'abc' },
      values: [[String(T0 + 2n * S), '{"level":"error","status":500,"msg":"<boom>"}']],
    },
    { stream: { app: 'api', env: 'prod' }, values: [[String(T0 + 1n * S), '{"level":"info","status":200,"msg":"ok"}']] },
  ]);
  // Lines are written with Go's HTML-safe escaping, as Loki's encoder does.
  assert.match(r.text, /\\u003cboom\\u003e/);
  const summary = body.data.stats.summary;
  for (const k of ['bytesProcessedPerSecond', 'linesProcessedPerSecond', 'totalBytesProcessed', 'totalLinesProcessed', 'execTime', 'queueTime', 'totalEntriesReturned', 'totalPostFilterLines']) assert.equal(typeof summary[k], 'number', k);
  assert.equal(summary.totalLinesProcessed, 3);
  assert.equal(summary.totalEntriesReturned, 2);
  assert.equal(body.data.stats.querier.store.chunk.decompressedLines, 3);
});

test('the categorize-labels flag keeps stream labels apart from structured metadata and parsed labels', async (t) => {
  const { get } = await stackWithLogs(t);
  const r = await get('/query_range', { query: '{app="api"} | json | __error__="" | status >= 500', ...RANGE }, { 'X-Loki-Response-Encoding-Flags': 'categorize-labels' });
  const body = JSON.parse(r.text);
  assert.deepEqual(body.data.encodingFlags, ['categorize-labels']);
  assert.deepEqual(body.data.result, [
    {
      stream: { app: 'api', env: 'prod' },
      values: [[String(T0 + 2n * S), '{"level":"error","status":500,"msg":"<boom>"}', { structuredMetadata: { trace_id: 'abc' }, parsed: { level: 'error', msg: '<boom>', status: '500' } }]],
    },
  ]);
});

test('metric queries answer matrix (range) and vector (instant); scalars and the health check work', async (t) => {
  const { get } = await stackWithLogs(t);
  const range = JSON.parse((await get('/query_range', { query: 'sum by (app) (count_over_time({env=~".+"}[5s]))', start: String(T0 + 5n * S), end: String(T0 + 10n * S), step: '5' })).text);
  assert.equal(range.data.resultType, 'matrix');
  assert.deepEqual(range.data.result, [
    { metric: { app: 'api' }, values: [[1704067205, '3']] },
    { metric: { app: 'web' }, values: [[1704067205, '1']] },
  ]);
  const instant = JSON.parse((await get('/query', { query: 'rate({app="api"}[10s])', time: String(T0 + 10n * S) })).text);
  assert.equal(instant.data.resultType, 'vector');
  assert.deepEqual(
    instant.data.result.map((s: { metric: unknown; value: unknown }) => [s.metric, s.value]),
    [
      [{ app: 'api', env: 'prod' }, [1704067210, '0.2']],
      [{ app: 'api', env: 'prod', trace_id: 'abc' }, [1704067210, '0.1']],
    ],
  );
  const health = JSON.parse((await get('/query', { query: 'vector(1)+vector(1)', time: '1704067210.5' })).text);
  assert.deepEqual(health.data.result, [{ metric: {}, value: [1704067210.5, '2'] }]);
  const scalar = JSON.parse((await get('/query', { query: '1 + 1', time: '1704067210' })).text);
  assert.deepEqual([scalar.data.resultType, scalar.data.result], ['scalar', [1704067210, '2']]);
});

test('POST with a form works like GET, and times parse as ns, seconds, fractional seconds or RFC 3339', async (t) => {
  const { base } = await stackWithLogs(t);
  const post = async (form: Record<string, string>) => {
    const res = await fetch(`${base}/query_range`, { method: 'POST', body: new URLSearchParams(form) });
    return JSON.parse(await res.text());
  };
  const forms = [
    { query: '{app="web"}', start: String(T0), end: String(T0 + 10n * S) },
    { query: '{app="web"}', start: '1704067200', end: '1704067210' },
    { query: '{app="web"}', start: '1704067200.000', end: '1704067210.5' },
    { query: '{app="web"}', start: '2024-01-01T00:00:00Z', end: '2024-01-01T01:00:10+01:00' },
  ];
  for (const form of forms) {
    const body = await post(form);
    assert.deepEqual(body.data.result, [{ stream: { app: 'web', env: 'dev' }, values: [[String(T0 + 2n * S), 'GET / 200']] }], JSON.stringify(form));
  }
});

test('limit, direction and since behave as in Loki', async (t) => {
  const { get } = await stackWithLogs(t);
  const lines = async (params: Record<string, string>) => {
    const body = JSON.parse((await get('/query_range', { query: '{app="api"}', ...params })).text);
    return body.data.result.flatMap((s: { values: string[][] }) => s.values.map((v) => v[1]));
  };
  assert.deepEqual(await lines({ ...RANGE, limit: '1' }), ['not json']);
  assert.deepEqual(await lines({ ...RANGE, limit: '1', direction: 'FORWARD' }), ['{"level":"info","status":200,"msg":"ok"}']);
  assert.deepEqual(await lines({ end: String(T0 + 10n * S), since: '7s' }), ['not json']);
  const bad = await get('/query_range', { query: '{app="api"}', ...RANGE, direction: 'sideways' });
  assert.deepEqual([bad.status, bad.text], [400, "invalid direction 'sideways'"]);
  const zero = await get('/query_range', { query: '{app="api"}', ...RANGE, limit: '0' });
  assert.deepEqual([zero.status, zero.text], [400, 'limit must be a positive value']);
});

test('labels, label values, series, index stats and volume', async (t) => {
  const { get } = await stackWithLogs(t);
  assert.deepEqual(JSON.parse((await get('/labels', RANGE)).text), { status: 'success', data: ['app', 'env'] });
  assert.deepEqual(JSON.parse((await get('/label/app/values', RANGE)).text).data, ['api', 'web']);
  assert.deepEqual(JSON.parse((await get('/label/app/values', { ...RANGE, query: '{env="dev"}' })).text).data, ['web']);
  const series = JSON.parse((await get('/series', { ...RANGE, 'match[]': '{app="web"}' })).text);
  assert.deepEqual(series, { status: 'success', data: [{ app: 'web', env: 'dev' }] });
  const stats = JSON.parse((await get('/index/stats', { ...RANGE, query: '{app="api"}' })).text);
  const apiBytes = BATCH.streams[0]!.entries.reduce((n, e) => n + Buffer.byteLength(e.line), 0);
  assert.deepEqual(stats, { streams: 1, chunks: 1, entries: 3, bytes: apiBytes });
  const vol = JSON.parse((await get('/index/volume', { ...RANGE, query: '{env=~".+"}', targetLabels: 'app' })).text);
  assert.equal(vol.data.resultType, 'vector');
  assert.deepEqual(
    vol.data.result.map((s: { metric: unknown; value: unknown[] }) => [s.metric, s.value[1]]),
    [
      [{ app: 'api' }, String(apiBytes)],
      [{ app: 'web' }, '9'],
    ],
  );
  const volRange = JSON.parse((await get('/index/volume_range', { ...RANGE, query: '{app="api"}', step: '5' })).text);
  assert.equal(volRange.data.resultType, 'matrix');
  assert.deepEqual(volRange.data.result[0].metric, { app: 'api' });
  assert.deepEqual(volRange.data.result[0].values, [[1704067205, String(apiBytes)]]);
});

test('detected fields and labels for Grafana\'s field list', async (t) => {
  const { get } = await stackWithLogs(t);
  const fields = JSON.parse((await get('/detected_fields', { ...RANGE, query: '{app="api"}' })).text);
  assert.deepEqual(fields.fields, [
    { label: 'level', type: 'string', cardinality: 2, parsers: ['json'] },
    { label: 'msg', type: 'string', cardinality: 2, parsers: ['json'] },
    { label: 'status', type: 'int', cardinality: 2, parsers: ['json'] },
    { label: 'trace_id', type: 'string', cardinality: 1, parsers: null },
  ]);
  const labels = JSON.parse((await get('/detected_labels', { ...RANGE, query: '{env=~".+"}' })).text);
  assert.deepEqual(labels, { detectedLabels: [{ label: 'app', cardinality: 2 }, { label: 'env', cardinality: 2 }] });
});

test('buildinfo and format_query', async (t) => {
  const { get } = await stackWithLogs(t);
  const info = JSON.parse((await get('/status/buildinfo')).text);
  assert.match(info.version, /^3\./);
  const fmt = JSON.parse((await get('/format_query', { query: 'sum by(app)(rate({app="a"}|="x"[5m]))' })).text);
  assert.deepEqual(fmt, { status: 'success', data: 'sum by (app)(rate({app="a"} |= "x"[5m]))' });
});

test('errors: parse errors and limits are 400 with Loki\'s plain-text message', async (t) => {
  const { get } = await stackWithLogs(t, { loki: { engine: { maxEntriesLimitPerQuery: 50, maxQuerySeries: 1, maxQueryLengthMs: 3_600_000 } } });
  const parse = await get('/query_range', { query: '{app="api"', ...RANGE });
  assert.deepEqual([parse.status, parse.text], [400, 'parse error at line 1, col 11: syntax error: unexpected $end']);
  assert.match(parse.type, /text\/plain/);
  const pipeline = await get('/query', { query: 'count_over_time({app="api"} | json [1m])', time: String(T0 + 10n * S) });
  assert.equal(pipeline.status, 400);
  assert.match(pipeline.text, /^pipeline error: 'JSONParserErr'/);
  const entries = await get('/query_range', { query: '{app="api"}', ...RANGE, limit: '51' });
  assert.deepEqual([entries.status, entries.text], [400, 'max entries limit per query exceeded, limit > max_entries_limit_per_query (51 > 50)']);
  const series = await get('/query', { query: 'count_over_time({env=~".+"}[1m])', time: String(T0 + 10n * S) });
  assert.equal(series.status, 400);
  assert.match(series.text, /^maximum number of series \(1\) reached for a single query/);
  const length = await get('/query_range', { query: 'count_over_time({app="api"}[1m])', start: String(T0), end: String(T0 + 7200n * S), step: '60' });
  assert.deepEqual([length.status, length.text], [400, 'the query time range exceeds the limit (query length: 2h0m0s, limit: 1h0m0s)']);
  const points = await get('/query_range', { query: 'count_over_time({app="api"}[1m])', ...RANGE, step: '0.0001' });
  assert.deepEqual([points.status, points.text], [400, 'exceeded maximum resolution of 11,000 points per timeseries. Try decreasing the query resolution (?step=XX)']);
  const instantLog = await get('/query', { query: '{app="api"}', time: String(T0) });
  assert.deepEqual([instantLog.status, instantLog.text], [400, 'log queries are not supported as an instant query type, please change your query to a range query type']);
});
