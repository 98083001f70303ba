import type { Labels, LabelMatcher } from './labels.js';
import type { Direction, LogBatch, LogEntry, StreamRef } from './logs.js';
import type { MetricBatch, MetricMetadata, SeriesData, SeriesExemplars } from './metrics.js';
import type { SpanBatch, SpanRecord } from './spans.js';

/**
 * Limits a reader enforces while it reads, so a query fails with {@link QueryLimitError} or
 * {@link QueryTimeoutError} instead of exhausting memory.
 */
export interface ReadHints {
  readonly maxSeries?: number;
  readonly maxSamples?: number;
  /** `Date.now()` value after which the read throws QueryTimeoutError. */
  readonly deadline?: number;
}

/** Read access to metrics. Synchronous: queries run off the ingest thread, on their own connection. */
export interface MetricReader {
  /** Series matching every matcher, with their samples in `[mint, maxt]` (ms, inclusive). Series with no samples there are left out. */
  select(matchers: readonly LabelMatcher[], mint: number, maxt: number, hints?: ReadHints): SeriesData[];
  /** Label sets of series matching every matcher (each group of matchers is OR-ed: `/api/v1/series?match[]=…`) with samples in range. */
  series(matcherSets: ReadonlyArray<readonly LabelMatcher[]>, mint: number, maxt: number, hints?: ReadHints): Labels[];
  /** Label names of matching series with samples in range, sorted. No matcher sets means all series. */
  labelNames(matcherSets: ReadonlyArray<readonly LabelMatcher[]>, mint: number, maxt: number): string[];
  /** Values of one label over matching series with samples in range, sorted. */
  labelValues(name: string, matcherSets: ReadonlyArray<readonly LabelMatcher[]>, mint: number, maxt: number): string[];
  /** Exemplars in `[mint, maxt]` of series matching any of the matcher sets. */
  exemplars(matcherSets: ReadonlyArray<readonly LabelMatcher[]>, mint: number, maxt: number): SeriesExemplars[];
  /** Metadata by metric family name (optionally one metric). */
  metadata(metric?: string, limit?: number): Record<string, MetricMetadata[]>;
}

/**
 * A hint for `entries()`: the reader may leave out lines that contain none of `lineContainsAny`
 * (a query's `|= "a" or "b"` filter), without decoding them. The query still tests every line it
 * gets, so a store that ignores the hint stays correct; one that uses it reports what it skipped.
 */
export interface EntryFilter {
  /** Non-empty strings; a line that contains at least one of them must be returned. */
  readonly lineContainsAny: readonly string[];
  /**
   * Lines left out, with the UTF-8 bytes of their lines and of their metadata names and values,
   * reported in batches (and before the next returned line) so a query's stats and deadline still see them.
   */
  onSkipped?(lines: number, lineBytes: number, metadataBytes: number): void;
}

/** Read access to logs. Time ranges are nanoseconds, `[startNs, endNs)` as in Loki. */
export interface LogReader {
  /** Streams whose labels match every matcher and that have entries in the range. */
  streams(matchers: readonly LabelMatcher[], startNs: bigint, endNs: bigint, hints?: ReadHints): StreamRef[];
  /** One stream's entries in the range, in the given direction. Lazily decoded, so a `limit` stops early. */
  entries(streamId: number, startNs: bigint, endNs: bigint, direction: Direction, filter?: EntryFilter): Iterable<LogEntry>;
  /** Label names of streams with entries in range, sorted. */
  labelNames(startNs: bigint, endNs: bigint, matchers?: readonly LabelMatcher[]): string[];
  /** Values of one label over streams with entries in range, sorted. */
  labelValues(name: string, startNs: bigint, endNs: bigint, matchers?: readonly LabelMatcher[]): string[];
}

/** Conditions a trace search can hand to the store; all must hold for one span of the trace. */
export interface SpanFilter {
  readonly serviceName?: string;
  readonly name?: string;
  readonly kind?: number;
  readonly statusCode?: number;
  readonly minDurationNs?: bigint;
  readonly maxDurationNs?: bigint;
  /** Attribute equality, compared on the value's string form. `scope: 'any'` looks in span then resource attributes. */
  readonly attributes?: ReadonlyArray<{ readonly scope: 'span' | 'resource' | 'any'; readonly key: string; readonly value: string }>;
}

/** Read access to traces. */
export interface TraceReader {
  /** Every stored span of the trace (lowercase hex id), in start order; empty when unknown. */
  trace(traceId: string): SpanRecord[];
  /** Ids of traces with a span matching `filter` that started in `[startNs, endNs)`, newest first, at most `limit`. */
  findTraceIds(filter: SpanFilter, startNs: bigint, endNs: bigint, limit: number, hints?: ReadHints): string[];
  /** Attribute names seen in the range, by scope. */
  tagNames(scope: 'span' | 'resource', startNs?: bigint, endNs?: bigint): string[];
  /** Distinct values of one attribute (scope-qualified) in the range, at most `limit`. */
  tagValues(scope: 'span' | 'resource', key: string, startNs?: bigint, endNs?: bigint, limit?: number): string[];
}

/** Counts a store keeps about itself, for `/metrics` and the console's status page. */
export interface StoreStats {
  readonly series: number;
  readonly streams: number;
  readonly spans: number;
  readonly bytesOnDisk: number;
}

/**
 * The store: what receivers write to and what query engines read. `append*` resolve only once the
 * data will survive a crash of the process; until then the receiver must not acknowledge. They
 * reject with StoreOverloadedError (429), StoreFullError (507), StoreClosedError (503) or
 * InvalidBatchError (400), and a rejected batch leaves nothing behind.
 */
export interface Store {
  appendMetrics(batch: MetricBatch): Promise<void>;
  appendLogs(batch: LogBatch): Promise<void>;
  appendSpans(batch: SpanBatch): Promise<void>;
  readonly metrics: MetricReader;
  readonly logs: LogReader;
  readonly traces: TraceReader;
  stats(): StoreStats;
  /** Flushes and releases everything; idempotent. */
  close(): Promise<void>;
}
