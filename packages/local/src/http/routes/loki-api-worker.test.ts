// The Loki API over the SQLite store with its jobs in worker threads, as `srcobs up` runs it:
// results and typed errors cross the thread boundary, and a long query does not hold up ingest.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { tempDir } from '@srcobs/testkit';
import { createSqliteStore } from '../../store/sqlite/sqlite-store.js';
import { startTestStack } from '../../testing/test-stack.js';

const quiet = { info: () => {}, warn: () => {}, error: () => {} };
const LINES = 150_000;

test('Loki API on the SQLite store through worker threads', async (t) => {
  const dataDir = await tempDir(t, 'srcobs-loki-worker-');
  const store = await createSqliteStore({ dataDir, logger: quiet });
  const now = BigInt(Date.now()) * 1_000_000n;
  const start = now - BigInt(LINES) * 1_000_000n - 1_000_000_000n;
  await store.appendLogs({
    streams: [{ labels: { app: 'bulk' }, entries: Array.from({ length: LINES }, (_x, i) => ({ tsNs: start + BigInt(i) * 1_000_000n, line: `level=info i=${i} msg="request handled in ${i % 997}ms"` })) }],
  });
  await store.appendLogs({ streams: [{ labels: { app: 'small' }, entries: [{ tsNs: now - 5_000_000n, line: '{"status":500}' }, { tsNs: now - 4_000_000n, line: 'plain' }] }] });
  const stack = await startTestStack(t, {}, store);
  const http = stack.urls.http!;
  const get = (path: string, params: Record<string, string>) => fetch(`${http}/loki/api/v1/${path}?${new URLSearchParams({ start: String(start), end: String(now), ...params })}`);

  const ok = await get('query_range', { query: '{app="small"} | json | __error__="" | status=500', limit: '10' });
  assert.equal(ok.status, 200);
  const body = (await ok.json()) as { data: { result: Array<{ stream: Record<string, string>; values: string[][] }> } };
  assert.deepEqual(body.data.result.map((s) => [s.stream['status'], s.values.map((v) => v[1])]), [['500', ['{"status":500}']]]);

  // Typed errors keep their class (and so their status) across the worker boundary.
  const parse = await get('query_range', { query: '{app="small"' });
  assert.deepEqual([parse.status, await parse.text()], [400, 'parse error at line 1, col 13: syntax error: unexpected $end']);
  const pipeline = await get('query', { query: 'count_over_time({app="small"} | json [1h])', time: String(now) });
  assert.equal(pipeline.status, 400);
  assert.match(await pipeline.text(), /^pipeline error: 'JSONParserErr'/);

  // While a query reads every line in a worker, a push is still taken and acknowledged.
  let queryDone = false;
  const slow = get('query', { query: 'sum(count_over_time({app="bulk"} |~ "handled in (1|2)\\\\d\\\\dms" [1h]))', time: String(now) }).then(async (r) => {
    queryDone = true;
    return { status: r.status, body: (await r.json()) as { data: { result: Array<{ value: [number, string] }> } } };
  });
  const push = await fetch(`${http}/loki/api/v1/push`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ streams: [{ stream: { app: 'during' }, values: [[String(now), 'pushed while a query runs']] }] }),
  });
  assert.equal(push.status, 204);
  assert.equal(queryDone, false, 'the push was acknowledged before the long query finished');
  const answer = await slow;
  assert.equal(answer.status, 200);
  const expected = Array.from({ length: LINES }, (_x, i) => i % 997).filter((d) => /^(1|2)\d\d$/.test(String(d))).length;
  assert.equal(Number(answer.body.data.result[0]!.value[1]), expected);
});
