import assert from 'node:assert/strict';
import { test, type TestContext } from 'node:test';
import { tempDir } from '@srcobs/testkit';
import { span, traceId } from '../contract/fixtures.js';
import { SeededRandom } from '../contract/seeded-random.js';
import type { SqliteStoreOptions, StoreLogger } from './options.js';
import { createSqliteStore, type SqliteStore } from './sqlite-store.js';

const DAY = 86_400_000;
const NOW = 1_750_000_000_000;
const ns = (ms: number): bigint => BigInt(ms) * 1_000_000n;
const ALL = 2n ** 63n - 1n;

/** A store on a fake clock whose background timers never fire during the test; returns its log lines too. */
async function open(t: TestContext, options: Partial<SqliteStoreOptions> = {}): Promise<{ store: SqliteStore; logged: string[] }> {
  const logged: string[] = [];
  const logger: StoreLogger = { info: (m, f) => logged.push(`${m} ${JSON.stringify(f)}`), warn: (m) => logged.push(m), error: (m) => logged.push(m) };
  const hour = 3_600_000;
  const store = await createSqliteStore({ dataDir: await tempDir(t), logger, now: () => NOW, flushIntervalMs: hour, compactIntervalMs: hour, ...options, retention: { intervalMs: hour, ...options.retention } });
  t.after(() => store.close());
  return { store, logged };
}

test('retention: metrics older than their retention are deleted, with the series they leave empty', async (t) => {
  const { store, logged } = await open(t, { retention: { metricsDays: 15 } });
  await store.appendMetrics({
    series: [
      { labels: { __name__: 'm', s: 'old' }, samples: [{ t: NOW - 20 * DAY, v: 1 }], exemplars: [{ labels: {}, value: 1, t: NOW - 20 * DAY }] },
      { labels: { __name__: 'm', s: 'both' }, samples: [{ t: NOW - 20 * DAY, v: 1 }, { t: NOW - DAY, v: 2 }] },
    ],
  });
  const report = await store.runRetention();
  assert.ok(report.metricChunks >= 2 && report.exemplars === 1 && report.series === 1, JSON.stringify(report));
  const left = store.metrics.select([{ name: '__name__', op: '=', value: 'm' }], 0, NOW);
  assert.deepEqual(left.map((s) => [s.labels.s, [...s.timestamps]]), [['both', [NOW - DAY]]]);
  assert.deepEqual(store.metrics.labelValues('s', [], 0, NOW), ['both']);
  assert.equal(store.stats().series, 1);
  assert.equal(store.stats().retention.deleted.series, 1);
  assert.ok(logged.some((l) => l.startsWith('retention deleted data past its retention period')), logged.join('\n'));
  // The series can come back.
  await store.appendMetrics({ series: [{ labels: { __name__: 'm', s: 'old' }, samples: [{ t: NOW, v: 3 }] }] });
  assert.equal(store.metrics.select([{ name: 's', op: '=', value: 'old' }], 0, NOW).length, 1);
});

test('retention: logs follow the retention of their OLA category, and streams without one the logs default', async (t) => {
  const { store } = await open(t, { retention: { logsDays: 7, logCategoryDays: { endpoint_user_activity: 50 } } });
  const streams: Array<Record<string, string>> = [
    { app: 'auth', ola_category: 'auth_access' },
    { app: 'sys', ola_category: 'system_application' },
    { app: 'user', ola_category: 'endpoint_user_activity' },
    { app: 'plain' },
  ];
  // Old and new lines in separate appends: retention deletes whole blocks, as Loki deletes whole chunks.
  for (const ageDays of [100, 40, 10, 1])
    await store.appendLogs({ streams: streams.map((labels) => ({ labels, entries: [{ tsNs: ns(NOW - ageDays * DAY), line: `${labels.app!} ${ageDays}d` }] })) });
  const report = await store.runRetention();
  const lines = (app: string) => {
    const [ref] = store.logs.streams([{ name: 'app', op: '=', value: app }], 0n, ALL);
    return ref ? [...store.logs.entries(ref.id, 0n, ALL, 'forward')].map((e) => e.line) : [];
  };
  assert.deepEqual(lines('auth'), ['auth 100d', 'auth 40d', 'auth 10d', 'auth 1d'], 'auth_access keeps 365 days (OLA default)');
  assert.deepEqual(lines('sys'), ['sys 10d', 'sys 1d'], 'system_application keeps 30 days (OLA default)');
  assert.deepEqual(lines('user'), ['user 40d', 'user 10d', 'user 1d'], 'an override of one category');
  assert.deepEqual(lines('plain'), ['plain 1d'], 'streams without a category keep logsDays');
  assert.equal(report.logBlocks, 1 + 2 + 3);
});

test('retention: spans and their tag values past the trace retention are deleted', async (t) => {
  const { store } = await open(t, { retention: { tracesDays: 14 } });
  await store.appendSpans({
    spans: [
      span({ traceId: traceId(1), startNs: ns(NOW - 20 * DAY), attributes: [{ key: 'v', value: { stringValue: 'old' } }] }),
      span({ traceId: traceId(2), startNs: ns(NOW - DAY), attributes: [{ key: 'v', value: { stringValue: 'new' } }] }),
    ],
  });
  const report = await store.runRetention();
  assert.equal(report.spans, 1);
  assert.deepEqual(store.traces.trace(traceId(1)), []);
  assert.equal(store.traces.trace(traceId(2)).length, 1);
  assert.deepEqual(store.traces.tagValues('span', 'v'), ['new']);
  assert.equal(store.stats().spans, 1);
});

test('retention: over the size cap the oldest data goes first, whatever its signal', async (t) => {
  const maxBytes = 1024 * 1024;
  const { store, logged } = await open(t, { retention: { maxBytes } });
  const r = new SeededRandom(3);
  // ~4 MiB of poorly compressible lines over 40 days, oldest first, plus recent metrics and spans.
  for (let day = 40; day >= 1; day--) {
    const entries = Array.from({ length: 100 }, (_, i) => ({ tsNs: ns(NOW - day * DAY + i), line: r.text(1000) }));
    await store.appendLogs({ streams: [{ labels: { app: 'big', ola_category: 'auth_access' }, entries }] });
  }
  store.flush();
  await store.appendMetrics({ series: [{ labels: { __name__: 'recent' }, samples: [{ t: NOW - 1000, v: 1 }] }] });
  await store.appendSpans({ spans: [span({ traceId: traceId(3), startNs: ns(NOW - 1000) })] });
  assert.ok(store.stats().usedBytes > maxBytes);
  const report = await store.runRetention();
  assert.ok(report.sizeCapped && report.logBlocks > 0, JSON.stringify(report));
  assert.ok(store.stats().usedBytes <= maxBytes, `${store.stats().usedBytes} used`);
  const [ref] = store.logs.streams([{ name: 'app', op: '=', value: 'big' }], 0n, ALL);
  const kept = [...store.logs.entries(ref!.id, 0n, ALL, 'forward')];
  assert.ok(kept.length > 0 && kept.length < 4000);
  assert.ok(kept[kept.length - 1]!.tsNs >= ns(NOW - DAY), 'the newest lines are kept');
  assert.equal(store.metrics.select([{ name: '__name__', op: '=', value: 'recent' }], 0, NOW).length, 1);
  assert.equal(store.traces.trace(traceId(3)).length, 1);
  assert.ok(logged.some((l) => l.startsWith('retention deleted old data (age and size limit)')), logged.join('\n'));
});

test('retention: exemplars beyond maxExemplars go, oldest first', async (t) => {
  const { store } = await open(t, { retention: { maxExemplars: 3 } });
  for (let i = 0; i < 5; i++)
    await store.appendMetrics({ series: [{ labels: { __name__: 'h_bucket', le: '1' }, samples: [{ t: NOW - i, v: i }], exemplars: [{ labels: { trace_id: `t${i}` }, value: i, t: NOW - 100 + i }] }] });
  const report = await store.runRetention();
  assert.equal(report.exemplars, 2);
  const [kept] = store.metrics.exemplars([[{ name: 'le', op: '=', value: '1' }]], 0, NOW);
  assert.deepEqual(kept!.exemplars.map((e) => e.labels.trace_id), ['t2', 't3', 't4']);
});
