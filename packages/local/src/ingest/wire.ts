import snappy from 'snappyjs';
import type { MetricBatch } from '../model/metrics.js';
import { protoTypes } from './proto.js';

/**
 * Request bodies in the wire formats the receivers take, for tools that send data to a local stack
 * (a canary push in `srcobs verify`, benchmarks, tests): the same vendored protos the receivers
 * decode with, and raw-block snappy as Prometheus, Promtail and Alloy write it.
 */

/** One Loki push stream: label text as Promtail formats it (`{app="api"}`), entries with ns timestamps. */
export interface LokiPushStream {
  readonly labels: string;
  readonly entries: ReadonlyArray<{ readonly tsNs: bigint; readonly line: string; readonly metadata?: Readonly<Record<string, string>> }>;
}

/**
 * A Loki push body exactly as Promtail and Alloy's `loki.write` send it: a `logproto.PushRequest`
 * with `google.protobuf.Timestamp` entries, as one raw snappy block. Send it with
 * `Content-Type: application/x-protobuf` and no Content-Encoding.
 */
export function encodeLokiPush(streams: readonly LokiPushStream[]): Uint8Array {
  const type = protoTypes().lokiPushRequest;
  const message = type.fromObject({
    streams: streams.map((s) => ({
      labels: s.labels,
      entries: s.entries.map((e) => ({
        timestamp: { seconds: String(e.tsNs / 1_000_000_000n), nanos: Number(e.tsNs % 1_000_000_000n) },
        line: e.line,
        structuredMetadata: Object.entries(e.metadata ?? {}).map(([name, value]) => ({ name, value })),
      })),
    })),
  });
  return snappy.compress(Buffer.from(type.encode(message).finish()));
}

/**
 * A Prometheus remote write 1.0 body (`prometheus.WriteRequest`, raw snappy block) from a metric
 * batch. Send it with `Content-Type: application/x-protobuf`, `Content-Encoding: snappy` and
 * `X-Prometheus-Remote-Write-Version: 0.1.0`.
 */
export function encodeRemoteWrite(batch: MetricBatch): Uint8Array {
  const type = protoTypes().writeRequest;
  const message = type.fromObject({
    timeseries: batch.series.map((s) => ({
      labels: Object.entries(s.labels).map(([name, value]) => ({ name, value })),
      samples: s.samples.map((x) => ({ value: x.v, timestamp: String(x.t) })),
      exemplars: (s.exemplars ?? []).map((e) => ({ labels: Object.entries(e.labels).map(([name, value]) => ({ name, value })), value: e.value, timestamp: String(e.t) })),
    })),
  });
  return snappy.compress(Buffer.from(type.encode(message).finish()));
}
