import { labelsKey, type Labels } from '../../../model/labels.js';
import type { AggregateExpr } from '../syntax/ast.js';
import { formatFloatF, formatFloatG } from '../syntax/go-float.js';
import type { EvalContext } from './context.js';
import { QueryExecutionError } from './errors.js';
import { keepLabels, removeLabels, setLabel } from './label-ops.js';
import { kahanSumInc } from './math.js';
import { quantileOf } from './quantile.js';
import type { EvalRange, EvalValue, StepSeries, VectorValue } from './values.js';

/** The labels a series contributes to its group: `by` keeps, `without` removes (and drops `__name__`). */
function groupingLabels(labels: Labels, node: AggregateExpr, extra: readonly string[] = []): Labels {
  if (node.without) return removeLabels(labels, [...node.grouping, '__name__']);
  return keepLabels(labels, [...node.grouping, ...extra]);
}

/**
 * Visits, step by step, every series that has a value at that step: Prometheus aggregates one
 * step at a time, and doing the same keeps `topk` and `count_values` exactly as it does them.
 */
function forEachStep(ctx: EvalContext, range: EvalRange, series: readonly StepSeries[], visit: (i: number, s: number, v: number) => void, endStep: (i: number) => void): void {
  const cursors = new Int32Array(series.length);
  for (let i = 0; i < range.steps; i++) {
    for (let s = 0; s < series.length; s++) {
      const ser = series[s]!;
      const c = cursors[s]!;
      if (c < ser.steps.length && ser.steps[c] === i) {
        cursors[s] = c + 1;
        visit(i, s, ser.values[c]!);
      }
      ctx.limits.tick();
    }
    endStep(i);
  }
}

/** Running state of one group at one step, as Prometheus' `groupedAggregation`. */
class GroupState {
  seenAt = -1;
  value = 0;
  mean = 0;
  c = 0;
  count = 0;
  incremental = false;
}

function addSample(op: AggregateExpr['op'], g: GroupState, x: number): void {
  if (g.count === 0) {
    g.count = 1;
    g.value = x;
    g.mean = x;
    g.c = 0;
    g.incremental = false;
    if (op === 'stddev' || op === 'stdvar') g.value = Number.isFinite(x) ? 0 : NaN;
    if (op === 'group') g.value = 1;
    return;
  }
  g.count++;
  switch (op) {
    case 'sum':
      [g.value, g.c] = kahanSumInc(x, g.value, g.c);
      break;
    case 'avg': {
      if (g.incremental) {
        if (!Number.isFinite(g.mean) && !Number.isNaN(g.mean)) {
          if (!Number.isFinite(x) && !Number.isNaN(x) && g.mean > 0 === x > 0) break;
          if (Number.isFinite(x)) break;
        }
        const current = g.mean + g.c;
        [g.mean, g.c] = kahanSumInc(x / g.count - current / g.count, g.mean, g.c);
        break;
      }
      const [nv, nc] = kahanSumInc(x, g.value, g.c);
      if (Number.isFinite(nv) || Number.isNaN(nv)) {
        g.value = nv;
        g.c = nc;
        break;
      }
      // The sum would overflow: continue with an incremental mean from here on.
      g.incremental = true;
      g.mean = g.value / (g.count - 1);
      g.c /= g.count - 1;
      const q = (g.count - 1) / g.count;
      [g.mean, g.c] = kahanSumInc(x / g.count, q * g.mean, q * g.c);
      break;
    }
    case 'min':
      if (g.value > x || Number.isNaN(g.value)) g.value = x;
      break;
    case 'max':
      if (g.value < x || Number.isNaN(g.value)) g.value = x;
      break;
    case 'stddev':
    case 'stdvar': {
      const delta = x - g.mean;
      g.mean += delta / g.count;
      g.value += delta * (x - g.mean);
      break;
    }
    default:
      break;
  }
}

function finish(op: AggregateExpr['op'], g: GroupState): number {
  switch (op) {
    case 'sum':
      return Number.isFinite(g.value) ? g.value + g.c : g.value;
    case 'avg':
      return g.incremental ? g.mean + g.c : g.value / g.count + g.c / g.count;
    case 'count':
      return g.count;
    case 'stdvar':
      return g.value / g.count;
    case 'stddev':
      return Math.sqrt(g.value / g.count);
    default:
      return g.value;
  }
}

function simpleAggregation(ctx: EvalContext, node: AggregateExpr, input: VectorValue, range: EvalRange): VectorValue {
  const groupIdx = new Map<string, number>();
  const groupOf = input.series.map((s) => {
    const labels = groupingLabels(s.labels, node);
    const key = labelsKey(labels);
    let g = groupIdx.get(key);
    if (g === undefined) groupIdx.set(key, (g = groupIdx.size));
    return { g, labels };
  });
  const states = Array.from({ length: groupIdx.size }, () => new GroupState());
  const out: Array<StepSeries | undefined> = new Array(groupIdx.size);
  const order: StepSeries[] = [];
  const seen: number[] = [];
  forEachStep(
    ctx,
    range,
    input.series,
    (i, s, v) => {
      const { g, labels } = groupOf[s]!;
      const st = states[g]!;
      if (st.seenAt !== i) {
        st.seenAt = i;
        st.count = 0;
        seen.push(g);
        if (!out[g]) order.push((out[g] = { labels, steps: [], values: [] }));
      }
      addSample(node.op, st, v);
    },
    (i) => {
      for (const g of seen) {
        out[g]!.steps.push(i);
        out[g]!.values.push(finish(node.op, states[g]!));
      }
      seen.length = 0;
    },
  );
  return { type: 'vector', series: order };
}

function paramAt(param: EvalValue | undefined, i: number): number {
  return param?.type === 'scalar' ? param.values[i]! : NaN;
}

/** Orders by value for topk (descending) or bottomk (ascending), NaN always last, as Prometheus' heaps do. */
function byValue(desc: boolean): (a: [number, number], b: [number, number]) => number {
  return (a, b) => {
    const x = a[1];
    const y = b[1];
    if (Number.isNaN(x) || Number.isNaN(y)) return Number.isNaN(x) ? (Number.isNaN(y) ? 0 : 1) : -1;
    return desc ? y - x : x - y;
  };
}

function topK(ctx: EvalContext, node: AggregateExpr, input: VectorValue, range: EvalRange, param: EvalValue | undefined): VectorValue {
  const groupIdx = new Map<string, number>();
  const groupOf = input.series.map((s) => {
    const key = labelsKey(groupingLabels(s.labels, node));
    let g = groupIdx.get(key);
    if (g === undefined) groupIdx.set(key, (g = groupIdx.size));
    return g;
  });
  const candidates: Array<Array<[number, number]>> = Array.from({ length: groupIdx.size }, () => []);
  const seen: number[] = [];
  const outBySeries = new Map<number, StepSeries>();
  const order: StepSeries[] = [];
  forEachStep(
    ctx,
    range,
    input.series,
    (_i, s, v) => {
      const g = groupOf[s]!;
      if (candidates[g]!.length === 0) seen.push(g);
      candidates[g]!.push([s, v]);
    },
    (i) => {
      const kf = paramAt(param, i);
      if (seen.length > 0 && (Number.isNaN(kf) || Math.abs(kf) >= 9.223372036854776e18)) throw new QueryExecutionError(`Scalar value ${formatFloatG(kf)} overflows int64`);
      const k = Math.trunc(kf);
      for (const g of seen) {
        const list = candidates[g]!;
        if (k >= 1) {
          list.sort(byValue(node.op === 'topk'));
          for (const [s, v] of list.slice(0, k)) {
            let o = outBySeries.get(s);
            if (!o) {
              outBySeries.set(s, (o = { labels: input.series[s]!.labels, steps: [], values: [] }));
              order.push(o);
            }
            o.steps.push(i);
            o.values.push(v);
          }
        }
        list.length = 0;
      }
      seen.length = 0;
    },
  );
  return { type: 'vector', series: order };
}

function quantileAggregation(ctx: EvalContext, node: AggregateExpr, input: VectorValue, range: EvalRange, param: EvalValue | undefined): VectorValue {
  for (let i = 0; i < range.steps; i++) {
    const q = paramAt(param, i);
    if (Number.isNaN(q) || q < 0 || q > 1) {
      ctx.annotations.warn(`quantile value should be between 0 and 1, got ${formatFloatG(q)}`, node.param!.pos);
      break;
    }
  }
  const groupIdx = new Map<string, number>();
  const groupOf = input.series.map((s) => {
    const labels = groupingLabels(s.labels, node);
    const key = labelsKey(labels);
    let g = groupIdx.get(key);
    if (g === undefined) groupIdx.set(key, (g = groupIdx.size));
    return { g, labels };
  });
  const values: number[][] = Array.from({ length: groupIdx.size }, () => []);
  const out: Array<StepSeries | undefined> = new Array(groupIdx.size);
  const order: StepSeries[] = [];
  const seen: number[] = [];
  forEachStep(
    ctx,
    range,
    input.series,
    (_i, s, v) => {
      const { g, labels } = groupOf[s]!;
      if (values[g]!.length === 0) {
        seen.push(g);
        if (!out[g]) order.push((out[g] = { labels, steps: [], values: [] }));
      }
      values[g]!.push(v);
    },
    (i) => {
      for (const g of seen) {
        out[g]!.steps.push(i);
        out[g]!.values.push(quantileOf(paramAt(param, i), values[g]!));
        values[g]!.length = 0;
      }
      seen.length = 0;
    },
  );
  return { type: 'vector', series: order };
}

function countValues(ctx: EvalContext, node: AggregateExpr, input: VectorValue, range: EvalRange, param: EvalValue | undefined): VectorValue {
  const valueLabel = param?.type === 'string' ? param.value : '';
  if (valueLabel === '') throw new QueryExecutionError(`invalid label name ${JSON.stringify(valueLabel)}`);
  const outByKey = new Map<string, StepSeries>();
  const order: StepSeries[] = [];
  const counts = new Map<string, { labels: Labels; n: number }>();
  forEachStep(
    ctx,
    range,
    input.series,
    (_i, s, v) => {
      const labels = groupingLabels(setLabel(input.series[s]!.labels, valueLabel, formatFloatF(v)), node, [valueLabel]);
      const key = labelsKey(labels);
      const c = counts.get(key);
      if (c) c.n++;
      else counts.set(key, { labels, n: 1 });
    },
    (i) => {
      for (const [key, { labels, n }] of counts) {
        let o = outByKey.get(key);
        if (!o) {
          outByKey.set(key, (o = { labels, steps: [], values: [] }));
          order.push(o);
        }
        o.steps.push(i);
        o.values.push(n);
      }
      counts.clear();
    },
  );
  return { type: 'vector', series: order };
}

/** Evaluates an aggregation over its already-evaluated input and parameter. */
export function evalAggregation(ctx: EvalContext, node: AggregateExpr, input: VectorValue, param: EvalValue | undefined, range: EvalRange): VectorValue {
  switch (node.op) {
    case 'topk':
    case 'bottomk':
      return topK(ctx, node, input, range, param);
    case 'quantile':
      return quantileAggregation(ctx, node, input, range, param);
    case 'count_values':
      return countValues(ctx, node, input, range, param);
    case 'limitk':
    case 'limit_ratio':
      throw new QueryExecutionError(`${node.op}() is not supported by this engine`);
    default:
      return simpleAggregation(ctx, node, input, range);
  }
}
