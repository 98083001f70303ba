/**
 * The long run: `srcobs up` (the local stack with the playground and loadgen at a steady rate) in
 * its own process for `--minutes`, sampling the stack's resident memory and the latency of a fixed
 * set of PromQL, LogQL and TraceQL queries every `--interval` seconds. It fails (exit code 1) when
 * memory or a query's latency trends up over the second half beyond the tolerances, or a query
 * fails. Results go to stdout and test-output/soak/ (JSON and Markdown, plus latest.*).
 *
 * Usage: node packages/local/dist/reliability/soak.js [--minutes 10] [--interval <s>] [--rate 20]
 *   `npm run test:soak` runs 10 minutes; CI runs `npm run test:soak -- --minutes 2`.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { testOutputDir } from '@srcobs/testkit';
import { sendRequest } from './senders.js';
import { SOAK_QUERIES } from './soak-queries.js';
import { formatSoakReport, type SoakResult, type SoakSample, type SoakVerdict } from './soak-report.js';
import { median, trend, type Point } from './soak-trend.js';
import { startStackChild, type StackChild } from './stack-child.js';

/** Runs of each query per sample; the median is kept, so one GC pause does not make a trend. */
const RUNS_PER_QUERY = 3;
/**
 * Memory may rise over the second half by 10% of its median, and at least 16 MiB. Raw RSS climbs
 * 30-60 MiB between major garbage collections, which at this load come every one or two minutes,
 * so the verdicts use memory right after a forced full collection: what the stack keeps.
 */
const RSS_TOLERANCE = { absolute: 16, relative: 0.1 };
const HEAP_TOLERANCE = { absolute: 8, relative: 0.1 };
/** A query may slow down over the second half by half its median, and at least 25 ms (noise on a busy 2-core machine). */
const LATENCY_TOLERANCE = { absolute: 25, relative: 0.5 };
const MIB = 1024 * 1024;

interface SoakArgs {
  readonly minutes: number;
  readonly intervalSeconds: number;
  readonly rate: number;
}

function parseArgs(argv: readonly string[]): SoakArgs {
  const value = (name: string): number | undefined => {
    // The last occurrence wins, so `npm run test:soak -- --minutes 2` overrides the script's own.
    const at = argv.lastIndexOf(`--${name}`);
    if (at < 0) return undefined;
    const n = Number(argv[at + 1]);
    if (!Number.isFinite(n) || n <= 0) throw new Error(`--${name} needs a positive number, got ${String(argv[at + 1])}`);
    return n;
  };
  const minutes = value('minutes') ?? 10;
  return { minutes, intervalSeconds: value('interval') ?? Math.max(5, Math.round((minutes * 60) / 60)), rate: value('rate') ?? 20 };
}

async function ingestTotals(stack: StackChild): Promise<{ samples: number; lines: number; spans: number }> {
  const text = (await sendRequest('GET', `${stack.urls.http}/metrics`, {}, undefined)).body;
  const sum = (signal: string): number => [...text.matchAll(new RegExp(`^srcobs_ingest_items_total\\{signal="${signal}",[^}]*\\} (\\S+)$`, 'gm'))].reduce((n, m) => n + Number(m[1]), 0);
  return { samples: sum('metrics'), lines: sum('logs'), spans: sum('traces') };
}

async function diskMiB(stack: StackChild): Promise<number> {
  const r = await sendRequest('GET', `${stack.urls.http}/api/srcobs/status`, {}, undefined);
  return r.status === 200 ? ((JSON.parse(r.body) as { store: { bytesOnDisk?: number } }).store.bytesOnDisk ?? 0) / MIB : Number.NaN;
}

/** Median latency of each fixed query; a failed query is a problem. */
async function timeQueries(stack: StackChild, problems: string[], t: number): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const q of SOAK_QUERIES) {
    const runs: number[] = [];
    for (let i = 0; i < RUNS_PER_QUERY; i++) {
      const started = performance.now();
      const r = await sendRequest('GET', `${stack.urls.http}${q.path(Date.now())}`, {}, undefined, 60_000);
      runs.push(performance.now() - started);
      if (r.status !== 200) problems.push(`t=${t.toFixed(0)} s: ${q.name} answered ${r.status} ${r.body.slice(0, 200)}`);
    }
    out[q.name] = median(runs);
  }
  return out;
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const dir = mkdtempSync(join(tmpdir(), 'srcobs-soak-'));
  const startedAt = new Date().toISOString();
  console.log(`soak: ${args.minutes} min with loadgen at ${args.rate}/s, sampling every ${args.intervalSeconds} s (data in ${dir})`);
  const stack = await startStackChild({ environment: true, stateDir: join(dir, 'state'), loadgenRate: args.rate, stack: { dataDir: join(dir, 'data') } }, 60_000);
  const samples: SoakSample[] = [];
  const problems: string[] = [];
  try {
    const t0 = performance.now();
    const end = t0 + args.minutes * 60_000;
    let last = { at: t0, totals: await ingestTotals(stack) };
    for (let next = t0 + args.intervalSeconds * 1000; next <= end; next += args.intervalSeconds * 1000) {
      await sleep(Math.max(0, next - performance.now()));
      if (!stack.alive()) throw new Error(`the stack exited during the soak:\n${stack.log().slice(-3000)}`);
      const t = (performance.now() - t0) / 1000;
      const rssMiB = stack.rssBytes() / MIB;
      const latencyMs = await timeQueries(stack, problems, t);
      const heap = await stack.heapAfterGc();
      const totals = await ingestTotals(stack);
      const dt = (performance.now() - last.at) / 1000;
      const perSecond = { samples: (totals.samples - last.totals.samples) / dt, lines: (totals.lines - last.totals.lines) / dt, spans: (totals.spans - last.totals.spans) / dt };
      last = { at: performance.now(), totals };
      const sample: SoakSample = { t, rssMiB, rssAfterGcMiB: heap.rssBytes / MIB, heapAfterGcMiB: heap.heapUsedBytes / MIB, latencyMs, perSecond, diskMiB: await diskMiB(stack) };
      samples.push(sample);
      console.log(`t=${t.toFixed(0)}s rss=${rssMiB.toFixed(1)}MiB after-gc=${sample.rssAfterGcMiB.toFixed(1)}MiB heap=${sample.heapAfterGcMiB.toFixed(1)}MiB ${SOAK_QUERIES.map((q) => `${q.name}=${latencyMs[q.name]!.toFixed(1)}ms`).join(' ')} ingest/s: ${perSecond.samples.toFixed(0)} samples ${perSecond.lines.toFixed(0)} lines ${perSecond.spans.toFixed(0)} spans`);
    }
  } finally {
    await stack.stop(30_000);
    rmSync(dir, { recursive: true, force: true });
  }
  const series = (pick: (s: SoakSample) => number): Point[] => samples.map((s) => ({ t: s.t, v: pick(s) }));
  const verdicts: SoakVerdict[] = [
    { series: 'stack RSS after a full GC', unit: 'MiB', trend: trend(series((s) => s.rssAfterGcMiB), RSS_TOLERANCE) },
    { series: 'stack V8 heap after a full GC', unit: 'MiB', trend: trend(series((s) => s.heapAfterGcMiB), HEAP_TOLERANCE) },
    ...SOAK_QUERIES.map((q) => ({ series: q.name, unit: 'ms', trend: trend(series((s) => s.latencyMs[q.name]!), LATENCY_TOLERANCE) })),
  ];
  // Metric samples arrive in bursts (scrapes every 15 s), lines and spans all the time once the playground runs.
  const stalled = samples.slice(Math.floor(samples.length / 2)).filter((s) => s.perSecond.lines === 0 || s.perSecond.spans === 0);
  if (stalled.length > 0) problems.push(`ingest stalled: no new log lines or spans at t=${stalled.map((s) => s.t.toFixed(0)).join(', ')} s`);
  const result: SoakResult = { startedAt, minutes: args.minutes, intervalSeconds: args.intervalSeconds, loadgenRate: args.rate, host: hostname(), samples, verdicts, problems, ok: problems.length === 0 && verdicts.every((v) => v.trend.ok) };
  const report = formatSoakReport(result, SOAK_QUERIES.map((q) => q.name));
  const out = testOutputDir('soak');
  mkdirSync(out, { recursive: true });
  const stamp = startedAt.replace(/[:.]/g, '-');
  for (const name of [`soak-${stamp}`, 'latest']) {
    writeFileSync(join(out, `${name}.json`), `${JSON.stringify(result, null, 2)}\n`);
    writeFileSync(join(out, `${name}.md`), report);
  }
  console.log(`\n${report}\nwritten to ${join(out, `soak-${stamp}.md`)} and .json`);
  if (!result.ok) {
    console.error('soak FAILED: memory or query latency trends up, or queries failed (see the table above)');
    process.exitCode = 1;
  }
}

await main();
