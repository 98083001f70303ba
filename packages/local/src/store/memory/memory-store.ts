import { compileMatchers, labelsKey, normalizeLabels, type Labels, type LabelMatcher } from '../../model/labels.js';
import type { Direction, LogBatch, LogEntry, StreamRef } from '../../model/logs.js';
import type { Exemplar, MetricBatch, MetricMetadata, SeriesData, SeriesExemplars } from '../../model/metrics.js';
import { anyValueToJs, type KeyValue, type SpanBatch, type SpanRecord } from '../../model/spans.js';
import { QueryLimitError, QueryTimeoutError, StoreClosedError } from '../../model/errors.js';
import type { EntryFilter, LogReader, MetricReader, ReadHints, SpanFilter, Store, StoreStats, TraceReader } from '../../model/store.js';
import { validateLogBatch, validateMetricBatch, validateSpanBatch } from '../validate.js';

interface MemSeries {
  readonly labels: Labels;
  t: number[];
  /**
   * Values in a Float64Array (capacity may exceed `t.length`): V8 canonicalises NaNs stored in a
   * plain double array, which would turn the staleness marker into an ordinary NaN.
   */
  v: Float64Array;
  exemplars: Exemplar[];
}

interface MemStream {
  readonly ref: StreamRef;
  entries: LogEntry[];
  sorted: boolean;
}

function checkDeadline(hints?: ReadHints): void {
  if (hints?.deadline !== undefined && Date.now() > hints.deadline) throw new QueryTimeoutError();
}

function stringOf(kv: readonly KeyValue[], key: string): string | undefined {
  for (const a of kv) if (a.key === key) return String(anyValueToJs(a.value));
  return undefined;
}

/** Inserts keeping ascending order; a sample at an existing timestamp replaces it (last write wins). */
function insertSample(s: MemSeries, t: number, v: number): void {
  const n = s.t.length;
  if (s.v.length === n) {
    const grown = new Float64Array(Math.max(8, n * 2));
    grown.set(s.v);
    s.v = grown;
  }
  if (n === 0 || s.t[n - 1]! < t) {
    s.t.push(t);
    s.v[n] = v;
    return;
  }
  let lo = 0;
  let hi = n;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (s.t[mid]! < t) lo = mid + 1;
    else hi = mid;
  }
  if (s.t[lo] === t) s.v[lo] = v;
  else {
    s.t.splice(lo, 0, t);
    s.v.copyWithin(lo + 1, lo, n);
    s.v[lo] = v;
  }
}

/**
 * A Store that keeps everything in memory: the reference implementation of the store contract,
 * used by the query engines' script tests and as the other side of differential tests against
 * the SQLite store. Not durable, no retention: never the local stack's store.
 */
class InMemoryStore implements Store {
  private readonly seriesByKey = new Map<string, MemSeries>();
  private readonly streamsByKey = new Map<string, MemStream>();
  private readonly streamsById: MemStream[] = [];
  private readonly spansByTrace = new Map<string, SpanRecord[]>();
  private readonly meta = new Map<string, MetricMetadata>();
  private spanCount = 0;
  private closed = false;

  readonly metrics: MetricReader;
  readonly logs: LogReader;
  readonly traces: TraceReader;

  constructor() {
    this.metrics = this.metricReader();
    this.logs = this.logReader();
    this.traces = this.traceReader();
  }

  async appendMetrics(batch: MetricBatch): Promise<void> {
    this.assertOpen();
    validateMetricBatch(batch);
    for (const input of batch.series) {
      const labels = normalizeLabels(input.labels);
      const key = labelsKey(labels);
      let s = this.seriesByKey.get(key);
      if (!s) this.seriesByKey.set(key, (s = { labels, t: [], v: new Float64Array(8), exemplars: [] }));
            for (const sample of input.samples) insertSample(s, sample.t, sample.v);
      for (const e of input.exemplars ?? []) s.exemplars.push(e);
    }
    for (const m of batch.metadata ?? []) this.meta.set(m.metric, m);
  }

  async appendLogs(batch: LogBatch): Promise<void> {
    this.assertOpen();
    validateLogBatch(batch);
    for (const input of batch.streams) {
      const labels = normalizeLabels(input.labels);
      const key = labelsKey(labels);
      let s = this.streamsByKey.get(key);
      if (!s) {
        s = { ref: { id: this.streamsById.length + 1, labels }, entries: [], sorted: true };
        this.streamsByKey.set(key, s);
        this.streamsById.push(s);
      }
      for (const e of input.entries) {
        const last = s.entries.at(-1);
        if (last && last.tsNs > e.tsNs) s.sorted = false;
        s.entries.push(e);
      }
    }
  }

  async appendSpans(batch: SpanBatch): Promise<void> {
    this.assertOpen();
    validateSpanBatch(batch);
    for (const span of batch.spans) {
      let list = this.spansByTrace.get(span.traceId);
      if (!list) this.spansByTrace.set(span.traceId, (list = []));
      list.push(span);
      this.spanCount++;
    }
  }

  stats(): StoreStats {
    return { series: this.seriesByKey.size, streams: this.streamsById.length, spans: this.spanCount, bytesOnDisk: 0 };
  }

  async close(): Promise<void> {
    this.closed = true;
  }

  private assertOpen(): void {
    if (this.closed) throw new StoreClosedError();
  }

  private matchingSeries(matcherSets: ReadonlyArray<readonly LabelMatcher[]>, mint: number, maxt: number): MemSeries[] {
    const preds = matcherSets.length === 0 ? [() => true] : matcherSets.map(compileMatchers);
    const out: MemSeries[] = [];
    for (const s of this.seriesByKey.values()) {
      if (!preds.some((p) => p(s.labels))) continue;
      if (!s.t.some((t) => t >= mint && t <= maxt)) continue;
      out.push(s);
    }
    return out.sort((a, b) => (labelsKey(a.labels) < labelsKey(b.labels) ? -1 : 1));
  }

  private metricReader(): MetricReader {
    return {
      select: (matchers, mint, maxt, hints) => {
        const out: SeriesData[] = [];
        let samples = 0;
        for (const s of this.matchingSeries([matchers], mint, maxt)) {
          checkDeadline(hints);
          const idx: number[] = [];
          s.t.forEach((t, i) => t >= mint && t <= maxt && idx.push(i));
          samples += idx.length;
          if (hints?.maxSeries !== undefined && out.length + 1 > hints.maxSeries) throw new QueryLimitError('series', `query selects more than ${hints.maxSeries} series`);
          if (hints?.maxSamples !== undefined && samples > hints.maxSamples) throw new QueryLimitError('samples', `query loads more than ${hints.maxSamples} samples`);
          out.push({ labels: s.labels, timestamps: Float64Array.from(idx, (i) => s.t[i]!), values: Float64Array.from(idx, (i) => s.v[i]!) });
        }
        return out;
      },
      series: (sets, mint, maxt) => this.matchingSeries(sets, mint, maxt).map((s) => s.labels),
      labelNames: (sets, mint, maxt) => [...new Set(this.matchingSeries(sets, mint, maxt).flatMap((s) => Object.keys(s.labels)))].sort(),
      labelValues: (name, sets, mint, maxt) =>
        [...new Set(this.matchingSeries(sets, mint, maxt).flatMap((s) => (s.labels[name] === undefined ? [] : [s.labels[name]])))].sort(),
      exemplars: (sets, mint, maxt) => {
        const preds = sets.map(compileMatchers);
        const out: SeriesExemplars[] = [];
        for (const s of this.seriesByKey.values()) {
          if (!preds.some((p) => p(s.labels))) continue;
          const ex = s.exemplars.filter((e) => e.t >= mint && e.t <= maxt);
          if (ex.length) out.push({ seriesLabels: s.labels, exemplars: ex });
        }
        return out;
      },
      metadata: (metric, limit) => {
        const out: Record<string, MetricMetadata[]> = {};
        for (const m of this.meta.values()) {
          if (metric !== undefined && m.metric !== metric) continue;
          if (limit !== undefined && Object.keys(out).length >= limit) break;
          out[m.metric] = [m];
        }
        return out;
      },
    };
  }

  private sortedEntries(s: MemStream): LogEntry[] {
    if (!s.sorted) {
      s.entries.sort((a, b) => (a.tsNs < b.tsNs ? -1 : a.tsNs > b.tsNs ? 1 : 0));
      s.sorted = true;
    }
    return s.entries;
  }

  private inRange(s: MemStream, startNs: bigint, endNs: bigint): boolean {
    return s.entries.some((e) => e.tsNs >= startNs && e.tsNs < endNs);
  }

  private logReader(): LogReader {
    const matching = (matchers: readonly LabelMatcher[] | undefined, startNs: bigint, endNs: bigint): MemStream[] => {
      const pred = compileMatchers(matchers ?? []);
      return this.streamsById.filter((s) => pred(s.ref.labels) && this.inRange(s, startNs, endNs));
    };
    return {
      streams: (matchers, startNs, endNs, hints) => {
        const out = matching(matchers, startNs, endNs).map((s) => s.ref);
        if (hints?.maxSeries !== undefined && out.length > hints.maxSeries) throw new QueryLimitError('series', `query selects more than ${hints.maxSeries} streams`);
        return out;
      },
      entries: (streamId, startNs, endNs, direction: Direction, filter?: EntryFilter) => {
        const s = this.streamsById[streamId - 1];
        if (!s) return [];
        let list = this.sortedEntries(s).filter((e) => e.tsNs >= startNs && e.tsNs < endNs);
        if (filter) {
          const kept = list.filter((e) => filter.lineContainsAny.some((n) => e.line.includes(n)));
          const skipped = list.filter((e) => !filter.lineContainsAny.some((n) => e.line.includes(n)));
          if (skipped.length) {
            let lineBytes = 0;
            let metadataBytes = 0;
            for (const e of skipped) {
              lineBytes += Buffer.byteLength(e.line);
              for (const [k, v] of Object.entries(e.metadata ?? {})) metadataBytes += Buffer.byteLength(k) + Buffer.byteLength(v);
            }
            filter.onSkipped?.(skipped.length, lineBytes, metadataBytes);
          }
          list = kept;
        }
        return direction === 'forward' ? list : list.reverse();
      },
      labelNames: (startNs, endNs, matchers) => [...new Set(matching(matchers, startNs, endNs).flatMap((s) => Object.keys(s.ref.labels)))].sort(),
      labelValues: (name, startNs, endNs, matchers) =>
        [...new Set(matching(matchers, startNs, endNs).flatMap((s) => (s.ref.labels[name] === undefined ? [] : [s.ref.labels[name]])))].sort(),
    };
  }

  private traceReader(): TraceReader {
    const spanMatches = (span: SpanRecord, f: SpanFilter): boolean => {
      if (f.serviceName !== undefined && span.serviceName !== f.serviceName) return false;
      if (f.name !== undefined && span.name !== f.name) return false;
      if (f.kind !== undefined && span.kind !== f.kind) return false;
      if (f.statusCode !== undefined && span.statusCode !== f.statusCode) return false;
      const d = span.endNs - span.startNs;
      if (f.minDurationNs !== undefined && d < f.minDurationNs) return false;
      if (f.maxDurationNs !== undefined && d > f.maxDurationNs) return false;
      for (const a of f.attributes ?? []) {
        const v = a.scope === 'resource' ? stringOf(span.resource, a.key) : a.scope === 'span' ? stringOf(span.attributes, a.key) : (stringOf(span.attributes, a.key) ?? stringOf(span.resource, a.key));
        if (v !== a.value) return false;
      }
      return true;
    };
    const all = function* (this: InMemoryStore, startNs?: bigint, endNs?: bigint): Generator<SpanRecord> {
      for (const spans of this.spansByTrace.values())
        for (const s of spans) if ((startNs === undefined || s.startNs >= startNs) && (endNs === undefined || s.startNs < endNs)) yield s;
    }.bind(this);
    return {
      trace: (traceId) => [...(this.spansByTrace.get(traceId) ?? [])].sort((a, b) => (a.startNs < b.startNs ? -1 : a.startNs > b.startNs ? 1 : 0)),
      findTraceIds: (filter, startNs, endNs, limit, hints) => {
        const newest = new Map<string, bigint>();
        for (const s of all(startNs, endNs)) {
          checkDeadline(hints);
          if (!spanMatches(s, filter)) continue;
          const prev = newest.get(s.traceId);
          if (prev === undefined || s.startNs > prev) newest.set(s.traceId, s.startNs);
        }
        return [...newest.entries()].sort((a, b) => (a[1] > b[1] ? -1 : a[1] < b[1] ? 1 : 0)).slice(0, limit).map(([id]) => id);
      },
      tagNames: (scope, startNs, endNs) => {
        const names = new Set<string>();
        for (const s of all(startNs, endNs)) for (const kv of scope === 'span' ? s.attributes : s.resource) names.add(kv.key);
        return [...names].sort();
      },
      tagValues: (scope, key, startNs, endNs, limit = 1000) => {
        const values = new Set<string>();
        for (const s of all(startNs, endNs)) {
          const v = stringOf(scope === 'span' ? s.attributes : s.resource, key);
          if (v !== undefined) values.add(v);
          if (values.size >= limit) break;
        }
        return [...values].sort();
      },
    };
  }
}

/**
 * Creates an in-memory {@link Store}: the reference for the store contract and the backing of the
 * query engines' script tests.
 *
 * @example
 * ```ts
 * const store = createInMemoryStore();
 * await store.appendMetrics({ series: [{ labels: { __name__: 'up', job: 'a' }, samples: [{ t: 0, v: 1 }] }] });
 * store.metrics.select([{ name: '__name__', op: '=', value: 'up' }], 0, 1000);
 * ```
 */
export function createInMemoryStore(): Store {
  return new InMemoryStore();
}
