// The OLA report (`srcobs audit`, the console's OLA page) over a week of classified logs in the
// SQLite store, read through the stack's own Loki API as the CLI reads it, against the least any
// report must do: one count of every line of the week.
// `npm run bench -- ola-audit [--quick]`, or alone: `node bench/dist/ola-audit.js [--quick]`.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { pathToFileURL } from 'node:url';
import { OLA_CATEGORIES } from '@srcobs/ola';
import { createQueryClient, olaAudit, startLocalStack, type LogEntry } from '@srcobs/local';
import { parseConfig } from '@srcobs/stack';
import type { BenchContext, BenchResult, Benchmark, Measurement } from './harness/types.js';

const DAY_MS = 86_400_000;
const BATCH = 5000;
const RUNS = 3;

async function median(runs: number, f: () => Promise<unknown>): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await f();
    times.push(performance.now() - t0);
  }
  return times.sort((a, b) => a - b)[Math.floor(runs / 2)]!;
}

/** Runs the benchmark; `quick` stores 100,000 lines instead of 2,000,000. */
export async function run(context: Partial<BenchContext> = {}): Promise<BenchResult> {
  const quick = context.quick ?? false;
  const progress = context.progress ?? ((m: string) => process.stderr.write(`  ola-audit: ${m}\n`));
  const workDir = context.workDir ?? (await mkdtemp(join(tmpdir(), 'srcobs-bench-ola-')));
  const lines = quick ? 100_000 : 2_000_000;
  const measurements: Measurement[] = [];
  // The stack's own log is kept, not printed, and shown only if the run fails: a 500 says
  // "details are in the stack log", and this is where they are.
  const stackLog: string[] = [];
  const log = (line: string): void => {
    stackLog.push(line);
    if (stackLog.length > 40) stackLog.shift();
  };
  const stack = await startLocalStack({ dataDir: join(workDir, 'ola-store'), ports: { http: 0, otlpHttp: false, otlpGrpc: false }, scrape: { targets: [] }, log });
  try {
    const nowMs = Date.now();
    const fromMs = nowMs - 7 * DAY_MS;
    // Evenly over the week, the five categories in turn; audit-shaped JSON lines carry their
    // category as the SDK writes it, the rest are plain application lines.
    progress(`ingesting ${lines.toLocaleString('en')} lines over 7 days through the log pipeline`);
    for (let i = 0; i < lines; i += BATCH) {
      const entries = new Map<string, LogEntry[]>(OLA_CATEGORIES.map((c) => [c, []]));
      for (let j = i; j < Math.min(lines, i + BATCH); j++) {
        const category = OLA_CATEGORIES[j % OLA_CATEGORIES.length]!;
        const ts = fromMs + 60_000 + Math.floor((j / lines) * (7 * DAY_MS - 120_000));
        const line = category === 'system_application' ? `request served in ${j % 97} ms` : `{"level":"info","msg":"event ${j}","ola_category":"${category}","actor":"alice"}`;
        entries.get(category)!.push({ tsNs: BigInt(ts) * 1_000_000n, line });
      }
      await stack.ingestLogs({ streams: [...entries.values()].map((e) => ({ labels: { service_name: 'bench', app: 'bench' }, entries: e })) }, 'push');
    }
    // Let the store seal its blocks into chunks, as a week-old store has.
    await sleep(5000);
    const url = stack.urls.http!;
    const loki = createQueryClient({ prometheus: url, loki: url, tempo: url }).loki;
    const config = parseConfig({});
    progress('timing the report over 7 days and 1 hour, and one count of the whole week');
    const week = await median(RUNS, () => olaAudit({ loki, config, fromMs: nowMs - 7 * DAY_MS, toMs: nowMs }));
    const oneCount = await median(RUNS, () => loki.query('sum by (ola_category) (count_over_time({ola_category=~".+"}[7d]))', nowMs));
    const hour = await median(RUNS, () => olaAudit({ loki, config, fromMs: nowMs - 3_600_000, toMs: nowMs }));
    measurements.push({
      name: 'OLA report, last 7 days (srcobs audit / GET /api/srcobs/ola)',
      unit: 'ms',
      value: week,
      baseline: { label: 'one count_over_time of the week', value: oneCount },
      goal: { op: '<=', value: 3, subject: 'ratio' },
      note: `median of ${RUNS}; the report counts every line once on a 2-minute grid, then asks the index for the oldest and newest line of each category`,
    });
    measurements.push({ name: 'OLA report, last hour', unit: 'ms', value: hour, note: `median of ${RUNS}` });
  } catch (error) {
    for (const line of stackLog) progress(`stack log: ${line}`);
    throw error;
  } finally {
    await stack.stop();
    if (!context.workDir) await rm(workDir, { recursive: true, force: true });
  }
  return { benchmark: 'ola-audit', measurements, notes: [`${lines.toLocaleString('en')} lines evenly over 7 days, 5 categories, one SQLite store, queried over HTTP on loopback`] };
}

export const olaAuditBenchmark: Benchmark = {
  name: 'ola-audit',
  description: 'the OLA report over a week of classified logs, against one count of the same lines',
  run,
};

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const result = await run({ quick: process.argv.includes('--quick') });
  for (const m of result.measurements) process.stdout.write(`${m.name}: ${m.value.toFixed(1)} ${m.unit}${m.baseline ? ` (${m.baseline.label}: ${m.baseline.value.toFixed(1)})` : ''}${m.goal ? ` (goal ${m.goal.op} ${m.goal.value})` : ''}${m.note ? ` — ${m.note}` : ''}\n`);
  for (const n of result.notes ?? []) process.stdout.write(`- ${n}\n`);
}
