import { LABEL_NAME_PATTERN, METRIC_NAME_PATTERN, type Labels } from '../model/labels.js';
import type { LogBatch, LogEntry, LogStreamInput } from '../model/logs.js';
import type { MetricBatch, MetricSeriesInput } from '../model/metrics.js';
import type { IngestLimits } from './limits.js';

/** The time window a write must fall in, in ms. */
export interface TimeWindow {
  readonly minMs: number;
  readonly maxMs: number;
}

/** Now minus `maxAgeMs` to now plus `maxFutureMs`. */
export function timeWindow(limits: IngestLimits, nowMs: number = Date.now()): TimeWindow {
  return { minMs: nowMs - limits.maxAgeMs, maxMs: nowMs + limits.maxFutureMs };
}

/** Why a timestamp is refused, or undefined. */
export function timestampProblem(ms: number, window: TimeWindow): 'too_old' | 'too_far_in_future' | undefined {
  if (!(ms >= window.minMs)) return 'too_old';
  if (ms > window.maxMs) return 'too_far_in_future';
  return undefined;
}

/** A human sentence for a refused timestamp. */
export function describeTimestampProblem(problem: 'too_old' | 'too_far_in_future', ms: number, limits: IngestLimits): string {
  const at = Number.isFinite(ms) && Math.abs(ms) < 8.64e15 ? new Date(ms).toISOString() : String(ms);
  return problem === 'too_old'
    ? `timestamp ${at} is older than the ${Math.round(limits.maxAgeMs / 3_600_000)} h the local stack accepts (limits.maxAgeMs)`
    : `timestamp ${at} is more than ${Math.round(limits.maxFutureMs / 60_000)} min in the future (limits.maxFutureMs): check the sender's clock`;
}

/** Why a metric label set is invalid (Prometheus' rules), or undefined. */
export function metricLabelsProblem(labels: Labels): string | undefined {
  const name = labels['__name__'];
  if (name === undefined || name === '') return `series ${formatForError(labels)} has no metric name (__name__)`;
  if (!METRIC_NAME_PATTERN.test(name)) return `invalid metric name ${JSON.stringify(name)}`;
  for (const key in labels) if (!LABEL_NAME_PATTERN.test(key)) return `invalid label name ${JSON.stringify(key)} on ${name}`;
  return undefined;
}

function formatForError(labels: Labels): string {
  return JSON.stringify(labels).slice(0, 200);
}

/** Counts of what a filter dropped, by reason. */
export type Dropped = Map<string, { count: number; example: string }>;

function drop(dropped: Dropped, reason: string, example: string, count = 1): void {
  const d = dropped.get(reason);
  if (d) d.count += count;
  else dropped.set(reason, { count, example });
}

/**
 * Keeps the samples inside the time window and reports the rest (OTLP: partial_success). Series
 * left without samples are dropped too, exemplars outside the window as well.
 */
export function filterMetricsByTime(batch: MetricBatch, window: TimeWindow, limits: IngestLimits, dropped: Dropped): MetricBatch {
  let changed = false;
  const series: MetricSeriesInput[] = [];
  for (const s of batch.series) {
    const bad = s.samples.filter((x) => timestampProblem(x.t, window) !== undefined);
    if (bad.length === 0) {
      series.push(s);
      continue;
    }
    changed = true;
    for (const x of bad) {
      const p = timestampProblem(x.t, window)!;
      drop(dropped, p, describeTimestampProblem(p, x.t, limits));
    }
    const samples = s.samples.filter((x) => timestampProblem(x.t, window) === undefined);
    if (samples.length > 0) series.push({ ...s, samples, ...(s.exemplars ? { exemplars: s.exemplars.filter((e) => timestampProblem(e.t, window) === undefined) } : {}) });
  }
  return changed ? { ...batch, series } : batch;
}

/** Why a log entry is refused (time window, line size), or undefined. */
export function logEntryProblem(entry: LogEntry, window: TimeWindow, limits: IngestLimits): { reason: string; message: string } | undefined {
  const ms = Number(entry.tsNs / 1_000_000n);
  const p = timestampProblem(ms, window);
  if (p) return { reason: p, message: describeTimestampProblem(p, ms, limits) };
  if (entry.line.length > limits.maxLineBytes && Buffer.byteLength(entry.line) > limits.maxLineBytes) {
    return { reason: 'line_too_long', message: `a log line of ${Buffer.byteLength(entry.line)} bytes is longer than the ${limits.maxLineBytes} bytes allowed (limits.maxLineBytes)` };
  }
  return undefined;
}

/** Keeps the log entries that pass {@link logEntryProblem} and reports the rest (OTLP: partial_success). */
export function filterLogs(batch: LogBatch, window: TimeWindow, limits: IngestLimits, dropped: Dropped): LogBatch {
  let changed = false;
  const streams: LogStreamInput[] = [];
  for (const s of batch.streams) {
    const kept: LogEntry[] = [];
    for (const e of s.entries) {
      const p = logEntryProblem(e, window, limits);
      if (p) {
        changed = true;
        drop(dropped, p.reason, p.message);
      } else kept.push(e);
    }
    if (kept.length > 0) streams.push(kept.length === s.entries.length ? s : { labels: s.labels, entries: kept });
  }
  return changed ? { streams } : batch;
}

/** Total of a {@link Dropped} map, and one sentence per reason. */
export function summarizeDropped(dropped: Dropped): { count: number; messages: string[] } {
  let count = 0;
  const messages: string[] = [];
  for (const [, d] of dropped) {
    count += d.count;
    messages.push(`${d.count} refused: ${d.example}`);
  }
  return { count, messages };
}
