import { labelsKey } from '../../../model/labels.js';
import type { AggregateExpr } from '../syntax/ast.js';
import { forEachStep, groupingLabels } from './aggregation-common.js';
import { countValues, quantileAggregation, topK } from './aggregations-ranked.js';
import type { EvalContext } from './context.js';
import { QueryExecutionError } from './errors.js';
import { kahanSumInc } from './math.js';
import type { EvalRange, EvalValue, StepSeries, VectorValue } from './values.js';

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
