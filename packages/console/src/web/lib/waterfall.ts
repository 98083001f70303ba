import type { TraceSpan } from './otlp.js';

/*
 * The waterfall: spans in tree order (each child right under its parent, siblings by start time),
 * each placed on a shared time axis as a fraction of the trace's duration.
 */

/** One row of the waterfall. */
export interface WaterfallRow {
  readonly span: TraceSpan;
  /** Nesting depth: 0 for roots (and for spans whose parent is not in the trace). */
  readonly depth: number;
  /** Where the bar starts, 0..1 of the trace's duration. */
  readonly offset: number;
  /** How wide the bar is, 0..1 (at least a sliver, so instant spans stay visible). */
  readonly width: number;
  /** Milliseconds from the trace's start to the span's start. */
  readonly startMs: number;
  readonly durationMs: number;
  /** Index of the span's service in {@link Waterfall.services}: its colour. */
  readonly serviceIndex: number;
  /** The parent span id is set but that span is not in the trace (not received yet, or dropped). */
  readonly orphan: boolean;
}

/** A laid-out trace. */
export interface Waterfall {
  readonly rows: readonly WaterfallRow[];
  /** Services in order of first appearance in the tree. */
  readonly services: readonly string[];
  readonly startNs: bigint;
  readonly endNs: bigint;
  readonly durationMs: number;
}

/** Narrowest bar, as a fraction of the trace, so a 0 ns span still shows. */
const MIN_WIDTH = 0.002;

const nsToMs = (ns: bigint): number => Number(ns) / 1e6;

/**
 * Lays out a trace's spans as a waterfall.
 *
 * @example
 * ```ts
 * const { rows } = layoutWaterfall(spansOfTrace(await res.json()));
 * rows.map((r) => `${'  '.repeat(r.depth)}${r.span.service} ${r.span.name} ${r.durationMs} ms`);
 * ```
 */
export function layoutWaterfall(spans: readonly TraceSpan[]): Waterfall {
  if (spans.length === 0) return { rows: [], services: [], startNs: 0n, endNs: 0n, durationMs: 0 };
  let startNs = spans[0]!.startNs;
  let endNs = spans[0]!.endNs;
  for (const s of spans) {
    if (s.startNs < startNs) startNs = s.startNs;
    if (s.endNs > endNs) endNs = s.endNs;
  }
  const total = endNs > startNs ? endNs - startNs : 1n;
  const byId = new Map(spans.map((s) => [s.spanId, s]));
  const children = new Map<string, TraceSpan[]>();
  const roots: TraceSpan[] = [];
  for (const s of spans) {
    const parent = s.parentSpanId && s.parentSpanId !== s.spanId ? byId.get(s.parentSpanId) : undefined;
    if (parent) {
      const list = children.get(parent.spanId);
      if (list) list.push(s);
      else children.set(parent.spanId, [s]);
    } else roots.push(s);
  }
  const byStart = (a: TraceSpan, b: TraceSpan): number => (a.startNs < b.startNs ? -1 : a.startNs > b.startNs ? 1 : a.name.localeCompare(b.name));
  const services: string[] = [];
  const rows: WaterfallRow[] = [];
  const seen = new Set<string>();
  const visit = (span: TraceSpan, depth: number): void => {
    // A parent cycle (bad data) would recurse forever; each span is drawn once.
    if (seen.has(span.spanId)) return;
    seen.add(span.spanId);
    let serviceIndex = services.indexOf(span.service);
    if (serviceIndex < 0) serviceIndex = services.push(span.service) - 1;
    const offsetNs = span.startNs - startNs;
    const durNs = span.endNs > span.startNs ? span.endNs - span.startNs : 0n;
    const offset = Number(offsetNs) / Number(total);
    rows.push({
      span,
      depth,
      offset,
      width: Math.min(1 - offset, Math.max(MIN_WIDTH, Number(durNs) / Number(total))),
      startMs: nsToMs(offsetNs),
      durationMs: nsToMs(durNs),
      serviceIndex,
      orphan: depth === 0 && span.parentSpanId !== '' && !byId.has(span.parentSpanId),
    });
    for (const child of (children.get(span.spanId) ?? []).sort(byStart)) visit(child, depth + 1);
  };
  for (const root of roots.sort(byStart)) visit(root, 0);
  // Spans only reachable through a cycle: drawn as roots rather than lost.
  for (const s of [...spans].sort(byStart)) if (!seen.has(s.spanId)) visit(s, 0);
  return { rows, services, startNs, endNs, durationMs: nsToMs(endNs - startNs) };
}

/** The services of a trace, for the "logs for this trace" selector. */
export function servicesOf(spans: readonly TraceSpan[]): string[] {
  return [...new Set(spans.map((s) => s.service))].sort();
}
