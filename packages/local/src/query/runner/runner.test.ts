import assert from 'node:assert/strict';
import { test } from 'node:test';
import { threadId } from 'node:worker_threads';
import { tempDir } from '@srcobs/testkit';
import { QueryLimitError, QueryTimeoutError } from '../../model/errors.js';
import { createInMemoryStore } from '../../store/memory/memory-store.js';
import { createSqliteStore } from '../../store/sqlite/sqlite-store.js';
import type { EncodedQueryResult } from '../promql/jobs.js';
import { ParseError } from '../promql/syntax/errors.js';
import { createQueryRunner, PROMQL_JOB_MODULE } from './runner.js';

const quiet = { info: () => {}, warn: () => {}, error: () => {} };
const SPIN = { url: new URL('./test-fixtures/spin-jobs.js', import.meta.url).href };

async function sqliteFixture(t: import('node:test').TestContext) {
  const dataDir = await tempDir(t);
  const store = await createSqliteStore({ dataDir, logger: quiet });
  t.after(() => store.close());
  await store.appendMetrics({ series: [{ labels: { __name__: 'up', job: 'a' }, samples: [{ t: 1000, v: 1 }, { t: 61_000, v: 0.5 }] }] });
  return { dataDir, store };
}

test('PromQL jobs run in a worker thread on a read-only connection, and errors keep their class', async (t) => {
  const { dataDir } = await sqliteFixture(t);
  const runner = createQueryRunner({ dataDir, workers: 1, modules: [{ url: PROMQL_JOB_MODULE }, SPIN] });
  t.after(() => runner.close());
  const r = await runner.run<EncodedQueryResult>('promql.query', { query: 'up * 2', time: 61_000 });
  assert.equal(Buffer.from(r.body).toString(), '{"status":"success","data":{"resultType":"vector","result":[{"metric":{"job":"a"},"value":[61,"1"]}]}}');
  assert.notEqual(await runner.run('test.thread', {}), threadId, 'the job ran on another thread');
  const parse = await runner.run('promql.query', { query: 'sum(up', time: 1 }).catch((e: unknown) => e);
  assert.ok(parse instanceof ParseError, 'a ParseError crosses the thread boundary as a ParseError');
  assert.equal(parse.message, '1:7: parse error: unclosed left parenthesis');
  assert.equal(parse.line, 1);
  assert.equal(parse.col, 7);
  const limit = await runner.run('test.limit', {}).catch((e: unknown) => e);
  assert.ok(limit instanceof QueryLimitError);
  assert.equal(limit.limit, 'series');
});

test('a job that ignores its deadline loses its worker, which is replaced', async (t) => {
  const { dataDir } = await sqliteFixture(t);
  const runner = createQueryRunner({ dataDir, workers: 1, modules: [SPIN], terminateGraceMs: 200 });
  t.after(() => runner.close());
  const before = await runner.run<number>('test.thread', {});
  const stuck = await runner.run('test.spin', { ms: 60_000 }, { timeoutMs: 300 }).catch((e: unknown) => e);
  assert.ok(stuck instanceof QueryTimeoutError, String(stuck));
  assert.equal(stuck.message, 'query timed out in expression evaluation');
  assert.equal(runner.stats().restarts, 1);
  const after = await runner.run<number>('test.thread', {});
  assert.notEqual(after, before, 'a new worker thread answers');
});

test('while a worker is busy with a long query, ingest and other queries go on', async (t) => {
  const { dataDir, store } = await sqliteFixture(t);
  const runner = createQueryRunner({ dataDir, workers: 2, modules: [SPIN] });
  t.after(() => runner.close());
  await runner.run('test.thread', {});
  let spinning = true;
  const long = runner.run('test.spin', { ms: 1500 }).finally(() => (spinning = false));
  await store.appendMetrics({ series: [{ labels: { __name__: 'fresh', job: 'b' }, samples: [{ t: 2000, v: 1 }] }] });
  assert.equal(await runner.run('test.count', { name: 'fresh' }), 1, 'the other worker sees the new write');
  assert.ok(spinning, 'the write and the second query finished while the first query was still running');
  await long;
});

test('a job waiting longer than its limit for a worker times out in the queue', async (t) => {
  const { dataDir } = await sqliteFixture(t);
  const runner = createQueryRunner({ dataDir, workers: 1, modules: [SPIN] });
  t.after(() => runner.close());
  await runner.run('test.thread', {});
  const long = runner.run('test.spin', { ms: 600 });
  const queued = await runner.run('test.thread', {}, { timeoutMs: 100 }).catch((e: unknown) => e);
  assert.ok(queued instanceof QueryTimeoutError);
  assert.equal(queued.message, 'query timed out in query queue');
  await long;
});

test('with the in-memory store jobs run inline, with the same results', async (t) => {
  const store = createInMemoryStore();
  await store.appendMetrics({ series: [{ labels: { __name__: 'up', job: 'a' }, samples: [{ t: 1000, v: 1 }, { t: 61_000, v: 0.5 }] }] });
  const runner = createQueryRunner({ readers: store });
  t.after(() => runner.close());
  const r = await runner.run<EncodedQueryResult>('promql.query', { query: 'up * 2', time: 61_000 });
  assert.equal(Buffer.from(r.body).toString(), '{"status":"success","data":{"resultType":"vector","result":[{"metric":{"job":"a"},"value":[61,"1"]}]}}');
  await assert.rejects(runner.run('promql.nope', {}), /unknown query job "promql.nope"/);
});

test('a queued job fails at its own deadline while the only worker is stuck, not when the stuck one is replaced', { timeout: 20_000 }, async (t) => {
  const { dataDir } = await sqliteFixture(t);
  const runner = createQueryRunner({ dataDir, workers: 1, modules: [SPIN], terminateGraceMs: 60_000 });
  t.after(() => runner.close());
  await runner.run('test.thread', {});
  const stuck = runner.run('test.spin', { ms: 60_000 }, { timeoutMs: 60_000 }).catch((e: unknown) => e);
  const queued = await runner.run('test.thread', {}, { timeoutMs: 200 }).catch((e: unknown) => e);
  assert.ok(queued instanceof QueryTimeoutError, String(queued));
  assert.equal(queued.message, 'query timed out in query queue');
  assert.equal(runner.stats().queued, 0, 'the timed-out job left the queue');
  await runner.close();
  assert.ok((await stuck) instanceof Error);
});
