import assert from 'node:assert/strict';
import { InvalidBatchError, QueryLimitError, QueryTimeoutError } from '../../model/errors.js';
import { STALE_NAN, isStaleNaN } from '../../model/metrics.js';
import type { ContractCase } from './store-contract.js';
import { m, sortedLabels } from './fixtures.js';

const T0 = 1_700_000_000_000;
const up = (labels: Record<string, string>, samples: Array<[number, number]>) => ({ labels: { __name__: 'up', ...labels }, samples: samples.map(([t, v]) => ({ t, v })) });

function times(series: { timestamps: Float64Array }): number[] {
  return [...series.timestamps];
}

/** Four series for the matcher cases: api/web jobs, one without `env`. */
async function loadMatcherFixture(store: Parameters<ContractCase['run']>[0]): Promise<void> {
  await store.appendMetrics({
    series: [
      up({ job: 'api', env: 'prod' }, [[T0, 1]]),
      up({ job: 'web', env: 'dev' }, [[T0, 1]]),
      up({ job: 'Api' }, [[T0, 1]]),
      { labels: { __name__: 'http_requests_total', job: 'api', env: 'prod', path: '/a\nb' }, samples: [{ t: T0, v: 5 }] },
    ],
  });
}

export const METRIC_CASES: readonly ContractCase[] = [
  {
    name: 'metrics: an acknowledged append is readable at once',
    async run(store) {
      await store.appendMetrics({ series: [up({ job: 'api' }, [[T0, 1], [T0 + 15_000, 2]])] });
      const got = store.metrics.select([m('__name__', '=', 'up')], T0, T0 + 15_000);
      assert.equal(got.length, 1);
      assert.deepEqual(got[0]!.labels, { __name__: 'up', job: 'api' });
      assert.deepEqual(times(got[0]!), [T0, T0 + 15_000]);
      assert.deepEqual([...got[0]!.values], [1, 2]);
    },
  },
  {
    name: 'metrics: equality, inequality and regex matchers, with absent labels as empty',
    async run(store) {
      await loadMatcherFixture(store);
      const names = (ms: ReturnType<typeof m>[]) => store.metrics.select(ms, T0, T0).map((s) => `${s.labels.__name__}:${s.labels.job}`).sort();
      assert.deepEqual(names([m('__name__', '=', 'up'), m('job', '=', 'api')]), ['up:api']);
      assert.deepEqual(names([m('__name__', '=', 'up'), m('job', '!=', 'api')]), ['up:Api', 'up:web']);
      assert.deepEqual(names([m('job', '=~', 'api|web')]), ['http_requests_total:api', 'up:api', 'up:web']);
      assert.deepEqual(names([m('job', '=~', 'ap')]), [], 'regexes are anchored at both ends');
      assert.deepEqual(names([m('__name__', '=', 'up'), m('job', '=~', '(?i)API')]), ['up:Api', 'up:api']);
      assert.deepEqual(names([m('__name__', '=', 'up'), m('job', '!~', 'a.*|w.*')]), ['up:Api']);
      assert.deepEqual(names([m('__name__', '=', 'up'), m('env', '=', '')]), ['up:Api'], 'env="" selects series without env');
      assert.deepEqual(names([m('__name__', '=', 'up'), m('env', '!=', '')]), ['up:api', 'up:web']);
      assert.deepEqual(names([m('__name__', '=~', '.+'), m('env', '=~', '.*')]), ['http_requests_total:api', 'up:Api', 'up:api', 'up:web']);
      assert.deepEqual(names([m('path', '=~', '/a.b')]), ['http_requests_total:api'], 'dot matches a newline, as in Prometheus');
      assert.deepEqual(names([m('job', '=', 'nope')]), []);
    },
  },
  {
    name: 'metrics: the range [mint, maxt] is inclusive at both ends, and series without samples in it are left out',
    async run(store) {
      await store.appendMetrics({ series: [up({ job: 'a' }, [[T0, 1], [T0 + 10, 2], [T0 + 20, 3]]), up({ job: 'b' }, [[T0 + 100, 1]])] });
      const got = store.metrics.select([m('__name__', '=', 'up')], T0 + 10, T0 + 20);
      assert.equal(got.length, 1);
      assert.deepEqual(times(got[0]!), [T0 + 10, T0 + 20]);
      assert.deepEqual(store.metrics.select([m('job', '=', 'a')], T0 + 11, T0 + 19), []);
      assert.deepEqual(sortedLabels(store.metrics.series([[m('__name__', '=', 'up')]], T0 + 50, T0 + 100)), sortedLabels([{ __name__: 'up', job: 'b' }]));
    },
  },
  {
    name: 'metrics: the last write wins on a duplicate timestamp; late samples are sorted in',
    async run(store) {
      await store.appendMetrics({ series: [up({ job: 'a' }, [[T0 + 30, 1], [T0 + 10, 2]])] });
      await store.appendMetrics({ series: [up({ job: 'a' }, [[T0 + 30, 3], [T0 + 20, 4], [T0 + 40, 5], [T0 + 40, 6]])] });
      const [s] = store.metrics.select([m('job', '=', 'a')], T0, T0 + 100);
      assert.deepEqual(times(s!), [T0 + 10, T0 + 20, T0 + 30, T0 + 40]);
      assert.deepEqual([...s!.values], [2, 4, 3, 6]);
    },
  },
  {
    name: 'metrics: the staleness marker keeps its bits; other NaNs and infinities come back as they went in',
    async run(store) {
      // Sample objects written out: a [t, v] tuple is a plain double array, where V8 would canonicalise the NaN.
      const values = [Number.NaN, Infinity, -Infinity, -0, Number.MAX_VALUE, 5e-324];
      const samples = [{ t: T0, v: STALE_NAN }, ...values.map((v, i) => ({ t: T0 + 1 + i, v }))];
      await store.appendMetrics({ series: [{ labels: { __name__: 'up', job: 'a' }, samples }] });
      const [s] = store.metrics.select([m('job', '=', 'a')], T0, T0 + 10);
      const v = s!.values;
      assert.ok(isStaleNaN(v[0]!), 'staleness marker');
      assert.ok(Number.isNaN(v[1]!) && !isStaleNaN(v[1]!), 'ordinary NaN');
      assert.deepEqual([...v.slice(2)], [Infinity, -Infinity, -0, Number.MAX_VALUE, 5e-324]);
      assert.ok(Object.is(v[4], -0));
    },
  },
  {
    name: 'metrics: series, label names and label values honour matcher sets (OR-ed) and the range',
    async run(store) {
      await loadMatcherFixture(store);
      await store.appendMetrics({ series: [up({ job: 'old', zone: 'z1' }, [[T0 - 60_000, 1]])] });
      assert.deepEqual(store.metrics.labelNames([], T0, T0), ['__name__', 'env', 'job', 'path']);
      assert.deepEqual(store.metrics.labelNames([], T0 - 60_000, T0), ['__name__', 'env', 'job', 'path', 'zone']);
      assert.deepEqual(store.metrics.labelValues('job', [], T0, T0), ['Api', 'api', 'web']);
      assert.deepEqual(store.metrics.labelValues('job', [[m('env', '=', 'dev')], [m('job', '=', 'Api')]], T0, T0), ['Api', 'web']);
      assert.deepEqual(
        sortedLabels(store.metrics.series([[m('job', '=', 'web')], [m('__name__', '=', 'http_requests_total')]], T0, T0)),
        sortedLabels([{ __name__: 'up', job: 'web', env: 'dev' }, { __name__: 'http_requests_total', job: 'api', env: 'prod', path: '/a\nb' }]),
      );
    },
  },
  {
    name: 'metrics: exemplars and metadata are kept',
    async run(store) {
      await store.appendMetrics({
        series: [{ ...up({ job: 'a' }, [[T0, 1]]), exemplars: [{ labels: { trace_id: 'abc' }, value: 0.25, t: T0 + 5 }] }],
        metadata: [{ metric: 'up', type: 'gauge', help: 'Whether the target is up.', unit: '' }],
      });
      const ex = store.metrics.exemplars([[m('job', '=', 'a')]], T0, T0 + 10);
      assert.deepEqual(ex, [{ seriesLabels: { __name__: 'up', job: 'a' }, exemplars: [{ labels: { trace_id: 'abc' }, value: 0.25, t: T0 + 5 }] }]);
      assert.deepEqual(store.metrics.exemplars([[m('job', '=', 'a')]], T0 + 6, T0 + 10), []);
      assert.deepEqual(store.metrics.metadata('up'), { up: [{ metric: 'up', type: 'gauge', help: 'Whether the target is up.', unit: '' }] });
      assert.deepEqual(store.metrics.metadata('nope'), {});
    },
  },
  {
    name: 'metrics: reads past maxSeries, maxSamples or the deadline fail with typed errors',
    async run(store) {
      await store.appendMetrics({ series: [1, 2, 3].map((i) => up({ job: `j${i}` }, [[T0, 1], [T0 + 1, 2]])) });
      const all = [m('__name__', '=', 'up')];
      assert.equal(store.metrics.select(all, T0, T0 + 1, { maxSeries: 3, maxSamples: 6 }).length, 3);
      assert.throws(() => store.metrics.select(all, T0, T0 + 1, { maxSeries: 2 }), (e) => e instanceof QueryLimitError && e.limit === 'series');
      assert.throws(() => store.metrics.select(all, T0, T0 + 1, { maxSamples: 5 }), (e) => e instanceof QueryLimitError && e.limit === 'samples');
      assert.throws(() => store.metrics.select(all, T0, T0 + 1, { deadline: Date.now() - 1 }), QueryTimeoutError);
    },
  },
  {
    name: 'metrics: a batch with one bad series is refused whole',
    async run(store) {
      const bad = { series: [up({ job: 'good' }, [[T0, 1]]), { labels: { '1bad': 'x' }, samples: [{ t: T0, v: 1 }] }] };
      await assert.rejects(store.appendMetrics(bad), InvalidBatchError);
      await assert.rejects(store.appendMetrics({ series: [up({ job: 'good' }, [[1.5, 1]])] }), InvalidBatchError);
      assert.deepEqual(store.metrics.select([m('job', '=', 'good')], 0, T0 * 2), []);
    },
  },
  {
    name: 'metrics: long series across chunk and window boundaries read back whole',
    async run(store) {
      const samples: Array<[number, number]> = [];
      // 600 samples every 15 s plus a jittered timestamp and a negative one: crosses 2-hour windows.
      for (let i = 0; i < 600; i++) samples.push([T0 + i * 15_000 + (i % 7 === 0 ? 3 : 0), i % 5 === 0 ? i * 1.5 : i]);
      samples.unshift([-86_400_000, -1]);
      for (let i = 0; i < samples.length; i += 50) await store.appendMetrics({ series: [up({ job: 'long' }, samples.slice(i, i + 50))] });
      const [s] = store.metrics.select([m('job', '=', 'long')], -1e15, 1e15);
      assert.deepEqual(times(s!), samples.map(([t]) => t));
      assert.deepEqual([...s!.values], samples.map(([, v]) => v));
      const [mid] = store.metrics.select([m('job', '=', 'long')], T0 + 3_000_000, T0 + 4_000_000);
      assert.deepEqual(times(mid!), samples.map(([t]) => t).filter((t) => t >= T0 + 3_000_000 && t <= T0 + 4_000_000));
    },
  },
];
