import type Long from 'long';
import { BadRequestError } from '../../http/errors.js';
import type { Exemplar, MetricBatch, MetricMetadata, MetricSeriesInput, MetricType, Sample } from '../../model/metrics.js';
import type { IngestLimits } from '../limits.js';
import { protoTypes } from '../proto.js';
import { snappyDecode } from '../snappy.js';
import { describeTimestampProblem, metricLabelsProblem, timeWindow, timestampProblem } from '../validate.js';

interface PbLabel {
  readonly name?: string;
  readonly value?: string;
}

interface PbWriteRequest {
  readonly timeseries?: ReadonlyArray<{
    readonly labels?: readonly PbLabel[];
    readonly samples?: ReadonlyArray<{ readonly value?: number; readonly timestamp?: Long | number }>;
    readonly exemplars?: ReadonlyArray<{ readonly labels?: readonly PbLabel[]; readonly value?: number; readonly timestamp?: Long | number }>;
  }>;
  readonly metadata?: ReadonlyArray<{ readonly type?: number; readonly metricFamilyName?: string; readonly help?: string; readonly unit?: string }>;
}

/** `prometheus.MetricMetadata.MetricType` numbers to the model's names. */
const METRIC_TYPES: readonly MetricType[] = ['unknown', 'counter', 'gauge', 'histogram', 'gaugehistogram', 'summary', 'info', 'stateset'];

/** A remote-write batch refused as a whole (400), with its counting reason. */
export class RemoteWriteRejectedError extends BadRequestError {
  constructor(
    readonly reason: string,
    message: string,
  ) {
    super(message);
  }
}

function millis(v: Long | number | undefined): number {
  if (v === undefined) return 0;
  if (typeof v === 'number') return v;
  return v.high * 4294967296 + (v.low >>> 0);
}

function labelsOf(list: readonly PbLabel[] | undefined, what: string): Record<string, string> {
  const out: Record<string, string> = {};
  const seen = new Set<string>();
  for (const l of list ?? []) {
    const name = l.name ?? '';
    if (seen.has(name)) throw new RemoteWriteRejectedError('invalid_labels', `${what}: duplicate label name ${JSON.stringify(name)}; nothing of this request was written`);
    seen.add(name);
    // An empty value is the same as an absent label (Prometheus' data model).
    if ((l.value ?? '') !== '') out[name] = l.value!;
  }
  return out;
}

/**
 * Decodes and validates a Prometheus remote write 1.0 body (snappy block of a
 * `prometheus.WriteRequest`) into a metric batch. As Prometheus' own receiver: invalid metric or
 * label names and duplicate label names refuse the whole request (400); samples are taken in any
 * label order; exemplars and metadata are kept. Timestamps outside the accepted window refuse the
 * request too, so a refused request writes nothing.
 */
export function decodeRemoteWrite(body: Uint8Array, limits: IngestLimits, nowMs: number = Date.now()): { batch: MetricBatch; samples: number } {
  const raw = snappyDecode(body, limits.maxBodyBytes);
  let req: PbWriteRequest;
  try {
    req = protoTypes().writeRequest.decode(raw) as unknown as PbWriteRequest;
  } catch (cause) {
    throw new BadRequestError(`cannot decode the remote write protobuf (prometheus.WriteRequest): ${(cause as Error).message}`, { cause });
  }
  const window = timeWindow(limits, nowMs);
  const series: MetricSeriesInput[] = [];
  let count = 0;
  for (const ts of req.timeseries ?? []) {
    const labels = labelsOf(ts.labels, 'a series');
    const problem = metricLabelsProblem(labels);
    if (problem) throw new RemoteWriteRejectedError('invalid_labels', `${problem}; nothing of this request was written`);
    const samples: Sample[] = [];
    for (const s of ts.samples ?? []) {
      const t = millis(s.timestamp);
      const p = timestampProblem(t, window);
      if (p) throw new RemoteWriteRejectedError(p, `${labels['__name__']}: ${describeTimestampProblem(p, t, limits)}; nothing of this request was written`);
      samples.push({ t, v: s.value ?? 0 });
    }
    const exemplars: Exemplar[] = (ts.exemplars ?? []).map((e) => ({ labels: labelsOf(e.labels, `an exemplar of ${labels['__name__']}`), value: e.value ?? 0, t: millis(e.timestamp) }));
    count += samples.length;
    if (samples.length > 0 || exemplars.length > 0) series.push(exemplars.length > 0 ? { labels, samples, exemplars } : { labels, samples });
  }
  const metadata: MetricMetadata[] = (req.metadata ?? [])
    .filter((m) => (m.metricFamilyName ?? '') !== '')
    .map((m) => ({ metric: m.metricFamilyName!, type: METRIC_TYPES[m.type ?? 0] ?? 'unknown', help: m.help ?? '', unit: m.unit ?? '' }));
  return { batch: metadata.length > 0 ? { series, metadata } : { series }, samples: count };
}
