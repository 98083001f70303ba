// PromQL side by side with the real Prometheus on the same data: instant and range queries
// (6 h at a 15 s step) over 1,000 counter series and 1,000 histogram bucket series, for rate,
// sum by and histogram_quantile, through both HTTP APIs. Reports the time ratio (goal: within
// 2x of Prometheus) and the peak memory (RSS high-water mark) of both server processes.
// `npm run bench -- promql [--quick]`.
import { execFile } from 'node:child_process';
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { createSqliteStore, type MetricSeriesInput } from '@srcobs/local';
import { findBinary, freePort, startProcess, type RunningProcess } from '@srcobs/testkit';
import type { BenchContext, BenchResult, Benchmark, Measurement } from './harness/types.js';
import { promqlWorkload, type PromqlWorkload } from './promql/workload.js';

const run = promisify(execFile);
const quiet = { info: () => {}, warn: () => {}, error: () => {} };
/** Measured runs per query (after one warm-up); the median is reported. */
const RUNS = 5;
const SERVE_LOCAL = new URL('./promql/serve-local.js', import.meta.url);

interface Query {
  readonly name: string;
  readonly expr: string;
  readonly range: boolean;
}

const QUERIES: readonly Query[] = [
  { name: 'rate', expr: 'rate(bench_http_requests_total[5m])', range: false },
  { name: 'rate', expr: 'rate(bench_http_requests_total[5m])', range: true },
  { name: 'sum by', expr: 'sum by (path) (rate(bench_http_requests_total[5m]))', range: false },
  { name: 'sum by', expr: 'sum by (path) (rate(bench_http_requests_total[5m]))', range: true },
  { name: 'histogram_quantile', expr: 'histogram_quantile(0.9, sum by (le) (rate(bench_http_request_duration_seconds_bucket[5m])))', range: false },
  { name: 'histogram_quantile', expr: 'histogram_quantile(0.9, sum by (le) (rate(bench_http_request_duration_seconds_bucket[5m])))', range: true },
  { name: 'histogram_quantile by instance', expr: 'histogram_quantile(0.9, rate(bench_http_request_duration_seconds_bucket[5m]))', range: true },
];

async function writeOpenMetrics(w: PromqlWorkload, file: string): Promise<void> {
  const out = createWriteStream(file);
  const byName = new Map<string, MetricSeriesInput[]>();
  for (const s of w.series()) {
    const list = byName.get(s.labels['__name__']!) ?? [];
    list.push(s);
    byName.set(s.labels['__name__']!, list);
  }
  for (const [name, list] of byName) {
    let text = `# TYPE ${name} unknown\n`;
    for (const s of list) {
      const labels = Object.entries(s.labels)
        .filter(([k]) => k !== '__name__')
        .map(([k, v]) => `${k}="${v}"`)
        .join(',');
      for (const x of s.samples) text += `${name}{${labels}} ${x.v} ${(x.t / 1000).toFixed(3)}\n`;
      if (text.length > 1 << 20) {
        if (!out.write(text)) await once(out, 'drain');
        text = '';
      }
    }
    out.write(text);
  }
  out.end('# EOF\n');
  await once(out, 'finish');
}

/** Peak resident memory of a process, from /proc (Linux). */
async function peakRssMiB(pid: number): Promise<number | undefined> {
  try {
    const status = await readFile(`/proc/${pid}/status`, 'utf8');
    const m = /VmHWM:\s+(\d+) kB/.exec(status);
    return m ? Number(m[1]) / 1024 : undefined;
  } catch {
    return undefined;
  }
}

async function timeQuery(base: string, q: Query, w: PromqlWorkload): Promise<{ ms: number; series: number; points: number }> {
  const params: Record<string, string> = q.range
    ? { query: q.expr, start: String(w.start / 1000), end: String(w.end / 1000), step: String(w.stepMs / 1000) }
    : { query: q.expr, time: String(w.end / 1000) };
  const url = `${base}/api/v1/${q.range ? 'query_range' : 'query'}?${new URLSearchParams(params)}`;
  const timings: number[] = [];
  let series = 0;
  let points = 0;
  for (let i = 0; i <= RUNS; i++) {
    const started = performance.now();
    const res = await fetch(url);
    const body = (await res.json()) as { status: string; error?: string; data: { result: Array<{ values?: unknown[] }> } };
    const ms = performance.now() - started;
    if (body.status !== 'success') throw new Error(`${base}: ${q.expr}: ${body.error}`);
    if (i > 0) timings.push(ms);
    series = body.data.result.length;
    points = body.data.result.reduce((n, s) => n + (s.values?.length ?? 1), 0);
  }
  timings.sort((a, b) => a - b);
  return { ms: timings[Math.floor(timings.length / 2)]!, series, points };
}

async function startLocal(dataDir: string): Promise<{ url: string; proc: RunningProcess }> {
  const proc = startProcess(process.execPath, [SERVE_LOCAL.pathname, dataDir]);
  const line = await proc.waitFor(/^ready /, 60_000);
  return { url: line.slice('ready '.length).trim(), proc };
}

async function startPrometheus(ctx: BenchContext, w: PromqlWorkload, prometheus: string, promtool: string): Promise<{ url: string; proc: RunningProcess }> {
  const data = join(ctx.workDir, 'bench.om');
  await writeOpenMetrics(w, data);
  const tsdb = join(ctx.workDir, 'prometheus');
  ctx.progress('backfilling Prometheus with promtool');
  await run(promtool, ['tsdb', 'create-blocks-from', 'openmetrics', data, tsdb], { maxBuffer: 64 << 20 });
  const config = join(ctx.workDir, 'prometheus.yml');
  await writeFile(config, 'global: {}\n');
  const port = await freePort();
  const proc = startProcess(prometheus, [`--config.file=${config}`, `--storage.tsdb.path=${tsdb}`, `--web.listen-address=127.0.0.1:${port}`, '--storage.tsdb.retention.time=100y']);
  await proc.waitFor(/Server is ready to receive web requests/, 60_000);
  return { url: `http://127.0.0.1:${port}`, proc };
}

export const promql: Benchmark = {
  name: 'promql',
  description: 'PromQL instant and range queries (rate, sum by, histogram_quantile) over 1,000 series x 6 h, side by side with Prometheus 2.42',
  async run(ctx: BenchContext): Promise<BenchResult> {
    const prometheus = findBinary('prometheus');
    const promtool = findBinary('promtool');
    if (!prometheus || !promtool) return { benchmark: 'promql', measurements: [], notes: ['prometheus/promtool not installed (apt-get install -y prometheus): nothing to compare with'] };
    const w = ctx.quick ? promqlWorkload(10, 1) : promqlWorkload(100, 6);
    const samples = ((w.end - w.start) / w.stepMs + 1) * (w.counters + w.bucketSeries);
    ctx.progress(`loading ${w.counters} counter + ${w.bucketSeries} bucket series, ${samples.toLocaleString('en')} samples into the SQLite store`);
    const dataDir = join(ctx.workDir, 'local');
    const store = await createSqliteStore({ dataDir, logger: quiet });
    let batch: MetricSeriesInput[] = [];
    for (const s of w.series()) {
      batch.push(s);
      if (batch.length === 20) {
        await store.appendMetrics({ series: batch });
        batch = [];
      }
    }
    if (batch.length) await store.appendMetrics({ series: batch });
    store.flush();
    await store.close();
    const prom = await startPrometheus(ctx, w, prometheus, promtool);
    const local = await startLocal(dataDir);
    const measurements: Measurement[] = [];
    const notes: string[] = [
      `${w.counters} counter series and ${w.bucketSeries} histogram bucket series, ${samples.toLocaleString('en')} samples over ${(w.end - w.start + w.stepMs) / 3_600_000} h at 15 s`,
      `range queries cover the whole span at a 15 s step; each query runs once to warm up, then ${RUNS} times; the median is reported`,
      'both sides answer over their HTTP API on loopback (JSON encoding included); srcobs runs as srcobs up does: SQLite store, query worker threads',
    ];
    try {
      for (const q of QUERIES) {
        const label = `${q.name} (${q.range ? 'range' : 'instant'})`;
        ctx.progress(label);
        const theirs = await timeQuery(prom.url, q, w);
        const ours = await timeQuery(local.url, q, w);
        if (ours.series !== theirs.series || ours.points !== theirs.points) notes.push(`${label}: different result sizes, srcobs ${ours.series} series/${ours.points} points vs Prometheus ${theirs.series}/${theirs.points}`);
        measurements.push({
          name: `${label}: ${q.expr}`,
          unit: 'ms',
          value: Math.round(ours.ms * 10) / 10,
          baseline: { label: 'prometheus 2.42', value: Math.round(theirs.ms * 10) / 10 },
          goal: { op: '<=', value: 2, subject: 'ratio' },
          note: `${ours.series} series, ${ours.points} points`,
        });
      }
      const ourPeak = await peakRssMiB(local.proc.child.pid!);
      const theirPeak = await peakRssMiB(prom.proc.child.pid!);
      if (ourPeak !== undefined && theirPeak !== undefined) {
        measurements.push({ name: 'peak memory (RSS high-water mark of the server process)', unit: 'MiB', value: Math.round(ourPeak), baseline: { label: 'prometheus 2.42', value: Math.round(theirPeak) } });
      }
    } finally {
      await local.proc.stop();
      await prom.proc.stop();
    }
    return { benchmark: 'promql', measurements, notes };
  },
};
