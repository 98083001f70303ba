import snappy from 'snappyjs';
import { protoTypes } from '../ingest/proto.js';

/** One stream as a test writes it: label text as Promtail formats it, entries with ns timestamps. */
export interface PushStream {
  readonly labels: string;
  readonly entries: ReadonlyArray<{ readonly tsNs: bigint; readonly line: string; readonly metadata?: Readonly<Record<string, string>> }>;
}

/**
 * A Loki push body exactly as Promtail and Alloy's `loki.write` send it: a `logproto.PushRequest`
 * (from the vendored `push.proto`) with `google.protobuf.Timestamp` entries, compressed as one raw
 * snappy block, to be sent with `Content-Type: application/x-protobuf` and no Content-Encoding.
 */
export function encodePushProtobuf(streams: readonly PushStream[]): Uint8Array {
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

/** The same push in Loki's JSON form. */
export function encodePushJson(streams: ReadonlyArray<{ readonly stream: Readonly<Record<string, string>>; readonly values: ReadonlyArray<readonly [bigint, string, Readonly<Record<string, string>>?]> }>): string {
  return JSON.stringify({
    streams: streams.map((s) => ({ stream: s.stream, values: s.values.map(([ts, line, md]) => (md ? [String(ts), line, md] : [String(ts), line])) })),
  });
}
