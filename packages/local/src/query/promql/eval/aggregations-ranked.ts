import { labelsKey, type Labels } from '../../../model/labels.js';
import type { AggregateExpr } from '../syntax/ast.js';
import { formatFloatF, formatFloatG } from '../syntax/go-float.js';
import { forEachStep, groupingLabels, paramAt } from './aggregation-common.js';
import type { EvalContext } from './context.js';
import { QueryExecutionError } from './errors.js';
import { setLabel } from './label-ops.js';
import { quantileOf } from './quantile.js';
import type { EvalRange, EvalValue, StepSeries, VectorValue } from './values.js';

/*
 * The aggregations that look at all values of a group at one step: topk/bottomk (which keep
 * the input series), quantile and count_values (whose groups depend on the values).
 */

/** Orders by value for topk (descending) or bottomk (ascending), NaN always last, as Prometheus' heaps do. */
function byValue(desc: boolean): (a: [number, number], b: [number, number]) => number {
  return (a, b) => {
    const x = a[1];
    const y = b[1];
    if (Number.isNaN(x) || Number.isNaN(y)) return Number.isNaN(x) ? (Number.isNaN(y) ? 0 : 1) : -1;
    return desc ? y - x : x - y;
  };
}

/** topk and bottomk: the k largest (smallest) of each group at each step, NaN last. */
export function topK(ctx: EvalContext, node: AggregateExpr, input: VectorValue, range: EvalRange, param: EvalValue | undefined): VectorValue {
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

/** quantile(q, v) per group and step, warning once about a q outside [0, 1]. */
export function quantileAggregation(ctx: EvalContext, node: AggregateExpr, input: VectorValue, range: EvalRange, param: EvalValue | undefined): VectorValue {
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

/** count_values: how many series have each value, the value as a label. */
export function countValues(ctx: EvalContext, node: AggregateExpr, input: VectorValue, range: EvalRange, param: EvalValue | undefined): VectorValue {
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

