import type { AggregateExpr, BinaryExpr, Call, Expr, SubqueryExpr } from '../syntax/ast.js';
import { isSetOp } from '../syntax/ast.js';
import { FUNCTION_SIGNATURES } from '../syntax/functions.js';
import { evalAggregation } from './aggregations.js';
import { scalarScalar, setOperation, vectorScalar, vectorVector } from './binary.js';
import type { EvalContext } from './context.js';
import { QueryExecutionError } from './errors.js';
import { FUNCTION_IMPLEMENTATIONS } from './functions.js';
import { dropMetricName } from './label-ops.js';
import { resolveAt, selectMatrix, selectVector } from './selectors.js';
import { mergeSameLabels } from './series-merge.js';
import { evalRange, pointCount, stepTime, type EvalRange, type EvalValue, type MatrixValue, type RawSeries, type ScalarValue, type VectorValue } from './values.js';

function unwrapParens(e: Expr): Expr {
  return e.kind === 'paren' ? unwrapParens(e.expr) : e;
}

/**
 * Evaluates an AST over a range of steps, node by node, each node for all steps at once (as
 * Prometheus' engine does). Holds the query's limits: every node's output counts against the
 * sample budget while it is alive, and loops look at the deadline.
 */
export class Evaluator {
  constructor(private readonly ctx: EvalContext) {}

  eval(e: Expr, range: EvalRange): EvalValue {
    const { limits } = this.ctx;
    limits.checkDeadline();
    const before = limits.held;
    const value = this.evalNode(e, range);
    // The children's values are released now; only this node's output stays alive.
    limits.setHeld(before + pointCount(value));
    return value;
  }

  private evalNode(e: Expr, range: EvalRange): EvalValue {
    switch (e.kind) {
      case 'number':
        return { type: 'scalar', values: new Float64Array(range.steps).fill(e.value) };
      case 'string':
        return { type: 'string', value: e.value };
      case 'paren':
        return this.eval(e.expr, range);
      case 'unary':
        return this.unary(e.op, this.eval(e.expr, range));
      case 'vectorSelector':
        return selectVector(this.ctx, e, range);
      case 'matrixSelector':
        return selectMatrix(this.ctx, e, range);
      case 'subquery':
        return this.subquery(e, range);
      case 'call':
        return this.call(e, range);
      case 'aggregate':
        return this.aggregate(e, range);
      case 'binary':
        return this.binary(e, range);
    }
  }

  private unary(op: '+' | '-', v: EvalValue): EvalValue {
    if (op === '+') return v;
    if (v.type === 'scalar') return { type: 'scalar', values: v.values.map((x) => -x) };
    if (v.type !== 'vector') throw new QueryExecutionError('unary minus is only defined for scalars and instant vectors');
    const series = v.series.map((s) => ({ labels: dropMetricName(s.labels), steps: s.steps, values: s.values.map((x) => -x), sourceName: s.labels['__name__'] ?? '' }));
    return { type: 'vector', series: mergeSameLabels(series) };
  }

  /**
   * A subquery evaluates its inner expression at its own steps: multiples of the subquery step
   * (absolute, not relative to the query start) after `start - offset - range`, up to
   * `end - offset`, or around the `@` time. The result is a range vector over those points.
   */
  private subquery(e: SubqueryExpr, range: EvalRange): MatrixValue {
    const step = e.stepMs > 0 ? e.stepMs : this.ctx.noStepSubqueryIntervalMs;
    const atMs = resolveAt(this.ctx, e.at);
    const firstEnd = (atMs ?? range.start) - e.offsetMs;
    const lastEnd = (atMs ?? stepTime(range, range.steps - 1)) - e.offsetMs;
    const from = firstEnd - e.rangeMs;
    // Go's integer division truncates towards zero; keep that for negative times.
    let start = step * Math.trunc(from / step);
    if (start <= from) start += step;
    const inner = start > lastEnd ? undefined : this.eval(e.expr, evalRange(start, lastEnd, step));
    const series: RawSeries[] = [];
    if (inner?.type === 'vector') {
      for (const s of inner.series) {
        series.push({ labels: s.labels, t: Float64Array.from(s.steps, (i) => start + i * step), v: Float64Array.from(s.values) });
      }
    }
    return { type: 'matrix', series, rangeMs: e.rangeMs, offsetMs: e.offsetMs, atMs, metricName: undefined };
  }

  private call(e: Call, range: EvalRange): EvalValue {
    const impl = FUNCTION_IMPLEMENTATIONS.get(e.func);
    const sig = FUNCTION_SIGNATURES.get(e.func);
    if (!impl || !sig) throw new QueryExecutionError(`function ${JSON.stringify(e.func)} is not implemented`);
    const args = e.args.map((a, i) => {
      const inner = unwrapParens(a);
      // timestamp() of a plain selector returns the samples' own times, not the step times.
      if (e.func === 'timestamp' && i === 0 && inner.kind === 'vectorSelector') return selectVector(this.ctx, inner, range, true);
      return this.eval(a, range);
    });
    return impl({ ctx: this.ctx, call: e, range, args });
  }

  private aggregate(e: AggregateExpr, range: EvalRange): VectorValue {
    const param = e.param ? this.eval(e.param, range) : undefined;
    const input = this.eval(e.expr, range) as VectorValue;
    return evalAggregation(this.ctx, e, input, param, range);
  }

  private binary(e: BinaryExpr, range: EvalRange): EvalValue {
    const lhs = this.eval(e.lhs, range);
    const rhs = this.eval(e.rhs, range);
    if (lhs.type === 'scalar' && rhs.type === 'scalar') return scalarScalar(e, lhs, rhs);
    if (lhs.type === 'vector' && rhs.type === 'scalar') return vectorScalar(e, lhs, rhs, false);
    if (lhs.type === 'scalar' && rhs.type === 'vector') return vectorScalar(e, rhs, lhs as ScalarValue, true);
    if (lhs.type === 'vector' && rhs.type === 'vector') {
      return isSetOp(e.op) ? setOperation(this.ctx, e, lhs, rhs, range) : vectorVector(this.ctx, e, lhs, rhs, range);
    }
    throw new QueryExecutionError('binary expression must contain only scalar and instant vector types');
  }
}
