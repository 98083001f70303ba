import { QueryLimitError, QueryTimeoutError } from '../../../model/errors.js';
import type { ReadHints, SpanFilter, TraceReader } from '../../../model/store.js';
import type { TraceQLQuery } from '../syntax/ast.js';
import { outputFields, type OutputField } from './output-fields.js';
import { compilePipeline, type Spanset } from './pipeline-eval.js';
import { arraySafeFilter, pushdownFilter } from './pushdown.js';
import { buildTraceContext, type TraceContext } from './trace-context.js';
import { traceMetadata, type TraceSearchMetadata } from './trace-metadata.js';

/** Candidate traces asked of the store first, as a multiple of the result limit: later pages grow 4x. */
const FIRST_PAGE_FACTOR = 2;
const MIN_FIRST_PAGE = 20;

/** What a search runs on each candidate trace: store conditions, the evaluation, the fields returned with spans. */
export interface SearchPlan {
  /** Conditions one span of every matching trace meets (a superset filter for the store). */
  readonly filter: SpanFilter;
  /** The matching spansets of one trace; empty when the trace does not match. */
  evaluate(trace: TraceContext): Spanset[];
  readonly fields: readonly OutputField[];
}

/** Options of {@link searchTraces}. */
export interface TraceSearchOptions {
  /** Spans starting in `[startNs, endNs)` make a trace a candidate. */
  readonly startNs: bigint;
  readonly endNs: bigint;
  /** Traces returned at most. */
  readonly limit: number;
  /** Spans returned per spanset (Tempo's `spss`). */
  readonly spss: number;
  /** Trace duration bounds (`minDuration`/`maxDuration`), nanoseconds. */
  readonly minTraceDurationNs?: number;
  readonly maxTraceDurationNs?: number;
  /** `Date.now()` after which the search fails with QueryTimeoutError. */
  readonly deadline?: number;
  /** Spans read from the store at most before the search fails with QueryLimitError. */
  readonly maxSpansInspected?: number;
}

/** Tempo's `SearchMetrics`, as far as they mean something here. */
export interface SearchMetrics {
  readonly inspectedTraces: number;
  readonly inspectedSpans: number;
  readonly completedJobs: number;
  readonly totalJobs: number;
}

/** `/api/search`'s body: matching traces, most recent first. */
export interface TraceSearchResponse {
  readonly traces: TraceSearchMetadata[];
  readonly metrics: SearchMetrics;
}

/** The plan of a parsed TraceQL query. */
export function planTraceQL(query: TraceQLQuery): SearchPlan {
  const run = compilePipeline(query.root);
  return {
    filter: pushdownFilter(query.root),
    evaluate: (trace) => run([{ spans: trace.spans, attributes: [] }]),
    fields: outputFields(query.root),
  };
}

/**
 * Trace ids of candidates, newest match first, without a cursor in the store contract: asks for
 * a first page, then for 4x as many while the store keeps returning full pages, skipping ids
 * already seen (the store's order is stable, so each page extends the previous one).
 */
function* candidates(reader: TraceReader, filter: SpanFilter, o: TraceSearchOptions, hints: ReadHints): Generator<string> {
  const seen = new Set<string>();
  let want = Math.max(MIN_FIRST_PAGE, o.limit * FIRST_PAGE_FACTOR);
  for (;;) {
    const ids = reader.findTraceIds(filter, o.startNs, o.endNs, want, hints);
    for (const id of ids) {
      if (seen.has(id)) continue;
      seen.add(id);
      yield id;
    }
    if (ids.length < want) return;
    want *= 4;
  }
}

/**
 * Runs a search over the store: candidates from the plan's store filter, each trace read whole
 * and evaluated, until `limit` traces match. Results are ordered most recent first (by trace
 * start), as Tempo's query frontend returns them.
 */
export function searchTraces(reader: TraceReader, plan: SearchPlan, o: TraceSearchOptions): TraceSearchResponse {
  const hints: ReadHints = o.deadline !== undefined ? { deadline: o.deadline } : {};
  const found: Array<{ start: bigint; meta: TraceSearchMetadata }> = [];
  let inspectedTraces = 0;
  let inspectedSpans = 0;
  if (o.limit > 0 && o.startNs < o.endNs) {
    const filter = arraySafeFilter(reader, plan.filter, o.startNs, o.endNs);
    for (const id of candidates(reader, filter, o, hints)) {
      if (o.deadline !== undefined && Date.now() > o.deadline) throw new QueryTimeoutError();
      const spans = reader.trace(id);
      inspectedTraces++;
      inspectedSpans += spans.length;
      if (o.maxSpansInspected !== undefined && inspectedSpans > o.maxSpansInspected) {
        throw new QueryLimitError(
          'traces',
          `the search read more than ${o.maxSpansInspected} spans: narrow the time range, add conditions the store can use (resource.service.name, name, status, kind, duration, attribute = value), or raise the limit`,
        );
      }
      if (spans.length === 0) continue;
      const ctx = buildTraceContext(id, spans);
      if (o.minTraceDurationNs !== undefined && ctx.durationNs < o.minTraceDurationNs) continue;
      if (o.maxTraceDurationNs !== undefined && ctx.durationNs > o.maxTraceDurationNs) continue;
      const spansets = plan.evaluate(ctx);
      if (spansets.length === 0) continue;
      found.push({ start: ctx.startNs, meta: traceMetadata(ctx, spansets, plan.fields, o.spss) });
      if (found.length >= o.limit) break;
    }
  }
  found.sort((a, b) => (a.start > b.start ? -1 : a.start < b.start ? 1 : 0));
  return { traces: found.map((f) => f.meta), metrics: { inspectedTraces, inspectedSpans, completedJobs: 1, totalJobs: 1 } };
}
