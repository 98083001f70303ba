import { labelsKey, type Labels, type LabelMatcher } from '../../../model/labels.js';
import type { LogReader } from '../../../model/store.js';
import type { QueryContext } from '../eval/context.js';
import { evalMetric } from '../eval/metric-eval.js';
import type { StepGrid } from '../eval/vector.js';
import type { MetricExpr } from '../syntax/ast.js';

/** `/loki/api/v1/index/stats`: what a selector would read in a range. */
export interface IndexStats {
  readonly streams: number;
  readonly chunks: number;
  readonly entries: number;
  readonly bytes: number;
}

/**
 * Counts the streams, lines and bytes a selector covers. Loki answers from its index (chunk
 * sizes); the local stack reads the lines, so the numbers are exact and the query honours the
 * usual deadline. `chunks` counts streams with lines, the closest thing the store has.
 */
export function indexStats(ctx: QueryContext, reader: LogReader, matchers: readonly LabelMatcher[], startNs: bigint, endNs: bigint): IndexStats {
  const refs = ctx.read(() => reader.streams(matchers, startNs, endNs));
  let entries = 0;
  let bytes = 0;
  for (const ref of refs) {
    ctx.read(() => {
      for (const e of reader.entries(ref.id, startNs, endNs, 'forward')) {
        const b = Buffer.byteLength(e.line);
        ctx.countLine(b, 0);
        entries++;
        bytes += b;
      }
    });
  }
  return { streams: refs.length, chunks: refs.length, entries, bytes };
}

/** Label sets of the streams matching any of the matcher sets (`/series`), sorted, without duplicates. */
export function seriesOf(ctx: QueryContext, reader: LogReader, matcherSets: ReadonlyArray<readonly LabelMatcher[]>, startNs: bigint, endNs: bigint): Labels[] {
  const seen = new Map<string, Labels>();
  for (const m of matcherSets.length ? matcherSets : [[]]) {
    for (const ref of ctx.read(() => reader.streams(m, startNs, endNs))) seen.set(labelsKey(ref.labels), ref.labels);
  }
  return [...seen.entries()].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)).map(([, l]) => l);
}

/** The labels a volume query groups by: the target labels, else the names the selector matches on. */
export function volumeGroups(matchers: readonly LabelMatcher[], targetLabels: readonly string[]): string[] {
  if (targetLabels.length) return [...new Set(targetLabels)];
  return [...new Set(matchers.map((m) => m.name))];
}

/**
 * `/index/volume(_range)`: bytes of the lines per group, over the whole range (one point at the
 * end) or per step, as `sum by (groups) (bytes_over_time({selector}[window]))` evaluates them.
 */
export function volume(ctx: QueryContext, reader: LogReader, matchers: readonly LabelMatcher[], groups: readonly string[], grid: StepGrid, windowNs: bigint) {
  const expr: MetricExpr = {
    kind: 'vector_agg',
    op: 'sum',
    grouping: { without: false, labels: groups },
    expr: { kind: 'range_agg', op: 'bytes_over_time', range: { selector: { kind: 'log', matchers, stages: [] }, rangeNs: Number(windowNs), offsetNs: 0 } },
  };
  return evalMetric(ctx, reader, expr, grid);
}
