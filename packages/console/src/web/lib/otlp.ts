/*
 * Reading a trace as Tempo's `/api/traces/<id>` returns it: OTLP/JSON (`batches` in v1,
 * `trace.resourceSpans` in v2), with ids in base64 as protobuf JSON writes bytes.
 */

/** An attribute value as the console shows it. */
export type AttrValue = string | number | boolean | null | readonly AttrValue[] | { readonly [k: string]: AttrValue };

/** One attribute. */
export interface Attr {
  readonly key: string;
  readonly value: AttrValue;
}

/** One span, flattened out of its resource and scope. */
export interface TraceSpan {
  readonly traceId: string;
  readonly spanId: string;
  /** Empty for a root span. */
  readonly parentSpanId: string;
  readonly name: string;
  /** `server`, `client`, `internal`, `producer`, `consumer` or `unspecified`. */
  readonly kind: string;
  /** Nanoseconds since the epoch, exact. */
  readonly startNs: bigint;
  readonly endNs: bigint;
  readonly service: string;
  readonly scope: string;
  readonly attributes: readonly Attr[];
  readonly resource: readonly Attr[];
  readonly events: ReadonlyArray<{ readonly timeNs: bigint; readonly name: string; readonly attributes: readonly Attr[] }>;
  readonly links: ReadonlyArray<{ readonly traceId: string; readonly spanId: string; readonly attributes: readonly Attr[] }>;
  /** `unset`, `ok` or `error`. */
  readonly status: string;
  readonly statusMessage: string;
}

type Json = Record<string, unknown>;

const KINDS = ['unspecified', 'internal', 'server', 'client', 'producer', 'consumer'];
const STATUSES = ['unset', 'ok', 'error'];

/** An id as lowercase hex: OTLP/JSON ids are base64 (24 or 12 characters), hex ids pass through. */
export function idToHex(id: unknown): string {
  if (typeof id !== 'string' || id === '') return '';
  if (/^[0-9a-fA-F]+$/.test(id) && (id.length === 32 || id.length === 16)) return id.toLowerCase();
  let bytes: string;
  try {
    bytes = atob(id);
  } catch {
    return id;
  }
  let hex = '';
  for (let i = 0; i < bytes.length; i++) hex += bytes.charCodeAt(i).toString(16).padStart(2, '0');
  return hex;
}

/** An OTLP AnyValue as a plain value. */
export function anyValue(v: unknown): AttrValue {
  if (!v || typeof v !== 'object') return null;
  const o = v as Json;
  if ('stringValue' in o) return String(o['stringValue']);
  if ('boolValue' in o) return Boolean(o['boolValue']);
  if ('intValue' in o) {
    const n = Number(o['intValue']);
    return Number.isSafeInteger(n) ? n : String(o['intValue']);
  }
  if ('doubleValue' in o) return Number(o['doubleValue']);
  if ('bytesValue' in o) return String(o['bytesValue']);
  if ('arrayValue' in o) return (((o['arrayValue'] as Json | undefined)?.['values'] as unknown[] | undefined) ?? []).map(anyValue);
  if ('kvlistValue' in o) {
    const out: Record<string, AttrValue> = {};
    for (const a of attributes((o['kvlistValue'] as Json | undefined)?.['values'])) out[a.key] = a.value;
    return out;
  }
  return null;
}

/** An OTLP KeyValue list. */
export function attributes(list: unknown): Attr[] {
  if (!Array.isArray(list)) return [];
  return list.map((kv: Json) => ({ key: String(kv['key'] ?? ''), value: anyValue(kv['value']) }));
}

function enumName(v: unknown, names: readonly string[], prefix: string): string {
  if (typeof v === 'number') return names[v] ?? 'unspecified';
  if (typeof v === 'string') return v.replace(prefix, '').toLowerCase() || names[0]!;
  return names[0]!;
}

function nanos(v: unknown): bigint {
  try {
    return BigInt(typeof v === 'string' || typeof v === 'number' ? v : 0);
  } catch {
    return 0n;
  }
}

/** Every span of a Tempo trace-by-id answer (v1 or v2), in the order the answer lists them. */
export function spansOfTrace(body: unknown): TraceSpan[] {
  const o = (body ?? {}) as Json;
  const batches = (o['batches'] ?? (o['trace'] as Json | undefined)?.['resourceSpans'] ?? o['resourceSpans'] ?? []) as Json[];
  const out: TraceSpan[] = [];
  for (const batch of batches) {
    const resource = attributes((batch['resource'] as Json | undefined)?.['attributes']);
    const service = String(resource.find((a) => a.key === 'service.name')?.value ?? 'unknown');
    for (const scopeSpans of (batch['scopeSpans'] ?? batch['instrumentationLibrarySpans'] ?? []) as Json[]) {
      const scope = String(((scopeSpans['scope'] ?? scopeSpans['instrumentationLibrary']) as Json | undefined)?.['name'] ?? '');
      for (const s of (scopeSpans['spans'] ?? []) as Json[]) {
        const status = (s['status'] ?? {}) as Json;
        out.push({
          traceId: idToHex(s['traceId']),
          spanId: idToHex(s['spanId']),
          parentSpanId: idToHex(s['parentSpanId']),
          name: String(s['name'] ?? ''),
          kind: enumName(s['kind'], KINDS, 'SPAN_KIND_'),
          startNs: nanos(s['startTimeUnixNano']),
          endNs: nanos(s['endTimeUnixNano']),
          service,
          scope,
          attributes: attributes(s['attributes']),
          resource,
          events: ((s['events'] ?? []) as Json[]).map((e) => ({ timeNs: nanos(e['timeUnixNano']), name: String(e['name'] ?? ''), attributes: attributes(e['attributes']) })),
          links: ((s['links'] ?? []) as Json[]).map((l) => ({ traceId: idToHex(l['traceId']), spanId: idToHex(l['spanId']), attributes: attributes(l['attributes']) })),
          status: enumName(status['code'], STATUSES, 'STATUS_CODE_'),
          statusMessage: String(status['message'] ?? ''),
        });
      }
    }
  }
  return out;
}

/** An attribute value as one line of text. */
export function attrText(v: AttrValue): string {
  return typeof v === 'string' ? v : JSON.stringify(v);
}
