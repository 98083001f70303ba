import type { Labels } from '../../../model/labels.js';
import type { AggregateExpr } from '../syntax/ast.js';
import type { EvalContext } from './context.js';
import { keepLabels, removeLabels } from './label-ops.js';
import type { EvalRange, EvalValue, StepSeries } from './values.js';

/** The labels a series contributes to its group: `by` keeps, `without` removes (and drops `__name__`). */
export function groupingLabels(labels: Labels, node: AggregateExpr, extra: readonly string[] = []): Labels {
  if (node.without) return removeLabels(labels, [...node.grouping, '__name__']);
  return keepLabels(labels, [...node.grouping, ...extra]);
}

/**
 * Visits, step by step, every series that has a value at that step: Prometheus aggregates one
 * step at a time, and doing the same keeps `topk` and `count_values` exactly as it does them.
 */
export function forEachStep(ctx: EvalContext, range: EvalRange, series: readonly StepSeries[], visit: (i: number, s: number, v: number) => void, endStep: (i: number) => void): void {
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

/** The aggregation parameter at a step (NaN when absent). */
export function paramAt(param: EvalValue | undefined, i: number): number {
  return param?.type === 'scalar' ? param.values[i]! : NaN;
}

