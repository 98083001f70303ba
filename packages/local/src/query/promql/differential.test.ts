// Differential test: the same synthetic series in the real Prometheus 2.42 (backfilled with
// promtool) and in the local stack (SQLite store, worker-thread runner, HTTP API), the same
// queries against both HTTP APIs, results equal within float tolerance.
//
// Prometheus 2 and 3 differ on window boundaries (2 includes a sample exactly `range` old, 3
// does not), so samples sit 3.5s past the 15s grid and queries run 20s past the minute: no
// sample, lookback edge or subquery step ever falls on a window boundary, and both versions
// see the same samples.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { requireBinary, startPrometheusWithData, tempDir } from '@srcobs/testkit';
import type { MetricSeriesInput } from '../../model/metrics.js';
import { startLocalStack } from '../../local-stack.js';
import { almostEqual } from './eval/math.js';

const HOUR = 3_600_000;
const STEP = 15_000;
const SAMPLES = 720; // 3h at 15s
const START = Math.floor(Date.now() / HOUR) * HOUR - 4 * HOUR;
const at = (minutes: number): number => START + minutes * 60_000 + 20_000;

/** mulberry32: a small seeded PRNG, so every run sees the same data. */
function prng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function syntheticSeries(): MetricSeriesInput[] {
  const rnd = prng(42);
  const times = Array.from({ length: SAMPLES }, (_, i) => START + 3_500 + i * STEP);
  const out: MetricSeriesInput[] = [];
  for (const job of ['api', 'web']) {
    for (const instance of ['a', 'b', 'c']) {
      for (const code of ['200', '500']) {
        let v = 1000 + rnd() * 1000;
        out.push({
          labels: { __name__: 'http_requests_total', job, instance, code },
          samples: times.map((t) => {
            v += (code === '200' ? 10 : 1) * rnd();
            // A rare counter reset, to a value far from zero.
            if (rnd() < 0.003) v = 500 + rnd() * 100;
            return { t, v };
          }),
        });
      }
    }
    for (const instance of ['a', 'b']) {
      const bounds = ['0.05', '0.1', '0.25', '0.5', '1', '2.5', '+Inf'];
      const counts = bounds.map(() => 100 + rnd() * 10);
      const series = bounds.map(() => [] as Array<{ t: number; v: number }>);
      let sum = 50;
      for (const t of times) {
        let cumulative = 0;
        bounds.forEach((_, b) => {
          counts[b]! += rnd() * (b === 3 ? 8 : 3);
          cumulative += counts[b]!;
          series[b]!.push({ t, v: cumulative });
        });
        sum += rnd() * 5;
      }
      bounds.forEach((le, b) => out.push({ labels: { __name__: 'http_request_duration_seconds_bucket', job, instance, le }, samples: series[b]! }));
      out.push({ labels: { __name__: 'http_request_duration_seconds_sum', job, instance }, samples: times.map((t, i) => ({ t, v: sum * (i + 1) })) });
    }
  }
  for (const instance of ['a', 'b', 'c', 'd']) {
    let load = 1 + rnd();
    let free = 4e9 + rnd() * 1e9;
    out.push({ labels: { __name__: 'node_load1', instance }, samples: times.map((t) => ({ t, v: (load = Math.max(0, load + (rnd() - 0.5) * 0.4)) })) });
    out.push({ labels: { __name__: 'node_memory_free_bytes', instance }, samples: times.map((t) => ({ t, v: (free -= rnd() * 1e6) })) });
    out.push({ labels: { __name__: 'kube_node_info', instance, node: `node-${instance}`, zone: instance < 'c' ? 'z1' : 'z2' }, samples: times.map((t) => ({ t, v: 1 })) });
  }
  // A job that stopped reporting after an hour.
  out.push({ labels: { __name__: 'batch_job_last_success', job: 'nightly' }, samples: times.slice(0, 240).map((t, i) => ({ t, v: START / 1000 + i })) });
  return out;
}

const QUERIES = [
  'http_requests_total',
  'rate(http_requests_total[5m])',
  'irate(http_requests_total[5m])',
  'increase(http_requests_total[10m])',
  'sum by (job) (rate(http_requests_total[5m]))',
  'sum without (instance) (rate(http_requests_total[5m]))',
  'sum by (job) (rate(http_requests_total{code="500"}[5m])) / sum by (job) (rate(http_requests_total[5m]))',
  'rate(http_requests_total[5m]) / on (job, instance) group_left sum by (job, instance) (rate(http_requests_total[5m]))',
  'node_load1 * on (instance) group_left (zone, node) kube_node_info',
  'sum by (zone) (node_load1 * on (instance) group_left (zone) kube_node_info)',
  'histogram_quantile(0.9, sum by (le, job) (rate(http_request_duration_seconds_bucket[5m])))',
  'histogram_quantile(0.5, rate(http_request_duration_seconds_bucket[10m]))',
  'histogram_quantile(0.99, sum by (le) (increase(http_request_duration_seconds_bucket[15m])))',
  'topk(3, rate(http_requests_total[5m]))',
  'bottomk(2, node_load1)',
  'topk by (job) (1, rate(http_requests_total[5m]))',
  'quantile(0.75, node_load1)',
  'count_values("v", round(node_load1))',
  'avg by (instance) (node_load1)',
  'stddev(node_load1)',
  'stdvar by (job) (rate(http_requests_total[5m]))',
  'count by (job) (http_requests_total)',
  'group by (job, code) (http_requests_total)',
  'max_over_time(node_load1[10m])',
  'min_over_time(node_load1[10m])',
  'avg_over_time(node_load1[10m])',
  'sum_over_time(node_load1[10m])',
  'count_over_time(node_load1[10m])',
  'stddev_over_time(node_load1[30m])',
  'quantile_over_time(0.9, node_load1[15m])',
  'last_over_time(batch_job_last_success[2h])',
  'present_over_time(batch_job_last_success[30m])',
  'absent_over_time(batch_job_last_success[10m])',
  'absent(nonexistent{job="x"})',
  'delta(node_load1[10m])',
  'idelta(node_load1[10m])',
  'deriv(node_load1[10m])',
  'predict_linear(node_memory_free_bytes[30m], 3600)',
  'resets(http_requests_total[1h])',
  'changes(node_load1[10m])',
  'max_over_time(rate(http_requests_total[5m])[30m:1m])',
  'avg_over_time(sum by (job) (rate(http_requests_total[2m]))[15m:30s])',
  'rate(http_requests_total[5m] offset 10m)',
  'node_load1 offset -5m',
  `http_requests_total{code="200"} @ ${(START + HOUR + 20_000) / 1000}`,
  `rate(http_requests_total[5m] @ ${(START + 2 * HOUR + 20_000) / 1000})`,
  'label_replace(rate(http_requests_total[5m]), "svc", "$1-x", "job", "(.*)")',
  'label_join(node_load1, "x", "-", "instance", "__name__")',
  'node_load1 > 1',
  'node_load1 > bool 1',
  '1 < node_load1',
  'node_load1 unless node_load1 > 1.2',
  'node_load1 and on (instance) kube_node_info{zone="z1"}',
  'sum(http_requests_total{job="nope"}) or vector(0)',
  '-node_load1',
  'node_load1 % 0.3',
  'node_load1 ^ 2',
  'node_load1 atan2 node_load1',
  'clamp(node_load1, 0.5, 1.5)',
  'clamp_min(node_load1, 1)',
  'round(node_load1, 0.1)',
  'sqrt(abs(node_load1))',
  'exp(node_load1 / 10)',
  'ln(node_memory_free_bytes)',
  'log2(node_memory_free_bytes)',
  'log10(node_memory_free_bytes)',
  'ceil(node_load1) + floor(node_load1)',
  'sgn(node_load1 - 1)',
  'timestamp(node_load1)',
  'scalar(sum(node_load1)) * 2',
  'vector(time())',
  'hour(vector(time()))',
  'minute()',
  'day_of_week()',
  'days_in_month()',
  'sort_desc(sum by (instance) (node_load1))',
  'sort(rate(http_requests_total[5m]))',
];

/** Queries that must fail the same way on both servers. */
const FAILING = ['rate(node_load1)', 'sum(node_load1', 'label_replace(node_load1, "x", "y", "z", "(")', 'node_load1 + on (job) group_left kube_node_info', 'foo{job=""}'];

const INSTANT_TIMES = [at(45), at(110), at(176)];
const RANGE = { start: at(30), end: at(180), step: 60 };

interface ApiAnswer {
  status: string;
  errorType?: string;
  error?: string;
  data?: { resultType: string; result: unknown };
}

async function get(base: string, path: string, params: Record<string, string>): Promise<{ status: number; body: ApiAnswer }> {
  const res = await fetch(`${base}${path}?${new URLSearchParams(params)}`);
  return { status: res.status, body: (await res.json()) as ApiAnswer };
}

type Point = [number, string];
interface SeriesResult {
  metric: Record<string, string>;
  value?: Point;
  values?: Point[];
}

function sameValue(a: string, b: string): boolean {
  const x = Number(a.replace('+Inf', 'Infinity').replace('-Inf', '-Infinity'));
  const y = Number(b.replace('+Inf', 'Infinity').replace('-Inf', '-Infinity'));
  return almostEqual(x, y, 1e-6) || Math.abs(x - y) < 1e-9;
}

function compareData(query: string, ours: ApiAnswer, theirs: ApiAnswer): void {
  assert.equal(ours.status, 'success', `${query}: ours failed: ${ours.error}`);
  assert.equal(theirs.status, 'success', `${query}: Prometheus failed: ${theirs.error}`);
  assert.equal(ours.data!.resultType, theirs.data!.resultType, query);
  if (ours.data!.resultType === 'scalar') {
    const [t1, v1] = ours.data!.result as Point;
    const [t2, v2] = theirs.data!.result as Point;
    assert.equal(t1, t2, query);
    assert.ok(sameValue(v1, v2), `${query}: ${v1} vs ${v2}`);
    return;
  }
  const key = (s: SeriesResult): string => JSON.stringify(Object.entries(s.metric).sort());
  const a = ours.data!.result as SeriesResult[];
  const b = theirs.data!.result as SeriesResult[];
  const ordered = /^sort/.test(query);
  const order = (l: SeriesResult[]): SeriesResult[] => (ordered ? l : [...l].sort((x, y) => (key(x) < key(y) ? -1 : 1)));
  const x = order(a);
  const y = order(b);
  assert.deepEqual(x.map(key), y.map(key), `${query}: series differ`);
  x.forEach((s, i) => {
    const ps = s.values ?? [s.value!];
    const qs = y[i]!.values ?? [y[i]!.value!];
    assert.deepEqual(ps.map((p) => p[0]), qs.map((p) => p[0]), `${query}: timestamps of ${key(s)}`);
    ps.forEach((p, k) => assert.ok(sameValue(p[1], qs[k]![1]), `${query}: ${key(s)} at ${p[0]}: ours ${p[1]}, Prometheus ${qs[k]![1]}`));
  });
}

test('differential: the local stack and Prometheus 2.42 answer the same', async (t) => {
  const prometheus = requireBinary(t, 'prometheus', 'apt-get install -y prometheus');
  const promtool = requireBinary(t, 'promtool', 'apt-get install -y prometheus');
  if (!prometheus || !promtool) return;
  const series = syntheticSeries();
  const dir = await tempDir(t, 'srcobs-diff-');
  const prom = await startPrometheusWithData({ series, dir, prometheus, promtool });
  t.after(() => prom.stop());
  // The local stack as `srcobs up` runs it: SQLite store, query worker thread, /api/v1 routes.
  const stack = await startLocalStack({ dataDir: `${dir}/local`, ports: { http: 0, otlpHttp: false, otlpGrpc: false }, scrape: { targets: [] }, log: () => {}, prometheus: { workers: 1 } });
  t.after(() => stack.stop());
  await stack.store.appendMetrics({ series });
  const ours = stack.urls.http!;

  for (const query of QUERIES) {
    await t.test(`instant and range: ${query}`, async () => {
      for (const time of INSTANT_TIMES) {
        const params = { query, time: String(time / 1000) };
        const [a, b] = await Promise.all([get(ours, '/api/v1/query', params), get(prom.url, '/api/v1/query', params)]);
        compareData(`${query} @ ${time}`, a.body, b.body);
      }
      const params = { query, start: String(RANGE.start / 1000), end: String(RANGE.end / 1000), step: String(RANGE.step) };
      const [a, b] = await Promise.all([get(ours, '/api/v1/query_range', params), get(prom.url, '/api/v1/query_range', params)]);
      compareData(`${query} (range)`, a.body, b.body);
    });
  }

  for (const query of FAILING) {
    await t.test(`same error: ${query}`, async () => {
      const params = { query, time: String(INSTANT_TIMES[0]! / 1000) };
      const [a, b] = await Promise.all([get(ours, '/api/v1/query', params), get(prom.url, '/api/v1/query', params)]);
      assert.equal(a.status, b.status, `${query}: ${a.body.error} vs ${b.body.error}`);
      assert.equal(a.body.errorType, b.body.errorType);
      assert.equal(a.body.error, b.body.error);
    });
  }
});
