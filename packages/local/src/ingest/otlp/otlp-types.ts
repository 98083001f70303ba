/**
 * The shapes of decoded OTLP messages as protobufjs produces them (from binary `decode` and from
 * OTLP/JSON through `fromObject`): camelCase fields, 64-bit integers as `Long`, ids as bytes,
 * oneof groups with a getter naming the field that is set. Only the fields the converters read.
 */
import type Long from 'long';

/** A protobuf 64-bit integer as protobufjs hands it over. */
export type Int64 = Long | number | string;

export interface PbAnyValue {
  /** The oneof getter: which field is set. */
  readonly value?: 'stringValue' | 'boolValue' | 'intValue' | 'doubleValue' | 'arrayValue' | 'kvlistValue' | 'bytesValue' | 'stringValueStrindex';
  readonly stringValue?: string | null;
  readonly boolValue?: boolean | null;
  readonly intValue?: Int64 | null;
  readonly doubleValue?: number | null;
  readonly bytesValue?: Uint8Array | null;
  readonly arrayValue?: { readonly values?: readonly PbAnyValue[] } | null;
  readonly kvlistValue?: { readonly values?: readonly PbKeyValue[] } | null;
}

export interface PbKeyValue {
  readonly key: string;
  readonly value?: PbAnyValue | null;
}

export interface PbResource {
  readonly attributes?: readonly PbKeyValue[];
}

export interface PbScope {
  readonly name?: string;
  readonly version?: string;
  readonly attributes?: readonly PbKeyValue[];
}

// ---- traces ----

export interface PbSpanEvent {
  readonly timeUnixNano: Int64;
  readonly name: string;
  readonly attributes?: readonly PbKeyValue[];
}

export interface PbSpanLink {
  readonly traceId: Uint8Array;
  readonly spanId: Uint8Array;
  readonly traceState?: string;
  readonly attributes?: readonly PbKeyValue[];
}

export interface PbSpan {
  readonly traceId: Uint8Array;
  readonly spanId: Uint8Array;
  readonly traceState?: string;
  readonly parentSpanId: Uint8Array;
  readonly name: string;
  readonly kind: number;
  readonly startTimeUnixNano: Int64;
  readonly endTimeUnixNano: Int64;
  readonly attributes?: readonly PbKeyValue[];
  readonly events?: readonly PbSpanEvent[];
  readonly links?: readonly PbSpanLink[];
  readonly status?: { readonly code?: number; readonly message?: string } | null;
}

export interface PbExportTraceRequest {
  readonly resourceSpans?: ReadonlyArray<{
    readonly resource?: PbResource | null;
    readonly scopeSpans?: ReadonlyArray<{ readonly scope?: PbScope | null; readonly spans?: readonly PbSpan[] }>;
  }>;
}

// ---- metrics ----

export interface PbExemplar {
  readonly filteredAttributes?: readonly PbKeyValue[];
  readonly timeUnixNano: Int64;
  readonly value?: 'asDouble' | 'asInt';
  readonly asDouble?: number | null;
  readonly asInt?: Int64 | null;
  readonly spanId: Uint8Array;
  readonly traceId: Uint8Array;
}

export interface PbNumberDataPoint {
  readonly attributes?: readonly PbKeyValue[];
  readonly timeUnixNano: Int64;
  readonly value?: 'asDouble' | 'asInt';
  readonly asDouble?: number | null;
  readonly asInt?: Int64 | null;
  readonly exemplars?: readonly PbExemplar[];
  readonly flags?: number;
}

export interface PbHistogramDataPoint {
  readonly attributes?: readonly PbKeyValue[];
  readonly timeUnixNano: Int64;
  readonly count: Int64;
  readonly sum?: number | null;
  readonly bucketCounts?: readonly Int64[];
  readonly explicitBounds?: readonly number[];
  readonly exemplars?: readonly PbExemplar[];
  readonly flags?: number;
}

export interface PbSummaryDataPoint {
  readonly attributes?: readonly PbKeyValue[];
  readonly timeUnixNano: Int64;
  readonly count: Int64;
  readonly sum: number;
  readonly quantileValues?: ReadonlyArray<{ readonly quantile: number; readonly value: number }>;
  readonly flags?: number;
}

export interface PbMetric {
  readonly name: string;
  readonly description?: string;
  readonly unit?: string;
  readonly data?: 'gauge' | 'sum' | 'histogram' | 'exponentialHistogram' | 'summary';
  readonly gauge?: { readonly dataPoints?: readonly PbNumberDataPoint[] } | null;
  readonly sum?: { readonly dataPoints?: readonly PbNumberDataPoint[]; readonly aggregationTemporality?: number; readonly isMonotonic?: boolean } | null;
  readonly histogram?: { readonly dataPoints?: readonly PbHistogramDataPoint[]; readonly aggregationTemporality?: number } | null;
  readonly exponentialHistogram?: { readonly dataPoints?: readonly unknown[] } | null;
  readonly summary?: { readonly dataPoints?: readonly PbSummaryDataPoint[] } | null;
}

export interface PbExportMetricsRequest {
  readonly resourceMetrics?: ReadonlyArray<{
    readonly resource?: PbResource | null;
    readonly scopeMetrics?: ReadonlyArray<{ readonly scope?: PbScope | null; readonly metrics?: readonly PbMetric[] }>;
  }>;
}

// ---- logs ----

export interface PbLogRecord {
  readonly timeUnixNano: Int64;
  readonly observedTimeUnixNano: Int64;
  readonly severityNumber?: number;
  readonly severityText?: string;
  readonly body?: PbAnyValue | null;
  readonly attributes?: readonly PbKeyValue[];
  readonly flags?: number;
  readonly traceId: Uint8Array;
  readonly spanId: Uint8Array;
  readonly eventName?: string;
}

export interface PbExportLogsRequest {
  readonly resourceLogs?: ReadonlyArray<{
    readonly resource?: PbResource | null;
    readonly scopeLogs?: ReadonlyArray<{ readonly scope?: PbScope | null; readonly logRecords?: readonly PbLogRecord[] }>;
  }>;
}

/** What a conversion produced: the batch, and how many items it refused (OTLP partial_success). */
export interface Conversion<B> {
  readonly batch: B;
  readonly accepted: number;
  readonly rejected: number;
  /** Why items were refused (the first reason of each kind), for `partial_success.error_message`. */
  readonly errors: readonly string[];
}
