import { STALE_NAN, type Exemplar, type MetricBatch, type MetricMetadata, type MetricSeriesInput, type MetricType } from '../../model/metrics.js';
import { prometheusLabelName, prometheusMetricName, prometheusUnit, type OtlpMetricKind } from './metric-names.js';
import type { Conversion, PbExemplar, PbExportMetricsRequest, PbKeyValue, PbMetric, PbResource } from './otlp-types.js';
import { anyValueToString, bytesToHex, int64ToNumber, isAllZero, nanosToMillis, uint64ToNumber } from './values.js';

const AGGREGATION_TEMPORALITY_DELTA = 1;
const AGGREGATION_TEMPORALITY_CUMULATIVE = 2;
const FLAG_NO_RECORDED_VALUE = 1;

/** Resource attributes that become `job` and `instance` and so stay off `target_info`. */
const IDENTIFYING = new Set(['service.name', 'service.namespace', 'service.instance.id']);

/**
 * Attributes as Prometheus labels. Keys that normalise to the same name are joined with `;` in
 * the order of their original keys, as Prometheus' `createAttributes` does.
 */
function attributeLabels(attrs: readonly PbKeyValue[] | null | undefined, into: Record<string, string>): void {
  if (!attrs || attrs.length === 0) return;
  let collided: Map<string, Array<[string, string]>> | undefined;
  for (const kv of attrs) {
    const name = prometheusLabelName(kv.key);
    if (name === '') continue;
    const value = anyValueToString(kv.value);
    if (name in into) {
      collided ??= new Map();
      let list = collided.get(name);
      if (!list) {
        const first = attrs.find((a) => prometheusLabelName(a.key) === name)!;
        collided.set(name, (list = [[first.key, into[name]!]]));
      }
      list.push([kv.key, value]);
    } else into[name] = value;
  }
  if (collided)
    for (const [name, list] of collided)
      into[name] = list
        .sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
        .map(([, v]) => v)
        .join(';');
}

/** `job` and `instance` from the resource, as Prometheus' OTLP receiver derives them. */
function resourceTargetLabels(resource: PbResource | null | undefined): Record<string, string> {
  let name: string | undefined;
  let namespace: string | undefined;
  let instance: string | undefined;
  for (const kv of resource?.attributes ?? []) {
    if (kv.key === 'service.name') name = anyValueToString(kv.value);
    else if (kv.key === 'service.namespace') namespace = anyValueToString(kv.value);
    else if (kv.key === 'service.instance.id') instance = anyValueToString(kv.value);
  }
  const out: Record<string, string> = {};
  if (name) out['job'] = namespace ? `${namespace}/${name}` : name;
  if (instance) out['instance'] = instance;
  return out;
}

function exemplarOf(e: PbExemplar): Exemplar {
  const labels: Record<string, string> = {};
  attributeLabels(e.filteredAttributes, labels);
  if (e.traceId && e.traceId.length === 16 && !isAllZero(e.traceId)) labels['trace_id'] = bytesToHex(e.traceId);
  if (e.spanId && e.spanId.length === 8 && !isAllZero(e.spanId)) labels['span_id'] = bytesToHex(e.spanId);
  const value = e.value === 'asInt' ? int64ToNumber(e.asInt) : (e.asDouble ?? 0);
  return { labels, value, t: nanosToMillis(e.timeUnixNano) };
}

/**
 * Collects one series input per data point. Points are not grouped by label set here: the store
 * keys every input by its labels anyway, so grouping would only compute that key twice.
 */
class SeriesCollector {
  readonly series: MetricSeriesInput[] = [];
  samples = 0;

  add(labels: Record<string, string>, t: number, v: number, exemplars?: readonly Exemplar[]): void {
    this.series.push(exemplars && exemplars.length > 0 ? { labels, samples: [{ t, v }], exemplars } : { labels, samples: [{ t, v }] });
    this.samples++;
  }
}

function kindOf(m: PbMetric): { kind: OtlpMetricKind; type: MetricType } | { reject: string } | undefined {
  switch (m.data) {
    case 'gauge':
      return { kind: 'gauge', type: 'gauge' };
    case 'sum': {
      const temporality = m.sum?.aggregationTemporality ?? 0;
      if (temporality === AGGREGATION_TEMPORALITY_DELTA) return { reject: `metric ${m.name}: delta temporality is not accepted (as in Prometheus); configure the exporter for cumulative temporality` };
      if (temporality !== AGGREGATION_TEMPORALITY_CUMULATIVE) return { reject: `metric ${m.name}: sum without aggregation temporality` };
      return m.sum?.isMonotonic ? { kind: 'counter', type: 'counter' } : { kind: 'gauge', type: 'gauge' };
    }
    case 'histogram': {
      const temporality = m.histogram?.aggregationTemporality ?? 0;
      if (temporality === AGGREGATION_TEMPORALITY_DELTA) return { reject: `metric ${m.name}: delta temporality is not accepted (as in Prometheus); configure the exporter for cumulative temporality` };
      if (temporality !== AGGREGATION_TEMPORALITY_CUMULATIVE) return { reject: `metric ${m.name}: histogram without aggregation temporality` };
      return { kind: 'histogram', type: 'histogram' };
    }
    case 'exponentialHistogram':
      return { reject: `metric ${m.name}: exponential histograms become native histograms in Prometheus, which the local stack does not store; use explicit-bucket histograms` };
    case 'summary':
      return { kind: 'summary', type: 'summary' };
    default:
      return undefined;
  }
}

function pointCount(m: PbMetric): number {
  const data = m.data ? (m[m.data] as { dataPoints?: readonly unknown[] } | null | undefined) : undefined;
  return data?.dataPoints?.length ?? 0;
}

/**
 * Converts an ExportMetricsServiceRequest into Prometheus series the way Prometheus' OTLP receiver
 * does (3.x defaults): names per {@link prometheusMetricName}; `job`/`instance` from
 * `service.namespace`/`service.name`/`service.instance.id`; other resource attributes on one
 * `target_info` series per resource; cumulative monotonic sums as counters, other sums and gauges
 * as gauges, histograms as `_bucket{le}`/`_sum`/`_count` (buckets made cumulative, exemplars on
 * the bucket they fall in), summaries as `{quantile}`/`_sum`/`_count`; a point flagged "no recorded
 * value" becomes a staleness marker. Delta temporality and exponential histograms are refused
 * point by point through `partial_success`.
 */
export function convertMetrics(req: PbExportMetricsRequest): Conversion<MetricBatch> {
  const out = new SeriesCollector();
  const metadata = new Map<string, MetricMetadata>();
  let rejected = 0;
  const errors = new Set<string>();

  for (const rm of req.resourceMetrics ?? []) {
    const target = resourceTargetLabels(rm.resource);
    let latest = -Infinity;
    const withTarget = (attrs: readonly PbKeyValue[] | undefined, name: string): Record<string, string> => {
      const labels: Record<string, string> = {};
      attributeLabels(attrs, labels);
      // Resource identity wins over a same-named point attribute, as in Prometheus.
      if (target['job'] !== undefined) labels['job'] = target['job'];
      if (target['instance'] !== undefined) labels['instance'] = target['instance'];
      labels['__name__'] = name;
      return labels;
    };
    for (const sm of rm.scopeMetrics ?? []) {
      for (const m of sm.metrics ?? []) {
        const k = kindOf(m);
        if (!k) continue;
        if ('reject' in k) {
          rejected += pointCount(m);
          errors.add(k.reject);
          continue;
        }
        const name = prometheusMetricName(m.name ?? '', m.unit ?? '', k.kind);
        if (name === '') {
          rejected += pointCount(m);
          errors.add(`metric ${JSON.stringify(m.name)} has no valid Prometheus name`);
          continue;
        }
        if (!metadata.has(name)) metadata.set(name, { metric: name, type: k.type, help: m.description ?? '', unit: prometheusUnit(m.unit ?? '') });

        if (m.data === 'gauge' || m.data === 'sum') {
          for (const dp of (m.data === 'gauge' ? m.gauge : m.sum)?.dataPoints ?? []) {
            const t = nanosToMillis(dp.timeUnixNano);
            latest = Math.max(latest, t);
            const v = (dp.flags ?? 0) & FLAG_NO_RECORDED_VALUE ? STALE_NAN : dp.value === 'asInt' ? int64ToNumber(dp.asInt) : (dp.asDouble ?? 0);
            out.add(withTarget(dp.attributes, name), t, v, dp.exemplars && dp.exemplars.length > 0 ? dp.exemplars.map(exemplarOf) : undefined);
          }
        } else if (m.data === 'histogram') {
          for (const dp of m.histogram?.dataPoints ?? []) {
            const t = nanosToMillis(dp.timeUnixNano);
            latest = Math.max(latest, t);
            const stale = ((dp.flags ?? 0) & FLAG_NO_RECORDED_VALUE) !== 0;
            const bounds = dp.explicitBounds ?? [];
            const counts = dp.bucketCounts ?? [];
            const exemplars = (dp.exemplars ?? []).map(exemplarOf);
            const exemplarsFor = (lo: number, hi: number): Exemplar[] => exemplars.filter((e) => e.value > lo && e.value <= hi);
            if (dp.sum !== null && dp.sum !== undefined) out.add(withTarget(dp.attributes, `${name}_sum`), t, stale ? STALE_NAN : dp.sum);
            out.add(withTarget(dp.attributes, `${name}_count`), t, stale ? STALE_NAN : uint64ToNumber(dp.count));
            let cumulative = 0;
            let lower = -Infinity;
            for (let i = 0; i < bounds.length; i++) {
              cumulative += uint64ToNumber(counts[i]);
              const labels = withTarget(dp.attributes, `${name}_bucket`);
              labels['le'] = formatLe(bounds[i]!);
              out.add(labels, t, stale ? STALE_NAN : cumulative, exemplarsFor(lower, bounds[i]!));
              lower = bounds[i]!;
            }
            const inf = withTarget(dp.attributes, `${name}_bucket`);
            inf['le'] = '+Inf';
            out.add(inf, t, stale ? STALE_NAN : uint64ToNumber(dp.count), exemplarsFor(lower, Infinity));
          }
        } else if (m.data === 'summary') {
          for (const dp of m.summary?.dataPoints ?? []) {
            const t = nanosToMillis(dp.timeUnixNano);
            latest = Math.max(latest, t);
            const stale = ((dp.flags ?? 0) & FLAG_NO_RECORDED_VALUE) !== 0;
            out.add(withTarget(dp.attributes, `${name}_sum`), t, stale ? STALE_NAN : (dp.sum ?? 0));
            out.add(withTarget(dp.attributes, `${name}_count`), t, stale ? STALE_NAN : uint64ToNumber(dp.count));
            for (const q of dp.quantileValues ?? []) {
              const labels = withTarget(dp.attributes, name);
              labels['quantile'] = formatLe(q.quantile);
              out.add(labels, t, stale ? STALE_NAN : q.value);
            }
          }
        }
      }
    }
    addTargetInfo(out, rm.resource, target, latest);
  }

  return { batch: { series: out.series, metadata: [...metadata.values()] }, accepted: out.samples, rejected, errors: [...errors] };
}

/** `target_info`: the resource's other attributes, once per resource at its latest point's time. */
function addTargetInfo(out: SeriesCollector, resource: PbResource | null | undefined, target: Record<string, string>, latest: number): void {
  if (latest === -Infinity || (target['job'] === undefined && target['instance'] === undefined)) return;
  const others = (resource?.attributes ?? []).filter((kv) => !IDENTIFYING.has(kv.key));
  if (others.length === 0) return;
  const labels: Record<string, string> = {};
  attributeLabels(others, labels);
  Object.assign(labels, target, { __name__: 'target_info' });
  out.add(labels, latest, 1);
}

/**
 * Bucket bounds and quantiles as Prometheus' OTLP translator writes them: Go's
 * `strconv.FormatFloat(v, 'f', -1, 64)`, the shortest digits that round-trip, never an exponent.
 */
export function formatLe(v: number): string {
  if (v === Infinity) return '+Inf';
  if (v === -Infinity) return '-Inf';
  if (Number.isNaN(v)) return 'NaN';
  const s = String(v);
  const e = s.indexOf('e');
  if (e < 0) return s;
  // JS's shortest digits with an exponent: move the point by hand.
  const negative = s.startsWith('-');
  const mantissa = s.slice(negative ? 1 : 0, e);
  const exp = Number(s.slice(e + 1));
  const digits = mantissa.replace('.', '');
  const point = (mantissa.indexOf('.') < 0 ? mantissa.length : mantissa.indexOf('.')) + exp;
  let out: string;
  if (point <= 0) out = `0.${'0'.repeat(-point)}${digits}`;
  else if (point >= digits.length) out = digits + '0'.repeat(point - digits.length);
  else out = `${digits.slice(0, point)}.${digits.slice(point)}`;
  return negative ? `-${out}` : out;
}
