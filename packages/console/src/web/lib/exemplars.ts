import type { ExemplarSeries } from './contracts.js';

/** One exemplar as the chart draws it: a dot at (time, value) that opens its trace. */
export interface ExemplarPoint {
  /** Unix seconds. */
  readonly time: number;
  readonly value: number;
  readonly traceId: string;
  /** The labels of the series it was recorded on (job, route, le…). */
  readonly series: Readonly<Record<string, string>>;
}

/** Most dots a chart draws: the slowest are kept, since those are the ones worth opening. */
export const MAX_EXEMPLARS = 200;

/**
 * Flattens `/api/v1/query_exemplars` into chart points: exemplars with a trace id, one per
 * (trace, time) however many bucket series carry it, the highest values first when capped.
 */
export function exemplarPoints(data: readonly ExemplarSeries[], max = MAX_EXEMPLARS): ExemplarPoint[] {
  const seen = new Map<string, ExemplarPoint>();
  for (const s of data) {
    for (const e of s.exemplars) {
      const traceId = e.labels['trace_id'] ?? e.labels['traceID'] ?? e.labels['trace-id'];
      const value = Number(e.value);
      if (!traceId || !Number.isFinite(value)) continue;
      const key = `${traceId}@${e.timestamp}`;
      if (!seen.has(key)) seen.set(key, { time: e.timestamp, value, traceId, series: s.seriesLabels });
    }
  }
  const all = [...seen.values()].sort((a, b) => b.value - a.value);
  return all.slice(0, max).sort((a, b) => a.time - b.time);
}
