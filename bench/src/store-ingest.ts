// Ingest throughput of the SQLite store, per signal, on one core (the store, SQLite included, runs
// on the calling thread), and bytes on disk per item once the head is flushed.
// `npm run bench -- store-ingest [--quick]`, or alone: `node bench/dist/store-ingest.js [--quick]`.
import { mkdtemp, rm } from 'node:fs/promises';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createSqliteStore, type SqliteStore } from '@srcobs/local';
import type { BenchContext, BenchResult, Benchmark, Measurement } from './harness/types.js';
import { prometheusBytes } from './store-ingest/prometheus-baseline.js';
import { logBatches, metricBatches, spanBatches } from './store-ingest/workloads.js';

/** Appends in flight at once, as concurrent remote-write shards or push requests are. */
const IN_FLIGHT = 4;
const quiet = { info: () => {}, warn: () => {}, error: () => {} };

interface Timed {
  readonly seconds: number;
  /** CPU seconds of this process over wall seconds: 1.0 is one core busy. */
  readonly cores: number;
  readonly store: ReturnType<SqliteStore['stats']>;
}

/** Feeds the batches through `append` with IN_FLIGHT concurrent callers, then flushes; times all of it. */
async function ingest<B>(dir: string, batches: readonly B[], append: (s: SqliteStore, b: B) => Promise<void>): Promise<Timed> {
  const store = await createSqliteStore({ dataDir: dir, logger: quiet, retention: { intervalMs: 3_600_000 } });
  try {
    const cpu = process.cpuUsage();
    const started = performance.now();
    let next = 0;
    await Promise.all(
      Array.from({ length: IN_FLIGHT }, async () => {
        while (next < batches.length) await append(store, batches[next++]!);
      }),
    );
    store.flush();
    const seconds = (performance.now() - started) / 1000;
    const used = process.cpuUsage(cpu);
    return { seconds, cores: (used.user + used.system) / 1e6 / seconds, store: store.stats() };
  } finally {
    await store.close();
  }
}

/**
 * Items per wall second, and per CPU second of the whole process: the store and SQLite share one
 * thread (V8's garbage collector adds helpers), so the second is what one core sustains alone.
 * The two differ when the machine is busy with other work or the disk makes the thread wait.
 */
function throughput(name: string, unit: string, items: number, t: Timed, goal: number): Measurement[] {
  return [
    { name, unit, value: items / t.seconds, goal: { op: '>=', value: goal, subject: 'value' }, note: `wall clock; the process used ${t.cores.toFixed(2)} cores on average, V8's GC threads included (load average ${loadavg()[0]!.toFixed(1)} on ${cpus().length} cores)` },
    { name: `${name} per CPU second`, unit, value: items / (t.seconds * t.cores), goal: { op: '>=', value: goal, subject: 'value' }, note: 'items over CPU seconds of all the process\'s threads: what one core sustains with nothing else on it' },
  ];
}

/** Runs the benchmark; `quick` uses a tenth of the data. */
export async function run(context: Partial<BenchContext> = {}): Promise<BenchResult> {
  const quick = context.quick ?? false;
  const progress = context.progress ?? ((m: string) => process.stderr.write(`  store-ingest: ${m}\n`));
  const workDir = context.workDir ?? (await mkdtemp(join(tmpdir(), 'srcobs-bench-store-')));
  const scale = quick ? 0.1 : 1;
  const measurements: Measurement[] = [];
  const notes: string[] = [];
  try {
    const samples = Math.round(4_000_000 * scale);
    progress(`generating ${samples} samples`);
    const mb = metricBatches(samples);
    progress('ingesting metrics');
    const m = await ingest(join(workDir, 'metrics'), mb, (s, b) => s.appendMetrics(b));
    progress('backfilling the same samples into Prometheus blocks with promtool');
    const prom = await prometheusBytes(mb, workDir);
    measurements.push(
      ...throughput('metrics ingest', 'samples/s', samples, m, 200_000),
      {
        name: 'metrics on disk',
        unit: 'bytes/sample',
        value: m.store.usedBytes / samples,
        ...(prom ? { baseline: { label: `Prometheus ${prom.version} TSDB, 24 h blocks`, value: prom.totalBytes / samples } } : {}),
        goal: { op: '<=', value: 2, subject: 'value' },
        note: prom ? `Prometheus' chunk files alone: ${(prom.chunkBytes / samples).toFixed(2)} bytes/sample` : 'promtool not installed: no Prometheus baseline',
      },
    );
    notes.push(`metrics: ${samples} samples of 1,000 series (${Math.round(samples / 1000 / 240)} h of 15 s scrapes; 35 % histogram buckets, 25 % counters, 10 % noisy float gauges, 15 % stepped gauges, 15 % constants; one scrape in ten a few ms late) in remote-write batches of 2,000 samples, ${IN_FLIGHT} in flight; bytes are the database pages in use after the head flush, indexes, label index and head chunks included`);

    const lines = Math.round(1_000_000 * scale);
    progress(`generating ${lines} log lines`);
    const lb = logBatches(lines);
    progress('ingesting logs');
    const l = await ingest(join(workDir, 'logs'), lb.batches, (s, b) => s.appendLogs(b));
    measurements.push(
      ...throughput('logs ingest', 'lines/s', lines, l, 50_000),
      ...throughput('logs ingest', 'MB/s', lb.rawBytes / 1e6, l, 10),
      { name: 'logs compression', unit: '× (raw line bytes / bytes on disk)', value: lb.rawBytes / l.store.usedBytes, goal: { op: '>=', value: 5, subject: 'value' } },
    );
    notes.push(`logs: ${lines} logfmt/JSON lines (${(lb.rawBytes / lines).toFixed(0)} bytes on average, 30 % with structured metadata) over 20 streams, pushes of 1,000 lines, ${IN_FLIGHT} in flight; compression counts every page in use (index included) after compaction`);

    const spans = Math.round(200_000 * scale);
    progress(`generating ${spans} spans`);
    const sb = spanBatches(spans);
    progress('ingesting spans');
    const s = await ingest(join(workDir, 'traces'), sb, (st, b) => st.appendSpans(b));
    measurements.push(
      ...throughput('traces ingest', 'spans/s', spans, s, 30_000),
      { name: 'traces on disk', unit: 'bytes/span', value: s.store.usedBytes / spans },
    );
    notes.push(`traces: ${spans} spans (traces of 5 spans over 3 services, 4-7 attributes each) in exports of 512, ${IN_FLIGHT} in flight`);
    notes.push('each signal: a fresh store, synchronous=NORMAL (survives kill -9), timed from the first append to the last acknowledgement plus a final head flush and log compaction');
    notes.push('the Prometheus baseline backfills the same samples with `promtool tsdb create-blocks-from openmetrics --max-block-duration=24h`: bytes of its blocks (chunks, index), not its ingest speed');
  } finally {
    if (!context.workDir) await rm(workDir, { recursive: true, force: true });
  }
  return { benchmark: 'store-ingest', measurements, notes };
}

export const storeIngest: Benchmark = {
  name: 'store-ingest',
  description: 'SQLite store ingest throughput per signal on one core, and bytes on disk per item',
  run,
};

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const result = await run({ quick: process.argv.includes('--quick') });
  for (const m of result.measurements) {
    const baseline = m.baseline ? `, ${m.baseline.label}: ${m.baseline.value.toFixed(2)}` : '';
    process.stdout.write(`${m.name}: ${m.value.toFixed(2)} ${m.unit}${baseline}${m.goal ? ` (goal ${m.goal.op} ${m.goal.value})` : ''}${m.note ? ` — ${m.note}` : ''}\n`);
  }
  for (const n of result.notes ?? []) process.stdout.write(`- ${n}\n`);
}
