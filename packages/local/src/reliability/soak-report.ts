import type { Trend } from './soak-trend.js';

/** One sampling round of the soak. */
export interface SoakSample {
  /** Seconds since the playground started sending. */
  readonly t: number;
  readonly rssMiB: number;
  /** RSS right after a full garbage collection of the stack's main thread. */
  readonly rssAfterGcMiB: number;
  /** V8 heap in use right after that collection. */
  readonly heapAfterGcMiB: number;
  /** Median latency (ms) of each fixed query, by name. */
  readonly latencyMs: Readonly<Record<string, number>>;
  /** Items stored per second since the previous sample. */
  readonly perSecond: { readonly samples: number; readonly lines: number; readonly spans: number };
  readonly diskMiB: number;
}

/** A named verdict, for the summary. */
export interface SoakVerdict {
  readonly series: string;
  readonly unit: string;
  readonly trend: Trend;
}

/** Everything a soak run produced. */
export interface SoakResult {
  readonly startedAt: string;
  readonly minutes: number;
  readonly intervalSeconds: number;
  readonly loadgenRate: number;
  readonly host: string;
  readonly samples: readonly SoakSample[];
  readonly verdicts: readonly SoakVerdict[];
  /** Query errors and other problems seen during the run. */
  readonly problems: readonly string[];
  readonly ok: boolean;
}

const f = (n: number, digits = 1): string => (Number.isFinite(n) ? n.toFixed(digits) : '-');

/** The samples and the verdicts as Markdown tables. */
export function formatSoakReport(r: SoakResult, queryNames: readonly string[]): string {
  const lines: string[] = [];
  lines.push(`# Soak: ${r.minutes} min, loadgen ${r.loadgenRate}/s, on ${r.host}, started ${r.startedAt}`, '');
  lines.push(`Verdict: **${r.ok ? 'flat' : 'FAILED'}** (a least-squares line over the second half of the samples; the rise it predicts across that half must stay under the allowed rise).`, '');
  lines.push('| series | median (2nd half) | slope per minute | rise over 2nd half | allowed rise | verdict |', '|---|---:|---:|---:|---:|---|');
  for (const v of r.verdicts)
    lines.push(`| ${v.series} | ${f(v.trend.median)} ${v.unit} | ${f(v.trend.slope * 60, 2)} ${v.unit} | ${f(v.trend.rise)} ${v.unit} | ${f(v.trend.allowed)} ${v.unit} | ${v.trend.ok ? 'ok' : 'RISING'} |`);
  if (r.problems.length > 0) lines.push('', 'Problems:', ...r.problems.map((p) => `- ${p}`));
  lines.push('', `Samples every ${r.intervalSeconds} s (latency: median of 3 runs, ms):`, '');
  lines.push(`| t (s) | RSS (MiB) | RSS after GC | heap after GC | ${queryNames.join(' | ')} | samples/s | lines/s | spans/s | disk (MiB) |`);
  lines.push(`|${'---:|'.repeat(queryNames.length + 8)}`);
  for (const s of r.samples)
    lines.push(`| ${f(s.t, 0)} | ${f(s.rssMiB)} | ${f(s.rssAfterGcMiB)} | ${f(s.heapAfterGcMiB)} | ${queryNames.map((n) => f(s.latencyMs[n] ?? Number.NaN)).join(' | ')} | ${f(s.perSecond.samples, 0)} | ${f(s.perSecond.lines, 0)} | ${f(s.perSecond.spans, 0)} | ${f(s.diskMiB)} |`);
  return `${lines.join('\n')}\n`;
}
