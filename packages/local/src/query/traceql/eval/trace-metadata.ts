import type { KeyValue } from '../../../model/spans.js';
import type { OutputField } from './output-fields.js';
import type { Spanset } from './pipeline-eval.js';
import { serviceStats, type SpanView, type TraceContext } from './trace-context.js';
import { toAnyValue } from './values.js';

/** One span of a search result, as Tempo's `tempopb.Span` renders in JSON. */
export interface TempoSearchSpan {
  readonly spanID: string;
  readonly name: string;
  readonly startTimeUnixNano: string;
  readonly durationNanos: string;
  readonly attributes?: readonly KeyValue[];
}

/** One spanset of a search result: at most `spss` spans, how many matched, and aggregate/by() values. */
export interface TempoSpanSet {
  readonly spans: readonly TempoSearchSpan[];
  readonly matched: number;
  readonly attributes?: readonly KeyValue[];
}

/** One trace of `/api/search`'s `traces` (Tempo's `TraceSearchMetadata`; zero fields left out as jsonpb does). */
export interface TraceSearchMetadata {
  readonly traceID: string;
  readonly rootServiceName: string;
  readonly rootTraceName?: string;
  readonly startTimeUnixNano: string;
  readonly durationMs?: number;
  /** The first spanset (Tempo keeps it for older clients). */
  readonly spanSet?: TempoSpanSet;
  readonly spanSets?: readonly TempoSpanSet[];
  readonly serviceStats?: Readonly<Record<string, { readonly spanCount: number; readonly errorCount?: number }>>;
}

/** Tempo's `TraceIDToHexString`: search results name traces without leading zeros. */
export function traceIdForResults(hex: string): string {
  return hex.replace(/^0+(?=.)/, '');
}

function spanResult(s: SpanView, fields: readonly OutputField[]): TempoSearchSpan {
  const attributes: KeyValue[] = [];
  for (const f of fields) {
    const v = f.read(s, {});
    if (v.type !== 'nil') attributes.push({ key: f.key, value: toAnyValue(v) });
  }
  return {
    spanID: s.rec.spanId,
    name: s.rec.name,
    startTimeUnixNano: s.rec.startNs.toString(),
    durationNanos: (s.rec.endNs - s.rec.startNs).toString(),
    ...(attributes.length > 0 ? { attributes } : {}),
  };
}

function byStart(a: SpanView, b: SpanView): number {
  return a.rec.startNs < b.rec.startNs ? -1 : a.rec.startNs > b.rec.startNs ? 1 : a.index - b.index;
}

/**
 * Renders a trace and its spansets as Tempo's search metadata: each spanset keeps its first
 * `spss` spans by start time and reports how many matched in all.
 */
export function traceMetadata(ctx: TraceContext, spansets: readonly Spanset[], fields: readonly OutputField[], spss: number): TraceSearchMetadata {
  const sets: TempoSpanSet[] = spansets.map((ss) => {
    const spans = [...ss.spans].sort(byStart).slice(0, spss);
    const attributes = ss.attributes.map((a) => ({ key: a.name, value: toAnyValue(a.value) }));
    return { spans: spans.map((s) => spanResult(s, fields)), matched: ss.spans.length, ...(attributes.length > 0 ? { attributes } : {}) };
  });
  const durationMs = Math.floor(ctx.durationNs / 1e6);
  return {
    traceID: traceIdForResults(ctx.traceId),
    rootServiceName: ctx.rootServiceName,
    ...(ctx.rootName !== undefined ? { rootTraceName: ctx.rootName } : {}),
    startTimeUnixNano: ctx.startNs.toString(),
    ...(durationMs > 0 ? { durationMs } : {}),
    ...(sets.length > 0 ? { spanSet: sets[0]!, spanSets: sets } : {}),
    serviceStats: serviceStats(ctx),
  };
}
