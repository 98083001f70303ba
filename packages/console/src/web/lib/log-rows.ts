import type { LokiStream } from './contracts.js';
import { logLevel, traceIdOf, type LogLevel } from './logs.js';

/** One log line as the console lists it. */
export interface LogRow {
  /** Nanoseconds since the epoch, as Loki sends it. */
  readonly ts: string;
  readonly line: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly level: LogLevel;
  readonly traceId: string | undefined;
}

/** Loki streams as rows, newest first (or oldest first with `forward`), at most `limit`. */
export function logRows(streams: readonly LokiStream[], direction: 'backward' | 'forward' = 'backward', limit = Infinity): LogRow[] {
  const rows: LogRow[] = [];
  for (const s of streams) {
    for (const v of s.values) {
      const labels = v[2] ? { ...s.stream, ...v[2] } : s.stream;
      rows.push({ ts: v[0], line: v[1], labels, level: logLevel(v[1], labels), traceId: labels['trace_id'] ?? traceIdOf(v[1]) });
    }
  }
  const cmp = (a: LogRow, b: LogRow): number => {
    const d = BigInt(a.ts) - BigInt(b.ts);
    return d < 0n ? -1 : d > 0n ? 1 : 0;
  };
  rows.sort((a, b) => (direction === 'backward' ? cmp(b, a) : cmp(a, b)));
  return rows.slice(0, limit);
}

/** Labels every row shares (shown once above the lines) and, per row, the ones that tell rows apart. */
export function commonLabels(rows: readonly LogRow[]): Record<string, string> {
  if (rows.length === 0) return {};
  const common: Record<string, string> = { ...rows[0]!.labels };
  for (const r of rows) {
    for (const k of Object.keys(common)) if (r.labels[k] !== common[k]) delete common[k];
  }
  return common;
}
