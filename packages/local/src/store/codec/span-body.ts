import type { AnyValue, KeyValue, SpanEvent, SpanLink } from '../../model/spans.js';

/**
 * The parts of a span no index looks at (trace state, status message, scope, attributes, events,
 * links) as one compact JSON document. JSON because V8 parses and prints it natively, faster than
 * any hand-written binary codec in JavaScript; compact because the OTLP/JSON shape
 * (`{"key":"k","value":{"stringValue":"v"}}`) would triple the bytes of every attribute.
 *
 * Attribute lists become flat arrays `[key, value, key, value, …]` where a value is a JSON string
 * (stringValue), boolean, number (doubleValue when finite), or a one-key object for the rest:
 * `{"i":"123"}` intValue, `{"d":"NaN"}` non-finite double, `{"b":"…"}` bytes, `{"a":[…]}` array,
 * `{"k":[…]}` kvlist, `null` empty.
 */

type Compact = string | boolean | number | null | { i: string } | { d: string } | { b: string } | { a: Compact[] } | { k: Compact[] };

function compactValue(v: AnyValue): Compact {
  if ('stringValue' in v) return v.stringValue;
  if ('boolValue' in v) return v.boolValue;
  if ('intValue' in v) return { i: String(v.intValue) };
  if ('doubleValue' in v) return Number.isFinite(v.doubleValue) ? v.doubleValue : { d: String(v.doubleValue) };
  if ('bytesValue' in v) return { b: v.bytesValue };
  if ('arrayValue' in v) return { a: v.arrayValue.values.map(compactValue) };
  if ('kvlistValue' in v) return { k: compactAttributes(v.kvlistValue.values) };
  return null;
}

function expandValue(c: Compact): AnyValue {
  if (c === null) return {};
  switch (typeof c) {
    case 'string':
      return { stringValue: c };
    case 'boolean':
      return { boolValue: c };
    case 'number':
      return { doubleValue: c };
  }
  if ('i' in c) return { intValue: c.i };
  if ('d' in c) return { doubleValue: Number(c.d) };
  if ('b' in c) return { bytesValue: c.b };
  if ('a' in c) return { arrayValue: { values: c.a.map(expandValue) } };
  return { kvlistValue: { values: expandAttributes(c.k) } };
}

/** KeyValue list → flat compact array. */
export function compactAttributes(kvs: readonly KeyValue[]): Compact[] {
  const out: Compact[] = new Array(kvs.length * 2);
  for (let i = 0; i < kvs.length; i++) {
    out[2 * i] = kvs[i]!.key;
    out[2 * i + 1] = compactValue(kvs[i]!.value);
  }
  return out;
}

/** Flat compact array → KeyValue list. */
export function expandAttributes(c: readonly Compact[]): KeyValue[] {
  const out: KeyValue[] = [];
  for (let i = 0; i + 1 < c.length; i += 2) out.push({ key: c[i] as string, value: expandValue(c[i + 1]!) });
  return out;
}

/** What the body holds. */
export interface SpanBody {
  readonly traceState: string;
  readonly statusMessage: string;
  readonly scope: { readonly name: string; readonly version: string };
  readonly attributes: readonly KeyValue[];
  readonly events: readonly SpanEvent[];
  readonly links: readonly SpanLink[];
}

export function encodeSpanBody(b: SpanBody): string {
  return JSON.stringify([
    b.traceState,
    b.statusMessage,
    b.scope.name,
    b.scope.version,
    compactAttributes(b.attributes),
    b.events.map((e) => [String(e.timeNs), e.name, compactAttributes(e.attributes)]),
    b.links.map((l) => [l.traceId, l.spanId, l.traceState, compactAttributes(l.attributes)]),
  ]);
}

type EncodedBody = [string, string, string, string, Compact[], Array<[string, string, Compact[]]>, Array<[string, string, string, Compact[]]>];

export function decodeSpanBody(text: string): SpanBody {
  const [traceState, statusMessage, scopeName, scopeVersion, attrs, events, links] = JSON.parse(text) as EncodedBody;
  return {
    traceState,
    statusMessage,
    scope: { name: scopeName, version: scopeVersion },
    attributes: expandAttributes(attrs),
    events: events.map(([t, name, a]) => ({ timeNs: BigInt(t), name, attributes: expandAttributes(a) })),
    links: links.map(([traceId, spanId, traceState, a]) => ({ traceId, spanId, traceState, attributes: expandAttributes(a) })),
  };
}

/** Only the span attributes, for filters that need nothing else (skips expanding events and links). */
export function decodeSpanAttributes(text: string): KeyValue[] {
  return expandAttributes((JSON.parse(text) as EncodedBody)[4]);
}
