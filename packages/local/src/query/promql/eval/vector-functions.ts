import { labelsKey, type Labels } from '../../../model/labels.js';
import type { Expr } from '../syntax/ast.js';
import { scalarArg, vector, vectorArg, warnOnBadQuantile, type FunctionImpl } from './function-helpers.js';
import { bucketQuantile, type Bucket } from './histogram-quantile.js';
import { compareLabels, dropMetricName, removeLabels } from './label-ops.js';
import { mergeSameLabels } from './series-merge.js';
import { stepTime, type MatrixValue, type StepSeries } from './values.js';
import { forEachWindow } from './windows.js';

/**
 * The labels `absent()` and `absent_over_time()` give their 1: the equality matchers of a plain
 * selector argument, except `__name__` and any label matched more than once (Prometheus
 * `createLabelsForAbsentFunction`).
 */
function absentLabels(arg: Expr | undefined): Labels {
  const vs = arg?.kind === 'vectorSelector' ? arg : arg?.kind === 'matrixSelector' ? arg.selector : undefined;
  if (!vs) return {};
  const out: Record<string, string> = {};
  const seen = new Set<string>();
  for (const m of vs.matchers) {
    if (m.name === '__name__') continue;
    if (m.op === '=' && !seen.has(m.name)) {
      if (m.value !== '') out[m.name] = m.value;
      seen.add(m.name);
    } else delete out[m.name];
  }
  return out;
}

/** `absent(v)`: 1 at the steps where `v` has no sample. */
export const absent: FunctionImpl = (f) => {
  const present = new Uint8Array(f.range.steps);
  for (const s of vectorArg(f, 0).series) for (const i of s.steps) present[i] = 1;
  const steps: number[] = [];
  for (let i = 0; i < f.range.steps; i++) if (!present[i]) steps.push(i);
  return vector(steps.length ? [{ labels: absentLabels(f.call.args[0]), steps, values: steps.map(() => 1) }] : []);
};

/** `absent_over_time(m)`: 1 at the steps where no series has a sample in the window. */
export const absentOverTime: FunctionImpl = (f) => {
  const m = f.args[0] as MatrixValue;
  const present = new Uint8Array(f.range.steps);
  for (const s of m.series) forEachWindow(m, s, f.range, (i, w) => (w.hi > w.lo ? (present[i] = 1) : 0));
  const steps: number[] = [];
  for (let i = 0; i < f.range.steps; i++) if (!present[i]) steps.push(i);
  return vector(steps.length ? [{ labels: absentLabels(f.call.args[0]), steps, values: steps.map(() => 1) }] : []);
};

/** `scalar(v)`: the value of a single-sample vector, NaN otherwise, per step. */
export const scalarFn: FunctionImpl = (f) => {
  const counts = new Uint32Array(f.range.steps);
  const values = new Float64Array(f.range.steps).fill(NaN);
  for (const s of vectorArg(f, 0).series) {
    for (let k = 0; k < s.steps.length; k++) {
      const i = s.steps[k]!;
      counts[i]!++;
      values[i] = counts[i] === 1 ? s.values[k]! : NaN;
    }
  }
  return { type: 'scalar', values };
};

/** `vector(s)`: a scalar as a one-series vector without labels. */
export const vectorFn: FunctionImpl = (f) => {
  const values = scalarArg(f, 0);
  const steps = Array.from({ length: f.range.steps }, (_, i) => i);
  return vector([{ labels: {}, steps, values: Array.from(values) }]);
};

/** `timestamp(v)`: the sample's own time for a plain selector (Prometheus 3), else the step time. */
export const timestampFn: FunctionImpl = (f) => {
  const out: StepSeries[] = vectorArg(f, 0).series.map((s) => ({
    labels: dropMetricName(s.labels),
    sourceName: s.labels['__name__'] ?? '',
    steps: s.steps,
    values: s.steps.map((i, k) => (s.sampleTimes ? s.sampleTimes[k]! : stepTime(f.range, i)) / 1000),
  }));
  return vector(mergeSameLabels(out));
};

/** Ascending (`sort`) or descending (`sort_desc`) by value, NaN last; only an instant query has an order to change. */
export function sortByValue(desc: boolean): FunctionImpl {
  return (f) => {
    const input = vectorArg(f, 0).series;
    if (f.range.steps !== 1) return vector(input);
    const key = (s: StepSeries): number => s.values[0]!;
    return vector(
      [...input].sort((a, b) => {
        const x = key(a);
        const y = key(b);
        if (Number.isNaN(x) || Number.isNaN(y)) return Number.isNaN(x) ? (Number.isNaN(y) ? 0 : 1) : -1;
        return desc ? y - x : x - y;
      }),
    );
  };
}

/** Natural order of label values (digit runs compare as numbers), as Prometheus' `sort_by_label`. */
function naturalCompare(a: string, b: string): number {
  const re = /(\d+|\D+)/g;
  const pa = a.match(re) ?? [];
  const pb = b.match(re) ?? [];
  for (let i = 0; i < Math.min(pa.length, pb.length); i++) {
    const x = pa[i]!;
    const y = pb[i]!;
    if (x === y) continue;
    const nx = /^\d/.test(x) && /^\d/.test(y);
    if (nx && Number(x) !== Number(y)) return Number(x) - Number(y);
    return x < y ? -1 : 1;
  }
  return pa.length - pb.length;
}

/** `sort_by_label` and `sort_by_label_desc` (experimental): natural order of the listed labels' values. */
export function sortByLabel(desc: boolean): FunctionImpl {
  return (f) => {
    const names = f.args.slice(1).map((a) => (a.type === 'string' ? a.value : ''));
    const sorted = [...vectorArg(f, 0).series].sort((a, b) => {
      for (const n of names) {
        const c = naturalCompare(a.labels[n] ?? '', b.labels[n] ?? '');
        if (c !== 0) return desc ? -c : c;
      }
      const c = compareLabels(a.labels, b.labels);
      return desc ? -c : c;
    });
    return vector(sorted);
  };
}

/** `histogram_quantile(q, buckets)` over classic `le` buckets, grouped by all other labels. */
export const histogramQuantile: FunctionImpl = (f) => {
  const q = scalarArg(f, 0);
  const input = vectorArg(f, 1).series;
  const pos = f.call.args[1]!.pos;
  warnOnBadQuantile(f, q);
  const groupOf = new Map<string, number>();
  const groups: Array<{ labels: Labels; name: string; series: Array<{ s: StepSeries; le: number; k: number }> }> = [];
  for (const s of input) {
    const leText = s.labels['le'] ?? '';
    const le = leText.trim() === '' ? NaN : Number(leText.replace(/^\+?inf$/i, 'Infinity').replace(/^-inf$/i, '-Infinity'));
    if (Number.isNaN(le) && !/^nan$/i.test(leText)) {
      f.ctx.annotations.warn(`bucket label "le" is missing or has a malformed value of ${JSON.stringify(leText)} for metric name ${JSON.stringify(s.labels['__name__'] ?? '')}`, pos);
      continue;
    }
    const rest = removeLabels(s.labels, ['le']);
    const key = labelsKey(rest);
    let g = groupOf.get(key);
    if (g === undefined) {
      g = groups.length;
      groupOf.set(key, g);
      groups.push({ labels: dropMetricName(rest), name: s.labels['__name__'] ?? '', series: [] });
    }
    groups[g]!.series.push({ s, le, k: 0 });
  }
  const out: StepSeries[] = [];
  for (const g of groups) {
    const steps: number[] = [];
    const values: number[] = [];
    let forced = false;
    for (let i = 0; i < f.range.steps; i++) {
      const buckets: Bucket[] = [];
      for (const m of g.series) {
        while (m.k < m.s.steps.length && m.s.steps[m.k]! < i) m.k++;
        if (m.s.steps[m.k] === i) buckets.push({ upperBound: m.le, count: m.s.values[m.k]! });
      }
      if (buckets.length === 0) continue;
      const r = bucketQuantile(q[i]!, buckets);
      forced ||= r.forcedMonotonic;
      steps.push(i);
      values.push(r.value);
    }
    if (forced) {
      f.ctx.annotations.info(
        `input to histogram_quantile needed to be fixed for monotonicity (see https://prometheus.io/docs/prometheus/latest/querying/functions/#histogram_quantile) for metric name ${JSON.stringify(g.name)}`,
        pos,
      );
    }
    if (steps.length) out.push({ labels: g.labels, steps, values });
  }
  return vector(mergeSameLabels(out));
};

/** Native-histogram functions: this store holds float samples only, which they ignore. */
export const nativeHistogramOnly: FunctionImpl = () => vector([]);
