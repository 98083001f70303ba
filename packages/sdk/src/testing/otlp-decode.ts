import { join } from 'node:path';
import protobuf from 'protobufjs';

/** An OTLP attribute value, as plain JSON. */
export type AttributeValue = string | number | boolean | null | AttributeValue[] | { [key: string]: AttributeValue };

/** One span as a test wants to read it: ids in hex, attributes as a plain object. */
export interface ReceivedSpan {
  readonly traceId: string;
  readonly spanId: string;
  /** Empty for a root span. */
  readonly parentSpanId: string;
  readonly name: string;
  /** OTLP SpanKind: 1 internal, 2 server, 3 client, 4 producer, 5 consumer. */
  readonly kind: number;
  readonly serviceName: string;
  readonly attributes: Readonly<Record<string, AttributeValue>>;
  readonly resource: Readonly<Record<string, AttributeValue>>;
  /** OTLP StatusCode: 0 unset, 1 ok, 2 error. */
  readonly statusCode: number;
}

/** One log record, likewise. */
export interface ReceivedLogRecord {
  readonly traceId: string;
  readonly spanId: string;
  readonly severityText: string;
  readonly body: AttributeValue;
  readonly serviceName: string;
  readonly attributes: Readonly<Record<string, AttributeValue>>;
}

/** Decoders for the two OTLP/HTTP request bodies, loaded from the real `.proto` files. */
export interface OtlpDecoder {
  decodeTraces(body: Uint8Array): ReceivedSpan[];
  decodeLogs(body: Uint8Array): ReceivedLogRecord[];
  /** An empty Export*ServiceResponse, as a collector answers a full success. */
  readonly emptyResponse: Uint8Array;
}

type Json = Record<string, unknown>;
type KeyValue = { key?: string; value?: Json };

function hex(base64: unknown): string {
  return typeof base64 === 'string' ? Buffer.from(base64, 'base64').toString('hex') : '';
}

function anyValue(v: Json | undefined): AttributeValue {
  if (!v) return null;
  if ('stringValue' in v) return v['stringValue'] as string;
  if ('boolValue' in v) return v['boolValue'] as boolean;
  if ('intValue' in v) return Number(v['intValue']);
  if ('doubleValue' in v) return v['doubleValue'] as number;
  if ('bytesValue' in v) return hex(v['bytesValue']);
  if ('arrayValue' in v) return (((v['arrayValue'] as Json)['values'] as Json[] | undefined) ?? []).map(anyValue);
  if ('kvlistValue' in v) return attributes(((v['kvlistValue'] as Json)['values'] as KeyValue[] | undefined) ?? []);
  return null;
}

function attributes(list: KeyValue[] | undefined): Record<string, AttributeValue> {
  const out: Record<string, AttributeValue> = {};
  for (const kv of list ?? []) if (kv.key !== undefined) out[kv.key] = anyValue(kv.value);
  return out;
}

/**
 * Loads the OTLP collector service protos from `protoRoot` (the folder that holds
 * `opentelemetry/proto/...`, e.g. `shared/proto`).
 */
export function createOtlpDecoder(protoRoot: string): OtlpDecoder {
  const root = new protobuf.Root();
  root.resolvePath = (_origin, target) => join(protoRoot, target);
  root.loadSync([
    'opentelemetry/proto/collector/trace/v1/trace_service.proto',
    'opentelemetry/proto/collector/logs/v1/logs_service.proto',
  ]);
  const traceRequest = root.lookupType('opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest');
  const logsRequest = root.lookupType('opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest');
  const traceResponse = root.lookupType('opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse');
  const toJson = (type: protobuf.Type, body: Uint8Array): Json =>
    type.toObject(type.decode(body), { longs: String, bytes: String, enums: Number, defaults: false }) as Json;

  return {
    decodeTraces(body) {
      const out: ReceivedSpan[] = [];
      for (const rs of (toJson(traceRequest, body)['resourceSpans'] as Json[] | undefined) ?? []) {
        const resource = attributes(((rs['resource'] as Json | undefined)?.['attributes'] as KeyValue[] | undefined) ?? []);
        for (const ss of (rs['scopeSpans'] as Json[] | undefined) ?? []) {
          for (const span of (ss['spans'] as Json[] | undefined) ?? []) {
            out.push({
              traceId: hex(span['traceId']),
              spanId: hex(span['spanId']),
              parentSpanId: hex(span['parentSpanId']),
              name: String(span['name'] ?? ''),
              kind: Number(span['kind'] ?? 0),
              serviceName: String(resource['service.name'] ?? ''),
              attributes: attributes(span['attributes'] as KeyValue[] | undefined),
              resource,
              statusCode: Number((span['status'] as Json | undefined)?.['code'] ?? 0),
            });
          }
        }
      }
      return out;
    },
    decodeLogs(body) {
      const out: ReceivedLogRecord[] = [];
      for (const rl of (toJson(logsRequest, body)['resourceLogs'] as Json[] | undefined) ?? []) {
        const resource = attributes(((rl['resource'] as Json | undefined)?.['attributes'] as KeyValue[] | undefined) ?? []);
        for (const sl of (rl['scopeLogs'] as Json[] | undefined) ?? []) {
          for (const record of (sl['logRecords'] as Json[] | undefined) ?? []) {
            out.push({
              traceId: hex(record['traceId']),
              spanId: hex(record['spanId']),
              severityText: String(record['severityText'] ?? ''),
              body: anyValue(record['body'] as Json | undefined),
              serviceName: String(resource['service.name'] ?? ''),
              attributes: attributes(record['attributes'] as KeyValue[] | undefined),
            });
          }
        }
      }
      return out;
    },
    emptyResponse: traceResponse.encode(traceResponse.create({})).finish(),
  };
}
