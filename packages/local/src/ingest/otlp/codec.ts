import type protobuf from 'protobufjs';
import { BadRequestError, UnsupportedMediaTypeError } from '../../http/errors.js';
import { protoTypes } from '../proto.js';
import type { PbExportLogsRequest, PbExportMetricsRequest, PbExportTraceRequest } from './otlp-types.js';

/** The three OTLP signals. */
export type OtlpSignal = 'traces' | 'metrics' | 'logs';

/** The two OTLP/HTTP payload encodings. */
export type OtlpEncoding = 'protobuf' | 'json';

/** The decoded request of each signal. */
export interface OtlpRequests {
  traces: PbExportTraceRequest;
  metrics: PbExportMetricsRequest;
  logs: PbExportLogsRequest;
}

/** Content types of each encoding (the first is what responses carry). */
export const OTLP_CONTENT_TYPES: Readonly<Record<OtlpEncoding, string>> = { protobuf: 'application/x-protobuf', json: 'application/json' };

/** The encoding a Content-Type header names, or UnsupportedMediaTypeError (415). */
export function otlpEncodingOf(contentType: string | undefined): OtlpEncoding {
  const mime = (contentType ?? '').split(';')[0]!.trim().toLowerCase();
  if (mime === 'application/x-protobuf' || mime === 'application/protobuf') return 'protobuf';
  if (mime === 'application/json') return 'json';
  throw new UnsupportedMediaTypeError(
    `OTLP/HTTP takes Content-Type application/x-protobuf or application/json, not ${JSON.stringify(contentType ?? '')}: set the exporter's protocol to http/protobuf or http/json`,
  );
}

function requestType(signal: OtlpSignal): protobuf.Type {
  const t = protoTypes();
  return signal === 'traces' ? t.exportTraceRequest : signal === 'metrics' ? t.exportMetricsRequest : t.exportLogsRequest;
}

function responseType(signal: OtlpSignal): protobuf.Type {
  const t = protoTypes();
  return signal === 'traces' ? t.exportTraceResponse : signal === 'metrics' ? t.exportMetricsResponse : t.exportLogsResponse;
}

const REJECTED_FIELD: Readonly<Record<OtlpSignal, string>> = { traces: 'rejectedSpans', metrics: 'rejectedDataPoints', logs: 'rejectedLogRecords' };

// ---- OTLP/JSON ids ----

const HEX_RE = /^[0-9a-fA-F]*$/;

function hexField(obj: Record<string, unknown>, field: string, bytes: number, where: string): void {
  const v = obj[field];
  if (v === undefined || v === null) return;
  if (typeof v !== 'string' || (v.length !== 0 && v.length !== bytes * 2) || !HEX_RE.test(v)) {
    throw new BadRequestError(`${where}.${field} must be ${bytes * 2} hex digits (OTLP/JSON encodes ids in hex, not base64), got ${JSON.stringify(v).slice(0, 80)}`);
  }
  obj[field] = Buffer.from(v, 'hex');
}

function* objects(list: unknown): Generator<Record<string, unknown>> {
  if (!Array.isArray(list)) return;
  for (const item of list) if (typeof item === 'object' && item !== null) yield item as Record<string, unknown>;
}

/**
 * OTLP/JSON differs from the proto3 JSON mapping in one way that matters here: trace and span ids
 * are hex, not base64. protobufjs' `fromObject` would read them as base64, so they are turned into
 * bytes first, in place, at exactly the fields the spec names.
 */
function hexIdsToBytes(signal: OtlpSignal, root: Record<string, unknown>): void {
  if (signal === 'traces') {
    for (const rs of objects(root['resourceSpans']))
      for (const ss of objects(rs['scopeSpans']))
        for (const span of objects(ss['spans'])) {
          hexField(span, 'traceId', 16, 'span');
          hexField(span, 'spanId', 8, 'span');
          hexField(span, 'parentSpanId', 8, 'span');
          for (const link of objects(span['links'])) {
            hexField(link, 'traceId', 16, 'span.links[]');
            hexField(link, 'spanId', 8, 'span.links[]');
          }
        }
  } else if (signal === 'logs') {
    for (const rl of objects(root['resourceLogs']))
      for (const sl of objects(rl['scopeLogs']))
        for (const rec of objects(sl['logRecords'])) {
          hexField(rec, 'traceId', 16, 'logRecord');
          hexField(rec, 'spanId', 8, 'logRecord');
        }
  } else {
    for (const rm of objects(root['resourceMetrics']))
      for (const sm of objects(rm['scopeMetrics']))
        for (const metric of objects(sm['metrics']))
          for (const kind of ['gauge', 'sum', 'histogram', 'exponentialHistogram', 'summary'])
            for (const data of objects([metric[kind]]))
              for (const dp of objects(data['dataPoints']))
                for (const ex of objects(dp['exemplars'])) {
                  hexField(ex, 'traceId', 16, 'exemplar');
                  hexField(ex, 'spanId', 8, 'exemplar');
                }
  }
}

const STRICT_UTF8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Decodes an OTLP/HTTP body. Anything that is not a valid message (truncated protobuf, invalid
 * UTF-8, JSON of the wrong shape, ids that are not hex) is a BadRequestError: the OTLP spec's
 * "400 Bad Request, do not retry".
 */
export function decodeOtlpRequest<S extends OtlpSignal>(signal: S, encoding: OtlpEncoding, body: Uint8Array): OtlpRequests[S] {
  const type = requestType(signal);
  if (encoding === 'protobuf') {
    try {
      return type.decode(body) as unknown as OtlpRequests[S];
    } catch (cause) {
      throw new BadRequestError(`cannot decode the OTLP ${signal} protobuf body: ${(cause as Error).message}`, { cause });
    }
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(STRICT_UTF8.decode(body));
  } catch (cause) {
    throw new BadRequestError(`the OTLP ${signal} JSON body is not valid UTF-8 JSON: ${(cause as Error).message}`, { cause });
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new BadRequestError(`the OTLP ${signal} JSON body must be an object (an Export${signal === 'traces' ? 'Trace' : signal === 'metrics' ? 'Metrics' : 'Logs'}ServiceRequest)`);
  }
  hexIdsToBytes(signal, parsed as Record<string, unknown>);
  try {
    return type.fromObject(parsed as Record<string, unknown>) as unknown as OtlpRequests[S];
  } catch (cause) {
    throw new BadRequestError(`the OTLP ${signal} JSON body does not have the OTLP shape: ${(cause as Error).message}`, { cause });
  }
}

/**
 * Encodes an OTLP/JSON-shaped request (camelCase fields, hex ids, 64-bit integers as strings) as
 * OTLP protobuf: for tools and benchmarks that send to the receivers. Throws BadRequestError for
 * what the receiver would refuse.
 */
export function encodeOtlpRequest(signal: OtlpSignal, json: Record<string, unknown>): Uint8Array {
  const copy = JSON.parse(JSON.stringify(json)) as Record<string, unknown>;
  hexIdsToBytes(signal, copy);
  const type = requestType(signal);
  return type.encode(type.fromObject(copy)).finish();
}

/** The Export*ServiceResponse body: empty on full success, `partial_success` when items were refused. */
export function encodeOtlpResponse(signal: OtlpSignal, encoding: OtlpEncoding, rejected: number, errorMessage: string): Uint8Array {
  const partial = rejected > 0 || errorMessage !== '' ? { [REJECTED_FIELD[signal]]: rejected, errorMessage } : undefined;
  if (encoding === 'json') {
    // proto3 JSON writes int64 as a decimal string.
    return Buffer.from(JSON.stringify(partial ? { partialSuccess: { ...partial, [REJECTED_FIELD[signal]]: String(rejected) } } : {}));
  }
  const type = responseType(signal);
  return type.encode(type.fromObject(partial ? { partialSuccess: partial } : {})).finish();
}

/** gRPC codes that `google.rpc.Status.code` uses, by HTTP status (OTLP lets servers omit it; clients only log it). */
export function grpcCodeForHttpStatus(status: number): number {
  if (status === 400 || status === 415) return 3; // INVALID_ARGUMENT
  if (status === 401) return 16; // UNAUTHENTICATED
  if (status === 404) return 5; // NOT_FOUND
  if (status === 413 || status === 429 || status === 507) return 8; // RESOURCE_EXHAUSTED
  if (status === 503) return 14; // UNAVAILABLE
  return 13; // INTERNAL
}

/** The `google.rpc.Status` an OTLP failure answer carries, with RetryInfo or BadRequest details. */
export function encodeRpcStatus(encoding: OtlpEncoding, status: number, message: string, retryAfterSeconds?: number): Uint8Array {
  const t = protoTypes();
  const code = grpcCodeForHttpStatus(status);
  if (encoding === 'json') {
    const details: unknown[] = [];
    if (retryAfterSeconds !== undefined) details.push({ '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: `${retryAfterSeconds}s` });
    else if (status === 400) details.push({ '@type': 'type.googleapis.com/google.rpc.BadRequest', fieldViolations: [{ field: '', description: message }] });
    return Buffer.from(JSON.stringify({ code, message, details }));
  }
  return t.rpcStatus.encode(t.rpcStatus.fromObject({ code, message, details: statusDetails(status, message, retryAfterSeconds) })).finish();
}

/**
 * `google.protobuf.Any` details for a status: RetryInfo when retryable, BadRequest for 400.
 * (protobufjs' bundled `Any` keeps the proto field name `type_url`.)
 */
export function statusDetails(status: number, message: string, retryAfterSeconds?: number): Array<{ type_url: string; value: Uint8Array }> {
  const t = protoTypes();
  if (retryAfterSeconds !== undefined) {
    const value = t.retryInfo.encode(t.retryInfo.fromObject({ retryDelay: { seconds: retryAfterSeconds, nanos: 0 } })).finish();
    return [{ type_url: 'type.googleapis.com/google.rpc.RetryInfo', value }];
  }
  if (status === 400) {
    const value = t.badRequest.encode(t.badRequest.fromObject({ fieldViolations: [{ field: '', description: message }] })).finish();
    return [{ type_url: 'type.googleapis.com/google.rpc.BadRequest', value }];
  }
  return [];
}
