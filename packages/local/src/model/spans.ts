/**
 * Attribute values in the shape of OTLP/JSON's AnyValue (`intValue` is a string there, because a
 * 64-bit integer does not fit a JSON number). Keeping this shape end to end lets the Tempo API
 * return stored attributes as they came in.
 */
export type AnyValue =
  | { readonly stringValue: string }
  | { readonly boolValue: boolean }
  | { readonly intValue: string }
  | { readonly doubleValue: number }
  | { readonly bytesValue: string }
  | { readonly arrayValue: { readonly values: readonly AnyValue[] } }
  | { readonly kvlistValue: { readonly values: readonly KeyValue[] } }
  | Readonly<Record<string, never>>;

export interface KeyValue {
  readonly key: string;
  readonly value: AnyValue;
}

/** OTLP span kinds. */
export const SpanKind = { UNSPECIFIED: 0, INTERNAL: 1, SERVER: 2, CLIENT: 3, PRODUCER: 4, CONSUMER: 5 } as const;
/** OTLP status codes. */
export const StatusCode = { UNSET: 0, OK: 1, ERROR: 2 } as const;

export interface SpanEvent {
  readonly timeNs: bigint;
  readonly name: string;
  readonly attributes: readonly KeyValue[];
}

export interface SpanLink {
  readonly traceId: string;
  readonly spanId: string;
  readonly traceState: string;
  readonly attributes: readonly KeyValue[];
}

/** One span, normalised from OTLP. Ids are lowercase hex; nanoseconds are bigint, never number. */
export interface SpanRecord {
  readonly traceId: string;
  readonly spanId: string;
  /** Empty for a root span. */
  readonly parentSpanId: string;
  readonly traceState: string;
  readonly name: string;
  readonly kind: number;
  readonly startNs: bigint;
  readonly endNs: bigint;
  readonly statusCode: number;
  readonly statusMessage: string;
  readonly attributes: readonly KeyValue[];
  readonly events: readonly SpanEvent[];
  readonly links: readonly SpanLink[];
  readonly resource: readonly KeyValue[];
  readonly scope: { readonly name: string; readonly version: string };
  /** `service.name` of the resource (`unknown_service` when absent), kept apart because every query uses it. */
  readonly serviceName: string;
}

/** What a receiver hands the store. */
export interface SpanBatch {
  readonly spans: readonly SpanRecord[];
}

/** The first value of `key` among `attributes`, or undefined. */
export function findAttribute(attributes: readonly KeyValue[], key: string): AnyValue | undefined {
  for (const kv of attributes) if (kv.key === key) return kv.value;
  return undefined;
}

/** An attribute value as a plain JS value: string, number, boolean, bigint (for intValue beyond 2^53), arrays, objects. */
export function anyValueToJs(value: AnyValue | undefined): unknown {
  if (value === undefined) return undefined;
  if ('stringValue' in value) return value.stringValue;
  if ('boolValue' in value) return value.boolValue;
  if ('intValue' in value) {
    const n = Number(value.intValue);
    return Number.isSafeInteger(n) ? n : BigInt(value.intValue);
  }
  if ('doubleValue' in value) return value.doubleValue;
  if ('bytesValue' in value) return value.bytesValue;
  if ('arrayValue' in value) return value.arrayValue.values.map(anyValueToJs);
  if ('kvlistValue' in value) return Object.fromEntries(value.kvlistValue.values.map((kv) => [kv.key, anyValueToJs(kv.value)]));
  return undefined;
}
