import type { LogReader } from '../../../model/store.js';
import type { MetricExpr } from '../syntax/ast.js';
import { compileRe2 } from '../syntax/regex.js';
import { aggregateStep } from './aggregate.js';
import { vectorLiteralStep, vectorVectorStep } from './binary.js';
import type { QueryContext } from './context.js';
import { fullLabelsKey } from './labels-builder.js';
import { absentSteps, evalRangeAgg, PUSHDOWN_OPS } from './range-agg.js';
import { sample, type Sample, type StepGrid, type StepVectors } from './vector.js';

/** Go's `Regexp.ExpandString` for `label_replace` replacements (`$1`, `${1}`, `$name`). */
function expand(template: string, m: RegExpExecArray): string {
  return template.replace(/\$(?:\$|\{([A-Za-z0-9_]+)\}|([A-Za-z0-9_]+))/g, (all, braced: string | undefined, bare: string | undefined) => {
    if (all === '$$') return '$';
    const name = braced ?? bare!;
    if (/^\d+$/.test(name)) return m[Number(name)] ?? '';
    return m.groups?.[name] ?? '';
  });
}

function labelReplaceStep(vec: readonly Sample[], e: Extract<MetricExpr, { kind: 'label_replace' }>, re: RegExp): Sample[] {
  return vec.map((s) => {
    const m = re.exec(s.labels[e.src] ?? '');
    if (!m) return s;
    const res = expand(e.replacement, m);
    const out: Record<string, string> = { ...s.labels };
    delete out[e.dst];
    if (res !== '') out[e.dst] = res;
    const sorted: Record<string, string> = {};
    for (const k of Object.keys(out).sort()) sorted[k] = out[k]!;
    return sample(sorted, s.v, fullLabelsKey(sorted));
  });
}

/**
 * Evaluates a metric expression (not a bare literal) at every step of the grid, node by node as
 * Loki's step evaluators do. A `sum` directly over a countable range aggregation pushes its
 * grouping into the extraction (Loki's `canInjectVectorGrouping`), so a query over many streams
 * keeps one series per group instead of one per stream.
 */
export function evalMetric(ctx: QueryContext, reader: LogReader, expr: MetricExpr, grid: StepGrid): StepVectors {
  switch (expr.kind) {
    case 'range_agg': {
      if (expr.op === 'absent_over_time') return absentSteps(expr, evalRangeAgg(ctx, reader, expr, grid));
      return evalRangeAgg(ctx, reader, expr, grid);
    }
    case 'vector_agg': {
      const inner = expr.expr;
      const pushdown = expr.op === 'sum' && inner.kind === 'range_agg' && !inner.grouping && PUSHDOWN_OPS.has(inner.op) ? expr.grouping : undefined;
      const vecs = pushdown && inner.kind === 'range_agg' ? evalRangeAgg(ctx, reader, inner, grid, pushdown) : evalMetric(ctx, reader, inner, grid);
      return vecs.map((v) => aggregateStep(expr.op, expr.grouping, expr.param, v));
    }
    case 'binary': {
      const { lhs, rhs } = expr;
      if (lhs.kind === 'literal') return evalMetric(ctx, reader, rhs, grid).map((v) => vectorLiteralStep(expr.op, v, lhs.value, true, expr.bool));
      if (rhs.kind === 'literal') return evalMetric(ctx, reader, lhs, grid).map((v) => vectorLiteralStep(expr.op, v, rhs.value, false, expr.bool));
      const l = evalMetric(ctx, reader, lhs, grid);
      const r = evalMetric(ctx, reader, rhs, grid);
      return l.map((v, i) => vectorVectorStep(expr.op, expr.bool, expr.matching, v, r[i]!));
    }
    case 'label_replace': {
      const re = compileRe2(expr.regex, { anchored: true });
      return evalMetric(ctx, reader, expr.expr, grid).map((v) => labelReplaceStep(v, expr, re));
    }
    case 'vector':
      return Array.from({ length: grid.steps }, () => [sample({}, expr.value)]);
    case 'literal':
      return Array.from({ length: grid.steps }, () => [sample({}, expr.value)]);
  }
}
