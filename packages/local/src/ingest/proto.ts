import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import protobuf from 'protobufjs';

/** The vendored `.proto` files (see `proto/README.md`), beside `dist/` and `src/`. */
export const PROTO_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', 'proto');

const FILES = [
  'opentelemetry/proto/collector/trace/v1/trace_service.proto',
  'opentelemetry/proto/collector/metrics/v1/metrics_service.proto',
  'opentelemetry/proto/collector/logs/v1/logs_service.proto',
  'loki/push.proto',
  'prometheus/remote.proto',
  'google/rpc/status.proto',
];

/** The message types the receivers decode and encode. */
export interface ProtoTypes {
  readonly exportTraceRequest: protobuf.Type;
  readonly exportTraceResponse: protobuf.Type;
  readonly exportMetricsRequest: protobuf.Type;
  readonly exportMetricsResponse: protobuf.Type;
  readonly exportLogsRequest: protobuf.Type;
  readonly exportLogsResponse: protobuf.Type;
  readonly lokiPushRequest: protobuf.Type;
  readonly writeRequest: protobuf.Type;
  readonly rpcStatus: protobuf.Type;
  readonly retryInfo: protobuf.Type;
  readonly badRequest: protobuf.Type;
}

let cached: ProtoTypes | undefined;

/**
 * Loads the vendored protos once per process. protobufjs generates a decoder per type with
 * `new Function` on first use, so reflection costs nothing after warm-up and no generated code
 * has to be kept in sync with the `.proto` files. 64-bit integers decode to `Long` (protobufjs
 * picks up the `long` package), which the converters turn into exact bigints.
 */
export function protoTypes(): ProtoTypes {
  if (cached) return cached;
  const root = new protobuf.Root();
  root.resolvePath = (_origin, target) => resolve(PROTO_DIR, target);
  root.loadSync(FILES, { keepCase: false });
  root.resolveAll();
  const t = (name: string): protobuf.Type => root.lookupType(name);
  cached = {
    exportTraceRequest: t('opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest'),
    exportTraceResponse: t('opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse'),
    exportMetricsRequest: t('opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest'),
    exportMetricsResponse: t('opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceResponse'),
    exportLogsRequest: t('opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest'),
    exportLogsResponse: t('opentelemetry.proto.collector.logs.v1.ExportLogsServiceResponse'),
    lokiPushRequest: t('logproto.PushRequest'),
    writeRequest: t('prometheus.WriteRequest'),
    rpcStatus: t('google.rpc.Status'),
    retryInfo: t('google.rpc.RetryInfo'),
    badRequest: t('google.rpc.BadRequest'),
  };
  return cached;
}
