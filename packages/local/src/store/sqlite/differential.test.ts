import assert from 'node:assert/strict';
import { test } from 'node:test';
import { tempDir } from '@srcobs/testkit';
import { labelsKey, type LabelMatcher } from '../../model/labels.js';
import { STALE_NAN, type MetricBatch, type SeriesData } from '../../model/metrics.js';
import type { LogBatch, StreamRef } from '../../model/logs.js';
import type { SpanBatch } from '../../model/spans.js';
import type { Store } from '../../model/store.js';
import { createInMemoryStore } from '../memory/memory-store.js';
import { span, traceId } from '../contract/fixtures.js';
import { SeededRandom } from '../contract/seeded-random.js';
import { createSqliteStore, type SqliteStore } from './sqlite-store.js';

/**
 * The SQLite store against the in-memory reference on the same random workload: late and
 * duplicate samples, shuffled log entries with equal timestamps, head flushes, compactions and
 * restarts at random points. Every read must agree, bit for bit.
 */

const quiet = { info: () => {}, warn: () => {}, error: () => {} };
const T0 = 1_700_000_000_000;
const S0 = 1_700_000_000_000_000_000n;
const JOBS = ['api', 'web', 'db', 'cache'];

function bits(s: SeriesData): string {
  return `${JSON.stringify(s.labels)} ${[...s.timestamps].join(',')} ${Buffer.from(s.values.buffer, s.values.byteOffset, s.values.byteLength).toString('hex')}`;
}

function metricBatch(r: SeededRandom): MetricBatch {
  return {
    series: Array.from({ length: r.int(1, 6) }, () => {
      const base = T0 + r.int(0, 5) * 3_600_000;
      const samples = Array.from({ length: r.int(1, 150) }, () => ({ t: base + r.int(0, 720) * 15_000, v: r.chance(0.05) ? STALE_NAN : r.chance(0.5) ? r.int(0, 100) : r.anyFloat() }));
      if (r.chance(0.7)) samples.sort((a, b) => a.t - b.t);
      return { labels: { __name__: r.pick(['req', 'lat']), job: r.pick(JOBS), ...(r.chance(0.5) ? { zone: r.pick(['a', 'b']) } : {}) }, samples };
    }),
  };
}

function logBatch(r: SeededRandom): LogBatch {
  return {
    streams: Array.from({ length: r.int(1, 3) }, () => ({
      labels: { app: r.pick(JOBS), ...(r.chance(0.5) ? { ola_category: 'auth_access' } : {}) },
      entries: Array.from({ length: r.int(1, 300) }, () => ({ tsNs: S0 + BigInt(r.int(0, 2000)) * 1_000_000n, line: r.text(r.int(0, 120)), ...(r.chance(0.3) ? { metadata: { k: r.text(5) } } : {}) })),
    })),
  };
}

let spanClock = 0n;
function spanBatch(r: SeededRandom): SpanBatch {
  return {
    spans: Array.from({ length: r.int(1, 20) }, () =>
      span({ traceId: traceId(r.int(1, 40)), serviceName: r.pick(JOBS), name: r.pick(['GET /', 'POST /x']), statusCode: r.int(0, 2), startNs: S0 + (spanClock += 1_000_001n), endNs: S0 + spanClock + BigInt(r.int(0, 1e9)) }),
    ),
  };
}

function randomMatchers(r: SeededRandom): LabelMatcher[] {
  const options: LabelMatcher[][] = [
    [{ name: '__name__', op: '=', value: 'req' }],
    [{ name: 'job', op: '=~', value: 'api|db' }],
    [{ name: '__name__', op: '=~', value: '.+' }, { name: 'zone', op: '!=', value: 'a' }],
    [{ name: 'job', op: '!~', value: 'c.*' }, { name: 'zone', op: '=', value: '' }],
  ];
  return r.pick(options);
}

function compare(r: SeededRandom, ref: Store, sql: Store, where: string): void {
  for (let q = 0; q < 8; q++) {
    const ms = randomMatchers(r);
    const mint = T0 + r.int(-1, 6) * 3_600_000;
    const maxt = mint + r.int(0, 8) * 3_600_000;
    assert.deepEqual(sql.metrics.select(ms, mint, maxt).map(bits), ref.metrics.select(ms, mint, maxt).map(bits), `${where}: select ${JSON.stringify(ms)} [${mint}, ${maxt}]`);
    assert.deepEqual(sql.metrics.labelValues('job', [ms], mint, maxt), ref.metrics.labelValues('job', [ms], mint, maxt), `${where}: label values`);
  }
  for (const app of JOBS) {
    const start = S0 + BigInt(r.int(0, 1000)) * 1_000_000n;
    const end = start + BigInt(r.int(1, 1500)) * 1_000_000n;
    // The contract leaves the order of streams open: compare them sorted.
    const byLabels = (a: StreamRef, b: StreamRef) => (labelsKey(a.labels) < labelsKey(b.labels) ? -1 : 1);
    const refStreams = ref.logs.streams([{ name: 'app', op: '=', value: app }], start, end).sort(byLabels);
    const sqlStreams = sql.logs.streams([{ name: 'app', op: '=', value: app }], start, end).sort(byLabels);
    assert.deepEqual(sqlStreams.map((s) => s.labels), refStreams.map((s) => s.labels), `${where}: streams of ${app}`);
    refStreams.forEach((s, i) => {
      for (const dir of ['forward', 'backward'] as const) {
        const want = [...ref.logs.entries(s.id, start, end, dir)].map((e) => [e.tsNs, e.line, e.metadata ?? {}]);
        const got = [...sql.logs.entries(sqlStreams[i]!.id, start, end, dir)].map((e) => [e.tsNs, e.line, e.metadata ?? {}]);
        assert.deepEqual(got, want, `${where}: ${dir} entries of ${app}`);
      }
    });
  }
  for (let q = 0; q < 5; q++) {
    const filter = r.pick([{}, { serviceName: r.pick(JOBS) }, { name: 'GET /', statusCode: 2 }, { minDurationNs: 500_000_000n }]);
    assert.deepEqual(sql.traces.findTraceIds(filter, S0, S0 + spanClock, 15), ref.traces.findTraceIds(filter, S0, S0 + spanClock, 15), `${where}: traces ${JSON.stringify(filter, (_, v) => (typeof v === 'bigint' ? String(v) : v))}`);
  }
  const id = traceId(r.int(1, 40));
  assert.deepEqual(sql.traces.trace(id), ref.traces.trace(id), `${where}: trace ${id}`);
}

for (const seed of [101, 202, 303]) {
  test(`differential: the SQLite store reads exactly what the in-memory reference does (seed ${seed})`, async (t) => {
    const r = new SeededRandom(seed);
    const dir = await tempDir(t);
    const ref = createInMemoryStore();
    const open = () => createSqliteStore({ dataDir: dir, logger: quiet, flushIntervalMs: 3_600_000, compactIntervalMs: 3_600_000 });
    let sql: SqliteStore = await open();
    t.after(() => sql.close());
    for (let round = 0; round < 60; round++) {
      const kind = r.int(0, 2);
      const batch = kind === 0 ? metricBatch(r) : kind === 1 ? logBatch(r) : spanBatch(r);
      if (kind === 0) await Promise.all([ref.appendMetrics(batch as MetricBatch), sql.appendMetrics(batch as MetricBatch)]);
      else if (kind === 1) await Promise.all([ref.appendLogs(batch as LogBatch), sql.appendLogs(batch as LogBatch)]);
      else await Promise.all([ref.appendSpans(batch as SpanBatch), sql.appendSpans(batch as SpanBatch)]);
      if (r.chance(0.15)) sql.flush();
      if (r.chance(0.05)) {
        await sql.close();
        sql = await open();
      }
      if (round % 20 === 19) compare(r, ref, sql, `seed ${seed} round ${round}`);
    }
  });
}
