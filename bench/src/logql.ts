// LogQL over >= 1 GB of logs in the SQLite store, read the way the query workers read it (a
// read-only connection of their own, one thread): line-filter throughput per core, against a raw
// scan of the same store as the baseline, and metric queries over the same data.
// `npm run bench -- logql [--quick]`, or alone: `node bench/dist/logql.js [--quick]`.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createLogQLEngine, createSqliteStore, openSqliteReader, type LogReader } from '@srcobs/local';
import type { BenchContext, BenchResult, Benchmark, Measurement } from './harness/types.js';
import { logBatches, NEEDLE, type LogWorkload } from './logql/workload.js';

const quiet = { info: () => {}, warn: () => {}, error: () => {} };
const IN_FLIGHT = 4;
const HOUR_MS = 3_600_000;
const NS_PER_MS = 1_000_000n;

/** CPU seconds (user + system) and wall seconds of a synchronous call. */
function measure<T>(f: () => T): { value: T; cpu: number; wall: number } {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const value = f();
  const wall = (performance.now() - t0) / 1000;
  const c = process.cpuUsage(c0);
  return { value, cpu: (c.user + c.system) / 1e6, wall };
}

/** Reads every line of the selected streams through the store alone: what any query must pay. */
function rawScan(reader: LogReader, startNs: bigint, endNs: bigint): { lines: number; bytes: number } {
  let lines = 0;
  let bytes = 0;
  for (const ref of reader.streams([{ name: 'namespace', op: '=', value: 'playground' }], startNs, endNs)) {
    for (const e of reader.entries(ref.id, startNs, endNs, 'backward')) {
      lines++;
      bytes += Buffer.byteLength(e.line);
      if (e.metadata) for (const k in e.metadata) bytes += k.length + e.metadata[k]!.length;
    }
  }
  return { lines, bytes };
}

/** Runs the benchmark; `quick` stores 100 MB of lines instead of 1.05 GB. */
export async function run(context: Partial<BenchContext> = {}): Promise<BenchResult> {
  const quick = context.quick ?? false;
  const progress = context.progress ?? ((m: string) => process.stderr.write(`  logql: ${m}\n`));
  const workDir = context.workDir ?? (await mkdtemp(join(tmpdir(), 'srcobs-bench-logql-')));
  const targetBytes = quick ? 100e6 : 1.05e9;
  const spanMs = 12 * HOUR_MS;
  const measurements: Measurement[] = [];
  const notes: string[] = [];
  const dataDir = join(workDir, 'store');
  const info: LogWorkload = { lines: 0, rawBytes: 0, firstNs: 0n, lastNs: 0n, streams: 0, needleLines: 0 };
  try {
    const store = await createSqliteStore({ dataDir, logger: quiet, retention: { intervalMs: 24 * HOUR_MS } });
    try {
      progress(`ingesting ${(targetBytes / 1e6).toFixed(0)} MB of log lines`);
      const ingestStart = performance.now();
      let reported = 0;
      const inflight: Array<Promise<void>> = [];
      for (const batch of logBatches(targetBytes, Date.now() - spanMs, spanMs, info)) {
        inflight.push(store.appendLogs(batch));
        if (inflight.length >= IN_FLIGHT) await inflight.shift();
        if (info.rawBytes - reported >= 100e6) {
          reported = info.rawBytes;
          progress(`${(info.rawBytes / 1e6).toFixed(0)} MB, ${info.lines} lines`);
        }
      }
      await Promise.all(inflight);
      const ingestSeconds = (performance.now() - ingestStart) / 1000;
      notes.push(
        `store: ${info.lines} lines, ${(info.rawBytes / 1e6).toFixed(0)} MB of line text (plus structured metadata on a quarter of them) in ${info.streams} streams over 12 h, ingested in ${ingestSeconds.toFixed(0)} s; ${(store.stats().bytesOnDisk / 1e6).toFixed(0)} MB on disk`,
      );
    } finally {
      await store.close();
    }

    const readers = openSqliteReader(dataDir);
    try {
      const engine = createLogQLEngine({ reader: readers.logs, timeoutMs: 3_600_000, maxQueryLengthMs: 30 * 24 * HOUR_MS, maxEntriesLimitPerQuery: 10_000 });
      const startNs = info.firstNs;
      const endNs = info.lastNs + 1n;
      const warmEnd = startNs + 10n * 60_000n * NS_PER_MS;

      progress('raw store scan (baseline)');
      rawScan(readers.logs, startNs, warmEnd);
      const raw = measure(() => rawScan(readers.logs, startNs, endNs));
      const rawMBps = raw.value.bytes / 1e6 / raw.cpu;
      measurements.push({ name: 'raw store scan (decode every line, no query)', unit: 'MB/s per core', value: rawMBps, note: `${raw.value.lines} lines in ${raw.wall.toFixed(1)} s wall, ${raw.cpu.toFixed(1)} s CPU` });

      const logQuery = (name: string, query: string, goal: boolean): void => {
        progress(name);
        engine.rangeQuery({ query, startNs, endNs: warmEnd, stepNs: 60_000n * NS_PER_MS, limit: 10_000, direction: 'backward' });
        const m = measure(() => engine.rangeQuery({ query, startNs, endNs, stepNs: 60_000n * NS_PER_MS, limit: 10_000, direction: 'backward' }));
        const found = m.value.value.resultType === 'streams' ? m.value.value.result.reduce((n, s) => n + s.values.length, 0) : -1;
        if (found !== info.needleLines) throw new Error(`${query} found ${found} lines, the store has ${info.needleLines}`);
        const mbps = m.value.stats.bytesProcessed / 1e6 / m.cpu;
        measurements.push({
          name,
          unit: 'MB/s per core',
          value: mbps,
          baseline: { label: 'raw store scan', value: rawMBps },
          ...(goal ? { goal: { op: '>=', value: 100, subject: 'value' } as const } : {}),
          note: `${query} over all ${m.value.stats.linesProcessed} lines: ${found} found, ${m.wall.toFixed(1)} s wall, ${m.cpu.toFixed(1)} s CPU`,
        });
      };
      logQuery('line filter |= (reads every line)', `{namespace="playground"} |= "${NEEDLE}"`, true);
      logQuery('regex line filter |~ (?i)', `{namespace="playground"} |~ "(?i)${NEEDLE}"`, false);

      const metricQuery = (name: string, query: string, stepMs: bigint): void => {
        progress(name);
        engine.rangeQuery({ query, startNs, endNs: warmEnd, stepNs: stepMs * NS_PER_MS, limit: 100, direction: 'backward' });
        const m = measure(() => engine.rangeQuery({ query, startNs, endNs, stepNs: stepMs * NS_PER_MS, limit: 100, direction: 'backward' }));
        const series = m.value.value.resultType === 'matrix' ? m.value.value.result.length : 0;
        measurements.push({
          name,
          unit: 'MB/s per core',
          value: m.value.stats.bytesProcessed / 1e6 / m.cpu,
          baseline: { label: 'raw store scan', value: rawMBps },
          note: `${query}, 12 h at a ${Number(stepMs) / 60_000} min step: ${series} series, ${m.wall.toFixed(1)} s wall, ${m.cpu.toFixed(1)} s CPU`,
        });
      };
      metricQuery('metric: count_over_time with a line filter, sum by', 'sum by (service_name) (count_over_time({namespace="playground"} |= "error" [5m]))', 300_000n);
      metricQuery('metric: rate, sum by', 'sum by (service_name) (rate({namespace="playground"}[1m]))', 60_000n);
      metricQuery('metric: logfmt parser, count by a parsed label', 'sum by (level) (count_over_time({namespace="playground"} | logfmt | __error__="" [5m]))', 300_000n);

      progress('Explore: the newest 1,000 lines of one service');
      const recent = (): void => void engine.rangeQuery({ query: '{service_name="checkout"} |= "level"', startNs: endNs - BigInt(HOUR_MS) * NS_PER_MS, endNs, stepNs: 15_000n * NS_PER_MS, limit: 1000, direction: 'backward' });
      recent();
      const times = Array.from({ length: 5 }, () => measure(recent).wall * 1000).sort((a, b) => a - b);
      measurements.push({ name: 'Explore log query: newest 1,000 lines of one service (last hour)', unit: 'ms', value: times[2]!, note: 'median of 5; a limit stops the read early' });
      notes.push(
        'throughput is line (and structured metadata) bytes read per CPU second of the query thread, so it is per core and holds on a busy machine; each query ran once on the first 10 minutes to warm up, then once over all 12 h',
        'the raw scan is the floor under every query: the store decoding each line; the ratio shows what the LogQL pipeline adds on top',
      );
    } finally {
      readers.close();
    }
  } finally {
    if (!context.workDir) await rm(workDir, { recursive: true, force: true });
  }
  return { benchmark: 'logql', measurements, notes };
}

export const logql: Benchmark = {
  name: 'logql',
  description: 'LogQL line-filter throughput and metric queries over >= 1 GB of logs in the SQLite store',
  run,
};

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const result = await run({ quick: process.argv.includes('--quick') });
  for (const m of result.measurements) process.stdout.write(`${m.name}: ${m.value.toFixed(1)} ${m.unit}${m.baseline ? ` (${m.baseline.label}: ${m.baseline.value.toFixed(1)})` : ''}${m.goal ? ` (goal ${m.goal.op} ${m.goal.value})` : ''}${m.note ? ` — ${m.note}` : ''}\n`);
  for (const n of result.notes ?? []) process.stdout.write(`- ${n}\n`);
}
