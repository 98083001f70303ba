import protobuf from 'protobufjs';
import { protoTypes } from '../../../ingest/proto.js';
import type { OtlpJsonResourceSpans } from './trace-otlp.js';

/**
 * Tempo's `tempopb.Trace` (`repeated ResourceSpans resourceSpans = 1`) in protobuf: the body of
 * `/api/traces/<id>` when the client accepts `application/protobuf`, as Grafana's Tempo data source
 * asks. It is wire-identical to OTLP's `TracesData` and `ExportTraceServiceRequest`, so the
 * vendored OTLP schema encodes it (from the same JSON form the JSON answer uses).
 */
export function encodeTraceProto(batches: readonly OtlpJsonResourceSpans[]): Uint8Array {
  const type = protoTypes().exportTraceRequest;
  return type.encode(type.fromObject({ resourceSpans: batches })).finish();
}

/**
 * Tempo's `TraceByIDResponse` (`Trace trace = 1; ... PartialStatus status = 3`) in protobuf: the
 * `/api/v2/traces/<id>` body. The status is COMPLETE, proto3's default, so it is not written.
 */
export function encodeTraceByIdResponseProto(batches: readonly OtlpJsonResourceSpans[]): Uint8Array {
  const trace = encodeTraceProto(batches);
  const w = protobuf.Writer.create();
  w.uint32((1 << 3) | 2).bytes(trace);
  return w.finish();
}
