import { SrcobsError } from '@srcobs/ola';
import type { ErrorFormatter, Route } from '../../http/router.js';
import type { Ingester } from '../ingester.js';
import { OTLP_CONTENT_TYPES, decodeOtlpRequest, encodeOtlpResponse, encodeRpcStatus, otlpEncodingOf, type OtlpEncoding, type OtlpSignal } from './codec.js';
import { receiveOtlp } from './receiver.js';

const RECEIVER = 'otlp-http';

function encodingForError(contentType: string | undefined): OtlpEncoding {
  try {
    return otlpEncodingOf(contentType);
  } catch {
    // The request's own type is not OTLP (415): answer in JSON, which any client can read.
    return 'json';
  }
}

/**
 * OTLP failures: a `google.rpc.Status` in the request's encoding (the spec: "the same
 * Content-Type in the response as it received in the request"), with RetryInfo on 429/503 and
 * BadRequest on 400; the status code and Retry-After come from the one error table.
 */
export const otlpErrorFormatter: ErrorFormatter = (info, ctx) => {
  const encoding = encodingForError(ctx.req.headers['content-type']);
  return { status: info.status, headers: { 'content-type': OTLP_CONTENT_TYPES[encoding] }, body: encodeRpcStatus(encoding, info.status, info.message, info.retryAfterSeconds) };
};

function route(ingester: Ingester, path: string, signal: OtlpSignal): Route {
  return {
    method: 'POST',
    path,
    name: path,
    ingest: true,
    formatError: otlpErrorFormatter,
    handler: async (ctx) => {
      try {
        const encoding = otlpEncodingOf(ctx.req.headers['content-type']);
        const body = await ctx.body({ maxBytes: ingester.limits.maxBodyBytes });
        const request = decodeOtlpRequest(signal, encoding, body);
        const outcome = await receiveOtlp(ingester, signal, request, RECEIVER);
        return {
          status: 200,
          headers: { 'content-type': OTLP_CONTENT_TYPES[encoding] },
          body: encodeOtlpResponse(signal, encoding, outcome.rejected, outcome.errorMessage),
        };
      } catch (error) {
        ingester.observer.rejectedRequest(RECEIVER, error instanceof SrcobsError ? error.code : 'internal');
        throw error;
      }
    },
  };
}

/**
 * The OTLP/HTTP routes: `POST /v1/traces`, `/v1/metrics`, `/v1/logs` (on 4318, and on 3300 beside
 * the other APIs), plus Loki's `POST /otlp/v1/logs` when `withLokiPath` is set.
 */
export function otlpHttpRoutes(ingester: Ingester, options: { readonly withLokiPath?: boolean } = {}): Route[] {
  const routes = [route(ingester, '/v1/traces', 'traces'), route(ingester, '/v1/metrics', 'metrics'), route(ingester, '/v1/logs', 'logs')];
  if (options.withLokiPath) routes.push(route(ingester, '/otlp/v1/logs', 'logs'));
  return routes;
}
