import * as grpc from '@grpc/grpc-js';
import { SrcobsError } from '@srcobs/ola';
import { TooManyRequestsError, UnauthorizedError, describeError } from '../../http/errors.js';
import type { Admission } from '../../http/admission.js';
import { tokenMatches } from '../../http/auth.js';
import type { Ingester } from '../ingester.js';
import { protoTypes } from '../proto.js';
import { decodeOtlpRequest, encodeOtlpResponse, grpcCodeForHttpStatus, statusDetails, type OtlpSignal } from './codec.js';
import { receiveOtlp } from './receiver.js';

const RECEIVER = 'otlp-grpc';
const SERVICES: ReadonlyArray<readonly [OtlpSignal, string]> = [
  ['traces', '/opentelemetry.proto.collector.trace.v1.TraceService/Export'],
  ['metrics', '/opentelemetry.proto.collector.metrics.v1.MetricsService/Export'],
  ['logs', '/opentelemetry.proto.collector.logs.v1.LogsService/Export'],
];
const OVERLOAD_RETRY_AFTER_SECONDS = 1;

/** Options of the OTLP/gRPC receiver. */
export interface OtlpGrpcOptions {
  readonly host: string;
  /** 0 picks a free port. */
  readonly port: number;
  readonly ingester: Ingester;
  readonly admission: Admission;
  /** When set, calls need `authorization: Bearer <token>` metadata. */
  readonly token?: string;
}

/** A listening OTLP/gRPC receiver. */
export interface RunningGrpcServer {
  readonly port: number;
  /** `host:port`, the form gRPC exporters take (with `http://` for insecure). */
  readonly address: string;
  close(): Promise<void>;
}

const identity = (b: Buffer): Buffer => b;

/**
 * A failure as a gRPC status, as the OTLP spec asks: INVALID_ARGUMENT for bad data (not retried),
 * RESOURCE_EXHAUSTED or UNAVAILABLE with a `google.rpc.RetryInfo` in `grpc-status-details-bin`
 * when overloaded (retried after the delay), statuses from the same error table as HTTP.
 */
function toGrpcError(error: unknown): grpc.ServiceError {
  const info = describeError(error);
  const code = grpcCodeForHttpStatus(info.status);
  const metadata = new grpc.Metadata();
  const t = protoTypes();
  const details = statusDetails(info.status, info.message, info.retryAfterSeconds);
  metadata.set('grpc-status-details-bin', Buffer.from(t.rpcStatus.encode(t.rpcStatus.fromObject({ code, message: info.message, details })).finish()));
  return Object.assign(new Error(info.message), { code, details: info.message, metadata });
}

/**
 * Starts the OTLP/gRPC receiver (the three `Export` services) with `@grpc/grpc-js`. Messages are
 * taken as raw bytes and decoded with the same protobufjs types and converters as OTLP/HTTP, so a
 * malformed message is INVALID_ARGUMENT with a reason rather than grpc-js' generic INTERNAL.
 */
export async function startOtlpGrpcServer(options: OtlpGrpcOptions): Promise<RunningGrpcServer> {
  const server = new grpc.Server({
    'grpc.max_receive_message_length': options.ingester.limits.maxBodyBytes,
    'grpc.max_send_message_length': 4 * 1024 * 1024,
  });
  for (const [signal, path] of SERVICES) {
    const definition: grpc.ServiceDefinition = {
      Export: { path, requestStream: false, responseStream: false, requestSerialize: identity, requestDeserialize: identity, responseSerialize: identity, responseDeserialize: identity },
    };
    server.addService(definition, {
      Export: (call: grpc.ServerUnaryCall<Buffer, Buffer>, callback: grpc.sendUnaryData<Buffer>) => {
        void (async () => {
          const ticket = options.admission.tryAcquire(call.request.length);
          try {
            if (options.token !== undefined) {
              const header = String(call.metadata.get('authorization')[0] ?? '');
              const given = /^Bearer\s+(\S+)$/i.exec(header)?.[1];
              if (!tokenMatches(options.token, given)) throw new UnauthorizedError();
            }
            if (!ticket) throw new TooManyRequestsError('too many ingest requests in flight: retry after the delay in RetryInfo', OVERLOAD_RETRY_AFTER_SECONDS);
            const request = decodeOtlpRequest(signal, 'protobuf', call.request);
            const outcome = await receiveOtlp(options.ingester, signal, request, RECEIVER);
            callback(null, Buffer.from(encodeOtlpResponse(signal, 'protobuf', outcome.rejected, outcome.errorMessage)));
          } catch (error) {
            options.ingester.observer.rejectedRequest(RECEIVER, error instanceof SrcobsError ? error.code : 'internal');
            callback(toGrpcError(error));
          } finally {
            ticket?.release();
          }
        })();
      },
    });
  }
  const host = options.host.includes(':') ? `[${options.host}]` : options.host;
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync(`${host}:${options.port}`, grpc.ServerCredentials.createInsecure(), (err, bound) => (err ? reject(err) : resolve(bound))),
  );
  let closing: Promise<void> | undefined;
  return {
    port,
    address: `${host}:${port}`,
    close() {
      closing ??= new Promise<void>((resolve) => {
        const timer = setTimeout(() => server.forceShutdown(), 5_000);
        server.tryShutdown(() => {
          clearTimeout(timer);
          resolve();
        });
      });
      return closing;
    },
  };
}
