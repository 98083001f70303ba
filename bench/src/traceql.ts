// Trace by id and TraceQL search latency over a SQLite store of >= 1 M spans, read the way the
// query workers read it (a read-only connection of their own).
// `npm run bench -- traceql [--quick]`, or alone: `node bench/dist/traceql.js [--quick]`.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createSqliteStore, createTraceQLEngine, encodeTraceProto, openSqliteReader, traceToOtlpJson } from '@srcobs/local';
import type { BenchContext, BenchResult, Benchmark, Measurement } from './harness/types.js';
import { traceBatches, type WorkloadInfo } from './traceql/workload.js';

const quiet = { info: () => {}, warn: () => {}, error: () => {} };
const IN_FLIGHT = 4;
const HOUR_MS = 3_600_000;

/** Searches Grafana users make, from the Explore default to a needle in the haystack. */
const QUERIES: ReadonlyArray<{ readonly name: string; readonly q: string }> = [
  { name: 'recent traces', q: '{ }' },
  { name: 'errors of one service (indexed)', q: '{ resource.service.name = "payment" && status = error }' },
  { name: 'attribute equality', q: '{ span.http.response.status_code = 500 }' },
  { name: 'rare attribute value (~1 trace in 10,000)', q: '{ span.user.id = "user-42" }' },
  { name: 'name and duration', q: '{ name = "POST /api/checkout" && duration > 1s }' },
  { name: 'structural: slow query under frontend', q: '{ resource.service.name = "frontend" } >> { span.db.system = "postgresql" && duration > 500ms }' },
  { name: 'pipeline: errors grouped by service', q: '{ status = error } | by(resource.service.name) | count() > 1' },
  { name: 'regex and aggregate (no store filter)', q: '{ span.http.route =~ "/api/c.*" } | avg(duration) > 500ms' },
];

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;
}

function timeMs(f: () => unknown): number {
  const t = performance.now();
  f();
  return performance.now() - t;
}

/** Runs the benchmark; `quick` uses 50,000 spans instead of 1,050,000. */
export async function run(context: Partial<BenchContext> = {}): Promise<BenchResult> {
  const quick = context.quick ?? false;
  const progress = context.progress ?? ((m: string) => process.stderr.write(`  traceql: ${m}\n`));
  const workDir = context.workDir ?? (await mkdtemp(join(tmpdir(), 'srcobs-bench-traceql-')));
  const totalSpans = quick ? 50_000 : 1_050_000;
  const lookups = quick ? 100 : 1000;
  const runs = quick ? 3 : 5;
  const measurements: Measurement[] = [];
  const notes: string[] = [];
  const dataDir = join(workDir, 'store');
  const store = await createSqliteStore({ dataDir, logger: quiet, retention: { intervalMs: 24 * HOUR_MS } });
  try {
    const info: WorkloadInfo = { spans: 0, traces: 0, firstNs: 0n, lastNs: 0n, sampleIds: [] };
    const batches = traceBatches(totalSpans, Date.now(), 2 * HOUR_MS, info, lookups);
    progress(`ingesting ${totalSpans} spans`);
    const ingestStart = performance.now();
    await Promise.all(
      Array.from({ length: IN_FLIGHT }, async () => {
        for (let next = batches.next(); !next.done; next = batches.next()) {
          await store.appendSpans(next.value);
          if (info.spans % 100_000 < 512) progress(`${info.spans} spans`);
        }
      }),
    );
    store.flush();
    const ingestSeconds = (performance.now() - ingestStart) / 1000;
    notes.push(`store: ${info.spans} spans in ${info.traces} traces (9 spans on average over 10 services) spread over 2 h, ingested in ${ingestSeconds.toFixed(0)} s; ${(store.stats().bytesOnDisk / 1e6).toFixed(0)} MB on disk`);

    const readers = openSqliteReader(dataDir);
    try {
      progress(`${info.sampleIds.length} trace-by-id lookups`);
      const ids = info.sampleIds;
      // Warm the statement and protobufjs' generated encoder (a few traces; the rest stay cold).
      for (const id of ids.slice(0, 20)) encodeTraceProto(traceToOtlpJson(readers.traces.trace(id)));
      const read = ids.map((id) => timeMs(() => readers.traces.trace(id))).sort((a, b) => a - b);
      const encoded = ids.map((id) => timeMs(() => encodeTraceProto(traceToOtlpJson(readers.traces.trace(id))))).sort((a, b) => a - b);
      const goal = { op: '<=', value: 10, subject: 'value' } as const;
      measurements.push(
        { name: 'trace by id: store read, median', unit: 'ms', value: percentile(read, 0.5), goal },
        { name: 'trace by id: store read, p99', unit: 'ms', value: percentile(read, 0.99), goal },
        { name: 'trace by id: read + Tempo protobuf answer, median', unit: 'ms', value: percentile(encoded, 0.5), goal, note: 'what the query worker does for /api/traces/<id> with Accept: application/protobuf (Grafana), the thread hop and HTTP aside' },
        { name: 'trace by id: read + Tempo protobuf answer, p99', unit: 'ms', value: percentile(encoded, 0.99), goal },
      );
      notes.push(`trace by id: ${ids.length} random traces of the ${info.traces}, each read once (a uniform sample, so most are cold in SQLite's page cache)`);

      const engine = createTraceQLEngine({ reader: readers.traces });
      const endNs = info.lastNs + 1n;
      const startNs = endNs - BigInt(HOUR_MS) * 1_000_000n;
      for (const { name, q } of QUERIES) {
        progress(`search: ${q}`);
        let inspected = 0;
        let found = 0;
        const search = (): void => {
          const res = engine.search({ q, startNs, endNs, limit: 20, spss: 3 });
          inspected = res.metrics.inspectedTraces;
          found = res.traces.length;
        };
        search();
        const times = Array.from({ length: runs }, () => timeMs(search)).sort((a, b) => a - b);
        measurements.push({ name: `TraceQL search, ${name}`, unit: 'ms', value: percentile(times, 0.5), note: `${q} — last hour, limit 20: ${found} traces found, ${inspected} read; median of ${runs}` });
      }
      notes.push(`searches: the engine on the worker's kind of connection, window = the last hour of data (about half the store), Grafana's defaults (limit 20, spss 3); each query run once to warm up, then ${runs} times`);
    } finally {
      readers.close();
    }
  } finally {
    await store.close();
    if (!context.workDir) await rm(workDir, { recursive: true, force: true });
  }
  return { benchmark: 'traceql', measurements, notes };
}

export const traceql: Benchmark = {
  name: 'traceql',
  description: 'Tempo trace by id and TraceQL search latency over a SQLite store of >= 1 M spans',
  run,
};

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const result = await run({ quick: process.argv.includes('--quick') });
  for (const m of result.measurements) process.stdout.write(`${m.name}: ${m.value.toFixed(2)} ${m.unit}${m.goal ? ` (goal ${m.goal.op} ${m.goal.value})` : ''}${m.note ? ` — ${m.note}` : ''}\n`);
  for (const n of result.notes ?? []) process.stdout.write(`- ${n}\n`);
}
