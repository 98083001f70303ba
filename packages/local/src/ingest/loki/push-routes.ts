import { SrcobsError } from '@srcobs/ola';
import { UnsupportedMediaTypeError } from '../../http/errors.js';
import { contentEncoding } from '../../http/body.js';
import type { Route } from '../../http/router.js';
import type { Ingester } from '../ingester.js';
import { decodePushJson, decodePushProtobuf } from './push-decode.js';
import { PushRejectedError, validatePush } from './push-validate.js';

const RECEIVER = 'loki-push';

function countEntries(streams: ReadonlyArray<{ entries: readonly unknown[] }>): number {
  let n = 0;
  for (const s of streams) n += s.entries.length;
  return n;
}

/**
 * `POST /loki/api/v1/push`, as Loki serves it: protobuf (snappy block, what Promtail and Alloy's
 * `loki.write` send; also the default when no Content-Type is given, as in Loki) or JSON, either
 * optionally gzip/deflate-encoded; 204 when stored; 400 with the reason when labels or timestamps
 * are bad; 429 over the log ingestion rate; errors as plain text, as Loki writes them.
 */
export function lokiPushRoutes(ingester: Ingester): Route[] {
  return [
    {
      method: 'POST',
      path: '/loki/api/v1/push',
      name: '/loki/api/v1/push',
      ingest: true,
      handler: async (ctx) => {
        let items = 0;
        try {
          const type = String(ctx.req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
          const isJson = type === 'application/json';
          if (!isJson && type !== '' && type !== 'application/x-protobuf' && type !== 'application/protobuf') {
            throw new UnsupportedMediaTypeError(`Loki push takes application/x-protobuf (snappy) or application/json, not ${JSON.stringify(type)}`);
          }
          // Loki accepts "Content-Encoding: snappy" on protobuf pushes and treats it as the body format.
          const snappyEncoded = contentEncoding(ctx.req) === 'snappy';
          const body = await ctx.body({ maxBytes: ingester.limits.maxBodyBytes, decode: !snappyEncoded });
          const streams = isJson ? decodePushJson(body) : decodePushProtobuf(body, ingester.limits.maxBodyBytes);
          items = countEntries(streams);
          const batch = validatePush(streams, ingester.limits);
          await ingester.writeLogs(batch, 'push', RECEIVER);
          return { status: 204 };
        } catch (error) {
          if (error instanceof PushRejectedError) ingester.observer.rejectedItems('logs', RECEIVER, error.reason, items);
          ingester.observer.rejectedRequest(RECEIVER, error instanceof PushRejectedError ? error.reason : error instanceof SrcobsError ? error.code : 'internal');
          throw error;
        }
      },
    },
  ];
}
