import type { TraceReader } from '../../../model/store.js';
import { parseTraceQL } from '../syntax/parser.js';
import { TraceQLBadRequestError } from './errors.js';
import { planTraceQL, searchTraces, type TraceSearchResponse } from './search.js';
import { planTags } from './tag-plan.js';

/** Limits of trace queries; each maps to the status Tempo (or the local stack's error table) answers. */
export interface TraceQLLimits {
  /** Traces a search returns when it does not say (`limit`); Tempo's default is 20. */
  readonly defaultLimit: number;
  /** Largest `limit` accepted (Tempo's `max_limit`); larger asks get 400. */
  readonly maxLimit: number;
  /** Spans per spanset when the search does not say (`spss`); Tempo's default is 3. */
  readonly defaultSpss: number;
  /** Longest `end - start` of a search, ms (Tempo's `max_duration`, 168h); longer gets 400. */
  readonly maxRangeMs: number;
  /** Spans a search may read before it fails with QueryLimitError (422). */
  readonly maxSpansInspected: number;
  /** Per-query time budget, ms; past it the query fails with QueryTimeoutError (503). */
  readonly timeoutMs: number;
}

/** The defaults, in one place. */
export function applyTraceQLDefaults(limits: Partial<TraceQLLimits> = {}): TraceQLLimits {
  return {
    defaultLimit: 20,
    maxLimit: 5000,
    defaultSpss: 3,
    maxRangeMs: 168 * 3_600_000,
    maxSpansInspected: 5_000_000,
    timeoutMs: 30_000,
    ...limits,
  };
}

/** One search, as `/api/search` describes it after its parameters are parsed. */
export interface TraceSearchRequest {
  /** TraceQL; when absent or empty, `tags` select the traces (none: every trace). */
  readonly q?: string | undefined;
  readonly tags?: Readonly<Record<string, string>> | undefined;
  /** Window of span start times, `[startNs, endNs)`; unbounded when absent. */
  readonly startNs?: bigint | undefined;
  readonly endNs?: bigint | undefined;
  readonly limit?: number | undefined;
  readonly spss?: number | undefined;
  /** Trace duration bounds, nanoseconds. */
  readonly minDurationNs?: number | undefined;
  readonly maxDurationNs?: number | undefined;
}

/** Trace search over a TraceReader: the part of the Tempo API that evaluates queries. */
export interface TraceQLEngine {
  /** Runs a search. Throws TraceQLParseError (400), TraceQLBadRequestError (400), QueryLimitError (422) or QueryTimeoutError (503). */
  search(request: TraceSearchRequest): TraceSearchResponse;
  readonly limits: TraceQLLimits;
}

const MAX_NS = 2n ** 63n - 1n;

/**
 * Creates the TraceQL engine over a reader (the store's, or a worker's own SQLite connection).
 *
 * @example
 * ```ts
 * const engine = createTraceQLEngine({ reader: store.traces });
 * const res = engine.search({ q: '{ resource.service.name = "api" && status = error }', limit: 20 });
 * res.traces[0]?.spanSets?.[0]?.spans;
 * ```
 */
export function createTraceQLEngine(options: { readonly reader: TraceReader; readonly limits?: Partial<TraceQLLimits> }): TraceQLEngine {
  const limits = applyTraceQLDefaults(options.limits);
  const reader = options.reader;
  return {
    limits,
    search(request) {
      const limit = request.limit ?? limits.defaultLimit;
      if (!Number.isInteger(limit) || limit <= 0) throw new TraceQLBadRequestError('invalid limit: must be a positive number');
      if (limit > limits.maxLimit) throw new TraceQLBadRequestError(`limit ${limit} exceeds max limit of ${limits.maxLimit}: ask for fewer traces`);
      const spss = request.spss ?? limits.defaultSpss;
      if (!Number.isInteger(spss) || spss <= 0) throw new TraceQLBadRequestError('invalid spss: must be a positive number');
      const q = request.q?.trim() ?? '';
      const plan = q !== '' ? planTraceQL(parseTraceQL(request.q!)) : planTags(request.tags ?? {});
      return searchTraces(reader, plan, {
        startNs: request.startNs ?? 0n,
        endNs: request.endNs ?? MAX_NS,
        limit,
        spss,
        ...(request.minDurationNs !== undefined ? { minTraceDurationNs: request.minDurationNs } : {}),
        ...(request.maxDurationNs !== undefined ? { maxTraceDurationNs: request.maxDurationNs } : {}),
        deadline: Date.now() + limits.timeoutMs,
        maxSpansInspected: limits.maxSpansInspected,
      });
    },
  };
}
