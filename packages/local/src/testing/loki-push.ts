import { encodeLokiPush, type LokiPushStream } from '../ingest/wire.js';

/** One stream as a test writes it. */
export type PushStream = LokiPushStream;

/** A Loki push body exactly as Promtail and Alloy send it (see {@link encodeLokiPush}). */
export const encodePushProtobuf = encodeLokiPush;

/** The same push in Loki's JSON form. */
export function encodePushJson(streams: ReadonlyArray<{ readonly stream: Readonly<Record<string, string>>; readonly values: ReadonlyArray<readonly [bigint, string, Readonly<Record<string, string>>?]> }>): string {
  return JSON.stringify({
    streams: streams.map((s) => ({ stream: s.stream, values: s.values.map(([ts, line, md]) => (md ? [String(ts), line, md] : [String(ts), line])) })),
  });
}
