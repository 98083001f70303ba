import type { SpanRecord } from '../../../model/spans.js';
import { StatusCode } from '../../../model/spans.js';

/** What Tempo reports as a trace's root service and name while the root span has not arrived. */
export const ROOT_SPAN_NOT_YET_RECEIVED = '<root span not yet received>';

/** One span with what TraceQL needs around it: its trace, parent, children count and duration. */
export interface SpanView {
  readonly rec: SpanRecord;
  /** Position in the trace's start order: the tie-breaker that keeps results stable. */
  readonly index: number;
  readonly durationNs: number;
  readonly trace: TraceContext;
  parent: SpanView | undefined;
  childCount: number;
}

/** A trace ready for evaluation: its spans with parent links, root and overall time range. */
export interface TraceContext {
  readonly traceId: string;
  readonly spans: readonly SpanView[];
  /** The earliest span without a parent, if any arrived. */
  readonly root: SpanView | undefined;
  readonly startNs: bigint;
  readonly endNs: bigint;
  /** `endNs - startNs` in nanoseconds. */
  readonly durationNs: number;
  readonly rootServiceName: string;
  readonly rootName: string | undefined;
}

/**
 * Builds the evaluation context of one trace from its stored spans (in start order). A span
 * whose parent is not in the trace is treated as a root of its own subtree, as Tempo's nested
 * set model does for disconnected spans.
 */
export function buildTraceContext(traceId: string, records: readonly SpanRecord[]): TraceContext {
  const spans: SpanView[] = [];
  let startNs = records.length > 0 ? records[0]!.startNs : 0n;
  let endNs = startNs;
  const ctx = { traceId, spans } as { traceId: string; spans: SpanView[] } & Partial<TraceContext>;
  const byId = new Map<string, SpanView>();
  records.forEach((rec, index) => {
    const view: SpanView = { rec, index, durationNs: Number(rec.endNs - rec.startNs), trace: ctx as TraceContext, parent: undefined, childCount: 0 };
    spans.push(view);
    if (!byId.has(rec.spanId)) byId.set(rec.spanId, view);
    if (rec.startNs < startNs) startNs = rec.startNs;
    if (rec.endNs > endNs) endNs = rec.endNs;
  });
  let root: SpanView | undefined;
  for (const s of spans) {
    const p = s.rec.parentSpanId === '' ? undefined : byId.get(s.rec.parentSpanId);
    if (p && p !== s) {
      s.parent = p;
      p.childCount++;
    }
    if (s.rec.parentSpanId === '' && root === undefined) root = s;
  }
  return Object.assign(ctx, {
    root,
    startNs,
    endNs,
    durationNs: Number(endNs - startNs),
    rootServiceName: root ? root.rec.serviceName : ROOT_SPAN_NOT_YET_RECEIVED,
    rootName: root?.rec.name,
  }) as TraceContext;
}

/** Spans and errors per service, as Tempo's search results report them (`serviceStats`). */
export function serviceStats(ctx: TraceContext): Record<string, { spanCount: number; errorCount?: number }> {
  const out: Record<string, { spanCount: number; errorCount?: number }> = {};
  for (const s of ctx.spans) {
    const entry = (out[s.rec.serviceName] ??= { spanCount: 0 });
    entry.spanCount++;
    if (s.rec.statusCode === StatusCode.ERROR) entry.errorCount = (entry.errorCount ?? 0) + 1;
  }
  return out;
}

/** True when `span` is a strict descendant of `ancestor` (walks up the parent links). */
export function isDescendant(span: SpanView, ancestor: SpanView): boolean {
  let p = span.parent;
  for (let guard = span.trace.spans.length; p && guard >= 0; guard--) {
    if (p === ancestor) return true;
    p = p.parent;
  }
  return false;
}
