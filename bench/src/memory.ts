// Resident memory of the local stack, read from outside (/proc/<pid>/status VmRSS: the process
// with its worker threads): idle (the stack alone, just started and after a while, beside the
// real Prometheus idle on an empty TSDB) and under load (npm start's playground with loadgen at a
// high rate, plus remote write, Loki push, OTLP traces and a query loop), sampled every second.
// The playground apps are processes of their own and are reported apart. `npm run bench -- memory [--quick]`.
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { BenchContext, BenchResult, Benchmark, Measurement } from './harness/types.js';
import { childPids, commandLine, megabytes, type MemoryStatus } from '@srcobs/testkit';
import { sampleMemory, type MemorySeries } from './memory/sampler.js';
import { startSteadyLoad, type LoadReport, type SteadyRates } from './memory/steady-load.js';
import { launchPrometheus, prometheusBinary, prometheusVersion } from './servers/prometheus.js';
import { launchSrcobsUp } from './servers/srcobs-up.js';

/** The goal of issue 8, in decimal megabytes as written. */
const IDLE_GOAL_MB = 150;
const SAMPLE_MS = 1000;
/** loadgen's actions per second under load (npm start's default is 5). */
const LOADGEN_RATE = 200;
const RATES: SteadyRates = { remoteWritePerSecond: 10, series: 2000, lokiPushesPerSecond: 2, linesPerPush: 1000, traceExportsPerSecond: 2, spansPerExport: 256 };

function split(l: MemoryStatus | undefined): string {
  return l ? `${megabytes(l.anonBytes)} MB anonymous (heaps, SQLite caches), ${megabytes(l.fileBytes)} MB mapped files (node, native addons), ${l.threads} threads` : '';
}

/** The main thread's V8 heap and external memory, as the stack's own /metrics reports them. */
async function heapNote(httpUrl: string): Promise<string> {
  const text = await fetch(`${httpUrl}/metrics`, { signal: AbortSignal.timeout(5_000) }).then((r) => r.text()).catch(() => '');
  const value = (name: string): number | undefined => {
    const m = new RegExp(`^srcobs_${name} ([0-9.e+]+)$`, 'm').exec(text);
    return m ? Number(m[1]) : undefined;
  };
  const used = value('nodejs_heap_size_used_bytes');
  const total = value('nodejs_heap_size_total_bytes');
  const external = value('nodejs_external_memory_bytes');
  if (used === undefined || total === undefined) return '';
  return `; the main thread's V8 heap: ${megabytes(used)} MB used of ${megabytes(total)} MB reserved${external !== undefined ? `, ${megabytes(external)} MB external (buffers)` : ''}; the rest is the query worker thread's own heap, SQLite's page caches, compiled code and the node binary`;
}

interface IdleResult {
  readonly heap: string;
  readonly stack: MemorySeries;
  readonly prometheus: { readonly series: MemorySeries; readonly version: string } | undefined;
}

async function idle(ctx: BenchContext, seconds: number): Promise<IdleResult> {
  const dir = join(ctx.workDir, 'idle');
  await mkdir(join(dir, 'prometheus'), { recursive: true });
  const binary = prometheusBinary();
  const up = await launchSrcobsUp({ cwd: dir, playground: false });
  const prom = binary ? await launchPrometheus(binary, join(dir, 'prometheus')) : undefined;
  try {
    await up.up;
    await prom?.ready;
    ctx.progress(`idle: the stack alone${prom ? ' and Prometheus, both empty,' : ''} for ${seconds} s`);
    const sampler = sampleMemory([up.pid, ...(prom ? [prom.pid] : [])], SAMPLE_MS);
    await sleep(seconds * 1000);
    const series = await sampler.stop();
    return { heap: await heapNote(up.httpUrl), stack: series.get(up.pid)!, prometheus: prom && binary ? { series: series.get(prom.pid)!, version: prometheusVersion(binary) } : undefined };
  } finally {
    try {
      await up.stop();
    } finally {
      await prom?.stop();
    }
  }
}

interface LoadResult {
  readonly stack: MemorySeries;
  readonly apps: ReadonlyArray<{ readonly name: string; readonly series: MemorySeries }>;
  readonly load: LoadReport;
}

async function underLoad(ctx: BenchContext, seconds: number): Promise<LoadResult> {
  const dir = join(ctx.workDir, 'load');
  await mkdir(dir, { recursive: true });
  const up = await launchSrcobsUp({ cwd: dir, playground: true, rate: LOADGEN_RATE });
  try {
    await up.up;
    const children = await childPids(up.pid);
    const named = await Promise.all(children.map(async (pid) => ({ pid, name: /(test-app|trace-app|loadgen)/.exec(await commandLine(pid))?.[1] ?? `pid ${pid}` })));
    ctx.progress(`under load for ${seconds} s: loadgen at ${LOADGEN_RATE}/s, ${RATES.remoteWritePerSecond * RATES.series} samples/s remote write, ${RATES.lokiPushesPerSecond * RATES.linesPerPush} lines/s, ${RATES.traceExportsPerSecond * RATES.spansPerExport} spans/s, queries`);
    const sampler = sampleMemory([up.pid, ...children], SAMPLE_MS);
    const load = startSteadyLoad(up.httpUrl, up.otlpHttpUrl, RATES);
    const progressTimer = setInterval(() => ctx.progress('under load…'), 30_000);
    await sleep(seconds * 1000);
    clearInterval(progressTimer);
    const report = await load.stop();
    const series = await sampler.stop();
    return { stack: series.get(up.pid)!, apps: named.map((n) => ({ name: n.name, series: series.get(n.pid)! })).sort((a, b) => a.name.localeCompare(b.name)), load: report };
  } finally {
    await up.stop();
  }
}

export const memory: Benchmark = {
  name: 'memory',
  description: 'resident memory of the stack idle and under load (playground, remote write, pushes, queries), beside Prometheus idle',
  async run(ctx: BenchContext): Promise<BenchResult> {
    const idleSeconds = ctx.quick ? 10 : 30;
    const loadSeconds = ctx.quick ? 20 : 120;
    const i = await idle(ctx, idleSeconds);
    const l = await underLoad(ctx, loadSeconds);
    const promBaseline = (bytes: (s: MemorySeries) => number): Pick<Measurement, 'baseline'> =>
      i.prometheus ? { baseline: { label: `Prometheus ${i.prometheus.version}, empty, idle`, value: megabytes(bytes(i.prometheus.series)) } } : {};
    const measurements: Measurement[] = [
      {
        name: 'idle, stack alone, just started',
        unit: 'MB',
        value: megabytes(i.stack.samples[0]?.rssBytes ?? 0),
        ...promBaseline((s) => s.samples[0]?.rssBytes ?? 0),
        goal: { op: '<=', value: IDLE_GOAL_MB, subject: 'value' },
        note: split(i.stack.samples[0]),
      },
      {
        name: `idle, stack alone, after ${idleSeconds} s`,
        unit: 'MB',
        value: megabytes(i.stack.lastBytes),
        ...promBaseline((s) => s.lastBytes),
        goal: { op: '<=', value: IDLE_GOAL_MB, subject: 'value' },
        note: `${split(i.stack.last)}${i.heap}`,
      },
      { name: 'idle, stack alone: peak (VmHWM)', unit: 'MB', value: megabytes(i.stack.highWaterBytes), ...promBaseline((s) => s.highWaterBytes) },
      {
        name: 'under load, stack: steady (median of the second half)',
        unit: 'MB',
        value: megabytes(l.stack.steadyBytes),
        note: `median of the first half ${megabytes(l.stack.earlyBytes)} MB (flat when the two are close); at the end ${split(l.stack.last)}`,
      },
      { name: 'under load, stack: peak (VmHWM)', unit: 'MB', value: megabytes(l.stack.highWaterBytes) },
      ...l.apps.map((a): Measurement => ({ name: `under load, ${a.name} (own process): steady`, unit: 'MB', value: megabytes(a.series.steadyBytes), note: `peak ${megabytes(a.series.highWaterBytes)} MB` })),
    ];
    const ld = l.load;
    return {
      benchmark: 'memory',
      measurements,
      notes: [
        `VmRSS from /proc/<pid>/status every ${SAMPLE_MS / 1000} s, from outside the process; the stack's worker threads are in its process, so in its number; MB are 10^6 bytes`,
        `idle: srcobs up --no-playground in a fresh folder, sampled for ${idleSeconds} s after "srcobs is up"${i.prometheus ? ', beside Prometheus on an empty TSDB with no targets over the same seconds' : ''}`,
        `under load: srcobs up with the playground, loadgen at ${LOADGEN_RATE} actions/s, for ${loadSeconds} s; the stack took ${Math.round(ld.samples / ld.seconds)} samples/s of remote write (${RATES.series} series), ${Math.round(ld.lines / ld.seconds)} lines/s of Loki push, ${Math.round(ld.spans / ld.seconds)} spans/s of OTLP traces on top of the playground's own telemetry; ${ld.throttled} requests throttled (429), ${ld.failed} failed${ld.firstError ? ` (first: ${ld.firstError})` : ''}; ${ld.queries} PromQL/LogQL/TraceQL queries over the last 5 min ran one after another, median ${Math.round(ld.queryMedianMs)} ms, ${ld.queryFailures} failed`,
      ],
    };
  },
};
