import { execFile } from 'node:child_process';
import { writeFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { freePort } from './ports.js';
import { startProcess, type RunningProcess } from './process.js';

const run = promisify(execFile);

/** A series to backfill into a real Prometheus: labels with `__name__`, samples in time order (ms). */
export interface BackfillSeries {
  readonly labels: Readonly<Record<string, string>>;
  readonly samples: ReadonlyArray<{ readonly t: number; readonly v: number }>;
}

function omValue(v: number): string {
  if (Number.isNaN(v)) return 'NaN';
  if (v === Infinity) return '+Inf';
  if (v === -Infinity) return '-Inf';
  return String(v);
}

function omLabels(labels: Readonly<Record<string, string>>): string {
  const inner = Object.keys(labels)
    .filter((k) => k !== '__name__')
    .sort()
    .map((k) => `${k}=${JSON.stringify(labels[k])}`)
    .join(',');
  return inner ? `{${inner}}` : '';
}

/**
 * OpenMetrics text with timestamps, as `promtool tsdb create-blocks-from openmetrics` reads it:
 * every family declared `unknown` (so sample names stay as given), families contiguous, `# EOF`.
 */
export function openMetricsText(series: readonly BackfillSeries[]): string {
  const byName = new Map<string, BackfillSeries[]>();
  for (const s of series) {
    const name = s.labels['__name__'] ?? '';
    const list = byName.get(name);
    if (list) list.push(s);
    else byName.set(name, [s]);
  }
  const lines: string[] = [];
  for (const [name, list] of byName) {
    lines.push(`# TYPE ${name} unknown`);
    for (const s of list) {
      const prefix = `${name}${omLabels(s.labels)} `;
      for (const p of s.samples) lines.push(`${prefix}${omValue(p.v)} ${(p.t / 1000).toFixed(3)}`);
    }
  }
  lines.push('# EOF');
  return `${lines.join('\n')}\n`;
}

/** A real Prometheus serving backfilled data on 127.0.0.1. */
export interface RunningPrometheus {
  readonly url: string;
  readonly process: RunningProcess;
  /** Stops the server. */
  stop(): Promise<void>;
}

/** Options of {@link startPrometheusWithData}. */
export interface PrometheusDataOptions {
  readonly series: readonly BackfillSeries[];
  /** A scratch folder (the data file and the TSDB go there). */
  readonly dir: string;
  readonly prometheus?: string;
  readonly promtool?: string;
  /** Extra Prometheus flags (`--query.max-samples=...`). */
  readonly args?: readonly string[];
}

/**
 * Backfills series into a fresh TSDB with the real `promtool` and starts the real `prometheus`
 * on it, for differential tests and benchmarks against the original.
 */
export async function startPrometheusWithData(options: PrometheusDataOptions): Promise<RunningPrometheus> {
  const tsdb = join(options.dir, 'tsdb');
  await mkdir(tsdb, { recursive: true });
  const data = join(options.dir, 'data.om');
  await writeFile(data, openMetricsText(options.series));
  await run(options.promtool ?? 'promtool', ['tsdb', 'create-blocks-from', 'openmetrics', data, tsdb], { maxBuffer: 64 * 1024 * 1024 });
  const config = join(options.dir, 'prometheus.yml');
  await writeFile(config, 'global: {}\n');
  const port = await freePort();
  const proc = startProcess(options.prometheus ?? 'prometheus', [
    `--config.file=${config}`,
    `--storage.tsdb.path=${tsdb}`,
    `--web.listen-address=127.0.0.1:${port}`,
    '--storage.tsdb.retention.time=100y',
    ...(options.args ?? []),
  ]);
  await proc.waitFor(/Server is ready to receive web requests/, 30_000);
  return { url: `http://127.0.0.1:${port}`, process: proc, stop: async () => void (await proc.stop()) };
}
