import type { KeyValue, SpanRecord } from '../../../model/spans.js';

const KIND_NAMES = ['SPAN_KIND_UNSPECIFIED', 'SPAN_KIND_INTERNAL', 'SPAN_KIND_SERVER', 'SPAN_KIND_CLIENT', 'SPAN_KIND_PRODUCER', 'SPAN_KIND_CONSUMER'];
const STATUS_NAMES = ['STATUS_CODE_UNSET', 'STATUS_CODE_OK', 'STATUS_CODE_ERROR'];

/** An OTLP span as Tempo's JSON (gogo jsonpb) writes it: ids in base64, enums by name, 64-bit times as strings, empty fields left out. */
export interface OtlpJsonSpan {
  readonly traceId: string;
  readonly spanId: string;
  readonly traceState?: string;
  readonly parentSpanId?: string;
  readonly name: string;
  readonly kind?: string;
  readonly startTimeUnixNano: string;
  readonly endTimeUnixNano: string;
  readonly attributes?: readonly KeyValue[];
  readonly events?: ReadonlyArray<{ readonly timeUnixNano: string; readonly name: string; readonly attributes?: readonly KeyValue[] }>;
  readonly links?: ReadonlyArray<{ readonly traceId: string; readonly spanId: string; readonly traceState?: string; readonly attributes?: readonly KeyValue[] }>;
  readonly status: { readonly code?: string; readonly message?: string };
}

/** Spans of one resource and instrumentation scope, as in OTLP's `ResourceSpans`. */
export interface OtlpJsonResourceSpans {
  readonly resource: { readonly attributes?: readonly KeyValue[] };
  readonly scopeSpans: ReadonlyArray<{ readonly scope: { readonly name?: string; readonly version?: string }; readonly spans: readonly OtlpJsonSpan[] }>;
}

function b64(hex: string): string {
  return Buffer.from(hex, 'hex').toString('base64');
}

function attrs(kvs: readonly KeyValue[]): { attributes?: readonly KeyValue[] } {
  return kvs.length > 0 ? { attributes: kvs } : {};
}

function spanJson(s: SpanRecord): OtlpJsonSpan {
  return {
    traceId: b64(s.traceId),
    spanId: b64(s.spanId),
    ...(s.traceState ? { traceState: s.traceState } : {}),
    ...(s.parentSpanId ? { parentSpanId: b64(s.parentSpanId) } : {}),
    name: s.name,
    ...(s.kind !== 0 ? { kind: KIND_NAMES[s.kind] ?? KIND_NAMES[0]! } : {}),
    startTimeUnixNano: s.startNs.toString(),
    endTimeUnixNano: s.endNs.toString(),
    ...attrs(s.attributes),
    ...(s.events.length > 0 ? { events: s.events.map((e) => ({ timeUnixNano: e.timeNs.toString(), name: e.name, ...attrs(e.attributes) })) } : {}),
    ...(s.links.length > 0 ? { links: s.links.map((l) => ({ traceId: b64(l.traceId), spanId: b64(l.spanId), ...(l.traceState ? { traceState: l.traceState } : {}), ...attrs(l.attributes) })) } : {}),
    status: { ...(s.statusCode !== 0 ? { code: STATUS_NAMES[s.statusCode] ?? STATUS_NAMES[0]! } : {}), ...(s.statusMessage ? { message: s.statusMessage } : {}) },
  };
}

/**
 * Groups a trace's spans (in start order) into OTLP `ResourceSpans` by resource and then by
 * instrumentation scope, in order of first appearance: the body of Tempo's trace-by-id answers.
 * Every span keeps its resource (with `service.name`) and its start and end, which Grafana's
 * trace-to-logs and trace-to-metrics links build their queries from.
 */
export function traceToOtlpJson(spans: readonly SpanRecord[]): OtlpJsonResourceSpans[] {
  const resources = new Map<string, { resource: readonly KeyValue[]; scopes: Map<string, { scope: SpanRecord['scope']; spans: OtlpJsonSpan[] }> }>();
  for (const s of spans) {
    const rkey = JSON.stringify(s.resource);
    let r = resources.get(rkey);
    if (!r) resources.set(rkey, (r = { resource: s.resource, scopes: new Map() }));
    const skey = `${s.scope.name}\u0000${s.scope.version}`;
    let sc = r.scopes.get(skey);
    if (!sc) r.scopes.set(skey, (sc = { scope: s.scope, spans: [] }));
    sc.spans.push(spanJson(s));
  }
  return [...resources.values()].map((r) => ({
    resource: attrs(r.resource),
    scopeSpans: [...r.scopes.values()].map((sc) => ({
      scope: { ...(sc.scope.name ? { name: sc.scope.name } : {}), ...(sc.scope.version ? { version: sc.scope.version } : {}) },
      spans: sc.spans,
    })),
  }));
}
