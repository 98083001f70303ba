import { QueryLimitError, QueryTimeoutError } from '../../../model/errors.js';
import type { SpanRecord } from '../../../model/spans.js';
import type { ReadHints, SpanFilter, TraceReader } from '../../../model/store.js';
import type { TraceQLQuery } from '../syntax/ast.js';
import { outputFields, type OutputField } from './output-fields.js';
import { compilePipeline, type Spanset } from './pipeline-eval.js';
import { arraySafeFilter, pushdownFilter, spanMatchesFilter } from './pushdown.js';
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

/** How far before the window the store is asked for matching spans: a trace that overlaps the window may have matched earlier. */
export const TRACE_LOOKBACK_NS = 3_600_000_000_000n;

/** The newest start, among the trace's spans in `[from, to)` that meet the store filter: the trace's place in the store's order. */
function orderKey(spans: readonly SpanRecord[], filter: SpanFilter, from: bigint, to: bigint): bigint {
  let key = -1n;
  for (const s of spans) if (s.startNs >= from && s.startNs < to && s.startNs > key && spanMatchesFilter(s, filter)) key = s.startNs;
  return key;
}

/**
 * Runs a search over the store. A trace is searched when it overlaps the window (Tempo checks
 * trace start and end against it) and its spans are all evaluated; the store finds candidates by
 * a span that meets the plan's filter and started in the window or the hour before it. Results
 * are the `limit` matching traces that started last, most recent first: candidates come newest
 * match first, and no trace can start after its newest match, so the scan stops once the next
 * candidate's match is older than the last kept trace's start.
 */
export function searchTraces(reader: TraceReader, plan: SearchPlan, o: TraceSearchOptions): TraceSearchResponse {
  const hints: ReadHints = o.deadline !== undefined ? { deadline: o.deadline } : {};
  const found: Array<{ start: bigint; meta: TraceSearchMetadata }> = [];
  let inspectedTraces = 0;
  let inspectedSpans = 0;
  if (o.limit > 0 && o.startNs < o.endNs) {
    const from = o.startNs > TRACE_LOOKBACK_NS ? o.startNs - TRACE_LOOKBACK_NS : 0n;
    const filter = arraySafeFilter(reader, plan.filter, from, o.endNs);
    for (const id of candidates(reader, filter, { ...o, startNs: from }, hints)) {
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
      if (found.length >= o.limit && orderKey(spans, filter, from, o.endNs) < found[found.length - 1]!.start) break;
      const ctx = buildTraceContext(id, spans);
      if (ctx.startNs >= o.endNs || ctx.endNs < o.startNs) continue;
      if (o.minTraceDurationNs !== undefined && ctx.durationNs < o.minTraceDurationNs) continue;
      if (o.maxTraceDurationNs !== undefined && ctx.durationNs > o.maxTraceDurationNs) continue;
      const spansets = plan.evaluate(ctx);
      if (spansets.length === 0) continue;
      found.push({ start: ctx.startNs, meta: traceMetadata(ctx, spansets, plan.fields, o.spss) });
      found.sort((a, b) => (a.start > b.start ? -1 : a.start < b.start ? 1 : 0));
      if (found.length > o.limit) found.pop();
    }
  }
  return { traces: found.map((f) => f.meta), metrics: { inspectedTraces, inspectedSpans, completedJobs: 1, totalJobs: 1 } };
}
