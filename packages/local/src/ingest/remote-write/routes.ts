import { SrcobsError } from '@srcobs/ola';
import { UnsupportedMediaTypeError } from '../../http/errors.js';
import { contentEncoding } from '../../http/body.js';
import type { Route } from '../../http/router.js';
import type { Ingester } from '../ingester.js';
import { RemoteWriteRejectedError, decodeRemoteWrite } from './decode.js';

const RECEIVER = 'remote-write';

/**
 * `POST /api/v1/write`: Prometheus remote write 1.0 (`Content-Type: application/x-protobuf`,
 * `Content-Encoding: snappy`, `X-Prometheus-Remote-Write-Version: 0.1.0`), as Prometheus' own
 * receiver answers it: 204 once stored, 400 for bad data (the sender drops it), 415 for remote
 * write 2.0 or another encoding, 429/503 with Retry-After when overloaded (the sender retries).
 */
export function remoteWriteRoutes(ingester: Ingester): Route[] {
  return [
    {
      method: 'POST',
      path: '/api/v1/write',
      name: '/api/v1/write',
      ingest: true,
      handler: async (ctx) => {
        try {
          const type = String(ctx.req.headers['content-type'] ?? '').toLowerCase();
          const mime = type.split(';')[0]!.trim();
          if (mime !== '' && mime !== 'application/x-protobuf') throw new UnsupportedMediaTypeError(`remote write takes Content-Type application/x-protobuf, not ${JSON.stringify(mime)}`);
          if (/proto=io\.prometheus\.write\.v2\.request/.test(type)) {
            throw new UnsupportedMediaTypeError('remote write 2.0 is not supported: configure the sender for remote write 1.0 (protobuf_message: prometheus.WriteRequest)');
          }
          const encoding = contentEncoding(ctx.req);
          if (encoding !== '' && encoding !== 'snappy') throw new UnsupportedMediaTypeError(`remote write bodies are snappy-compressed, not ${JSON.stringify(encoding)}`);
          const body = await ctx.body({ maxBytes: ingester.limits.maxBodyBytes, decode: false });
          const { batch } = decodeRemoteWrite(body, ingester.limits);
          await ingester.writeMetrics(batch, RECEIVER);
          return { status: 204 };
        } catch (error) {
          ingester.observer.rejectedRequest(RECEIVER, error instanceof RemoteWriteRejectedError ? error.reason : error instanceof SrcobsError ? error.code : 'internal');
          throw error;
        }
      },
    },
  ];
}
