import { encodeRemoteWrite, type MetricBatch } from '@srcobs/local';
import { metricBatches } from '../store-ingest/workloads.js';

/** The batches' series groups rotate, 500 series a batch (see metricBatches). */
const SERIES_PER_BATCH = 500;

/** One remote-write stream, pre-encoded, to send to each server alike. */
export interface RemoteWriteStream {
  /** Snappy-compressed WriteRequests, in the order a sender produced them. */
  readonly bodies: readonly Uint8Array[];
  readonly samples: number;
  readonly series: number;
  /** The last sample's time (ms): queries to count what was stored are evaluated there. */
  readonly endMs: number;
  /** How many requests may be in flight at once without reordering any series' samples. */
  readonly shards: number;
}

/**
 * The store-ingest benchmark's metrics (a Node service's /metrics mix), as a remote-write sender
 * would send them now: timestamps moved to end a few minutes ago, since both servers reject
 * samples far in the past, and requests assigned to shards the way Prometheus' queue manager
 * shards by series, so concurrent requests never reorder a series' samples.
 */
export function remoteWriteStream(samples: number, series: number, shards: number): RemoteWriteStream {
  const groups = series / SERIES_PER_BATCH;
  if (!Number.isInteger(groups) || groups % shards !== 0) throw new Error(`series (${series}) must be a multiple of ${SERIES_PER_BATCH * shards}`);
  const batches = metricBatches(samples, series);
  let maxT = -Infinity;
  for (const b of batches) for (const s of b.series) for (const x of s.samples) if (x.t > maxT) maxT = x.t;
  const shift = Date.now() - 5 * 60_000 - maxT;
  const moved: MetricBatch[] = batches.map((b) => ({ series: b.series.map((s) => ({ labels: s.labels, samples: s.samples.map((x) => ({ t: x.t + shift, v: x.v })) })) }));
  return { bodies: moved.map((b) => encodeRemoteWrite(b)), samples, series, endMs: maxT + shift, shards };
}
