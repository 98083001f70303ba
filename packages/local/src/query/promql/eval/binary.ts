import { labelsKey, type Labels } from '../../../model/labels.js';
import { isComparisonOp, type BinaryExpr, type BinaryOp } from '../syntax/ast.js';
import type { EvalContext } from './context.js';
import { QueryExecutionError } from './errors.js';
import { dropMetricName, keepLabels, keyOf, labelsString, matchSignature, removeLabels, setLabel } from './label-ops.js';
import { goPow } from './math.js';
import { mergeSameLabels, sameLabelsetError } from './series-merge.js';
import type { EvalRange, ScalarValue, StepSeries, VectorValue } from './values.js';

/** Operators whose result drops `__name__` (Prometheus' shouldDropMetricName: not atan2). */
const DROPS_NAME: ReadonlySet<BinaryOp> = new Set<BinaryOp>(['+', '-', '*', '/', '%', '^']);

/** Prometheus' `vectorElemBinop` for floats: the value, and whether a comparison holds. */
function elemOp(op: BinaryOp, l: number, r: number): [number, boolean] {
  switch (op) {
    case '+': return [l + r, true];
    case '-': return [l - r, true];
    case '*': return [l * r, true];
    case '/': return [l / r, true];
    case '%': return [l % r, true];
    case '^': return [goPow(l, r), true];
    case 'atan2': return [Math.atan2(l, r), true];
    case '==': return [l, l === r];
    case '!=': return [l, l !== r];
    case '>': return [l, l > r];
    case '<': return [l, l < r];
    case '>=': return [l, l >= r];
    case '<=': return [l, l <= r];
    default: throw new QueryExecutionError(`operator "${op}" not allowed for these operands`);
  }
}

/** scalar op scalar: comparisons must carry `bool` (the parser enforces it) and give 0 or 1. */
export function scalarScalar(node: BinaryExpr, l: ScalarValue, r: ScalarValue): ScalarValue {
  const values = new Float64Array(l.values.length);
  for (let i = 0; i < values.length; i++) {
    const [v, keep] = elemOp(node.op, l.values[i]!, r.values[i]!);
    values[i] = isComparisonOp(node.op) ? (keep ? 1 : 0) : v;
  }
  return { type: 'scalar', values };
}

/**
 * vector op scalar (or scalar op vector, `swap`): arithmetic and `bool` drop `__name__`; a
 * filtering comparison keeps the vector's sample, with the vector's value even when the scalar
 * is on the left.
 */
export function vectorScalar(node: BinaryExpr, vec: VectorValue, scalar: ScalarValue, swap: boolean): VectorValue {
  const comparison = isComparisonOp(node.op);
  const dropName = DROPS_NAME.has(node.op) || node.returnBool;
  const out: StepSeries[] = [];
  for (const s of vec.series) {
    const steps: number[] = [];
    const values: number[] = [];
    for (let k = 0; k < s.steps.length; k++) {
      const i = s.steps[k]!;
      const vv = s.values[k]!;
      const sv = scalar.values[i]!;
      let [value, keep] = swap ? elemOp(node.op, sv, vv) : elemOp(node.op, vv, sv);
      if (comparison && swap) value = vv;
      if (node.returnBool) {
        value = keep ? 1 : 0;
        keep = true;
      }
      if (!keep) continue;
      steps.push(i);
      values.push(value);
    }
    if (steps.length) out.push({ labels: dropName ? dropMetricName(s.labels) : s.labels, steps, values, sourceName: dropName ? (s.labels['__name__'] ?? '') : '' });
  }
  return { type: 'vector', series: mergeSameLabels(out) };
}

/** Collects output points keyed by label set, failing on two values for one label set at one step. */
class OutputSeries {
  private readonly byKey = new Map<string, StepSeries>();
  readonly order: StepSeries[] = [];

  add(key: string, labels: Labels, step: number, value: number): void {
    let o = this.byKey.get(key);
    if (!o) {
      this.byKey.set(key, (o = { labels, steps: [], values: [] }));
      this.order.push(o);
    }
    if (o.steps.length > 0 && o.steps[o.steps.length - 1] === step) throw sameLabelsetError();
    o.steps.push(step);
    o.values.push(value);
  }
}

/** Interns matching signatures to small integers so per-step lookups are array reads. */
function signatureIds(series: readonly StepSeries[], on: boolean, names: readonly string[], table: Map<string, number>): Int32Array {
  const ids = new Int32Array(series.length);
  series.forEach((s, i) => {
    const sig = matchSignature(s.labels, on, names);
    let id = table.get(sig);
    if (id === undefined) table.set(sig, (id = table.size));
    ids[i] = id;
  });
  return ids;
}

/** Series of `v` present at each step, visited with cursors. */
function presentAt(series: readonly StepSeries[], cursors: Int32Array, i: number, out: number[], vals: number[]): void {
  out.length = 0;
  vals.length = 0;
  for (let s = 0; s < series.length; s++) {
    const ser = series[s]!;
    const c = cursors[s]!;
    if (c < ser.steps.length && ser.steps[c] === i) {
      cursors[s] = c + 1;
      out.push(s);
      vals.push(ser.values[c]!);
    }
  }
}

/** `and`, `or`, `unless`, step by step, as Prometheus' VectorAnd/VectorOr/VectorUnless. */
export function setOperation(ctx: EvalContext, node: BinaryExpr, lhs: VectorValue, rhs: VectorValue, range: EvalRange): VectorValue {
  const m = node.matching!;
  const table = new Map<string, number>();
  const sigL = signatureIds(lhs.series, m.on, m.labels, table);
  const sigR = signatureIds(rhs.series, m.on, m.labels, table);
  const keyL = lhs.series.map((s) => keyOf(s.labels));
  const keyR = rhs.series.map((s) => keyOf(s.labels));
  const stamp = new Int32Array(table.size).fill(-1);
  const out = new OutputSeries();
  const curL = new Int32Array(lhs.series.length);
  const curR = new Int32Array(rhs.series.length);
  const pl: number[] = [], vl: number[] = [], pr: number[] = [], vr: number[] = [];
  for (let i = 0; i < range.steps; i++) {
    ctx.limits.tick();
    presentAt(lhs.series, curL, i, pl, vl);
    presentAt(rhs.series, curR, i, pr, vr);
    if (node.op === 'or') {
      for (let k = 0; k < pl.length; k++) {
        stamp[sigL[pl[k]!]!] = i;
        out.add(keyL[pl[k]!]!, lhs.series[pl[k]!]!.labels, i, vl[k]!);
      }
      for (let k = 0; k < pr.length; k++) if (pl.length === 0 || stamp[sigR[pr[k]!]!] !== i) out.add(keyR[pr[k]!]!, rhs.series[pr[k]!]!.labels, i, vr[k]!);
      continue;
    }
    if (pl.length === 0) continue;
    for (const s of pr) stamp[sigR[s]!] = i;
    for (let k = 0; k < pl.length; k++) {
      const matched = pr.length > 0 && stamp[sigL[pl[k]!]!] === i;
      if (matched === (node.op === 'and')) out.add(keyL[pl[k]!]!, lhs.series[pl[k]!]!.labels, i, vl[k]!);
    }
  }
  return { type: 'vector', series: out.order };
}

function matchedLabels(labels: Labels, on: boolean, names: readonly string[]): Labels {
  return on ? keepLabels(labels, names) : removeLabels(labels, ['__name__', ...names]);
}

/**
 * vector op vector with one-to-one, many-to-one (`group_left`) or one-to-many (`group_right`)
 * matching, as Prometheus' VectorBinop: the "one" side must be unique per match group at each
 * step, results take the "many" side's labels (with `on` keeping only the matching labels for
 * one-to-one) plus any `group_x` labels from the "one" side.
 */
export function vectorVector(ctx: EvalContext, node: BinaryExpr, lhsIn: VectorValue, rhsIn: VectorValue, range: EvalRange): VectorValue {
  const m = node.matching!;
  const swapped = m.card === 'one-to-many';
  const lhs = swapped ? rhsIn : lhsIn;
  const rhs = swapped ? lhsIn : rhsIn;
  const table = new Map<string, number>();
  const sigL = signatureIds(lhs.series, m.on, m.labels, table);
  const sigR = signatureIds(rhs.series, m.on, m.labels, table);
  const rightAt = new Int32Array(table.size).fill(-1);
  const rightStamp = new Int32Array(table.size).fill(-1);
  const matchStamp = new Int32Array(table.size).fill(-1);
  const insertedForSig = new Map<number, Set<string>>();
  const dropName = DROPS_NAME.has(node.op);
  const resultCache = new Map<number, { key: string; labels: Labels }>();
  const resultMetric = (l: number, r: number): { key: string; labels: Labels } => {
    const cacheKey = l * rhs.series.length + r;
    let res = resultCache.get(cacheKey);
    if (res) return res;
    let labels = lhs.series[l]!.labels;
    if (dropName) labels = dropMetricName(labels);
    if (m.card === 'one-to-one') labels = m.on ? keepLabels(labels, m.labels) : removeLabels(labels, m.labels);
    for (const name of m.include) labels = setLabel(labels, name, rhs.series[r]!.labels[name] ?? '');
    if (node.returnBool) labels = dropMetricName(labels);
    res = { key: labelsKey(labels), labels };
    resultCache.set(cacheKey, res);
    return res;
  };
  const out = new OutputSeries();
  const curL = new Int32Array(lhs.series.length);
  const curR = new Int32Array(rhs.series.length);
  const pl: number[] = [], vl: number[] = [], pr: number[] = [], vr: number[] = [];
  const rightValue = new Float64Array(table.size);
  for (let i = 0; i < range.steps; i++) {
    ctx.limits.tick();
    presentAt(lhs.series, curL, i, pl, vl);
    presentAt(rhs.series, curR, i, pr, vr);
    if (pl.length === 0 || pr.length === 0) continue;
    for (let k = 0; k < pr.length; k++) {
      const sig = sigR[pr[k]!]!;
      if (rightStamp[sig] === i) {
        const a = rhs.series[pr[k]!]!.labels;
        const b = rhs.series[rightAt[sig]!]!.labels;
        throw new QueryExecutionError(
          `found duplicate series for the match group ${labelsString(matchedLabels(a, m.on, m.labels))} on the ${swapped ? 'left' : 'right'} hand-side of the operation: [${labelsString(a)}, ${labelsString(b)}];many-to-many matching not allowed: matching labels must be unique on one side`,
        );
      }
      rightStamp[sig] = i;
      rightAt[sig] = pr[k]!;
      rightValue[sig] = vr[k]!;
    }
    for (let k = 0; k < pl.length; k++) {
      const sig = sigL[pl[k]!]!;
      if (rightStamp[sig] !== i) continue;
      let fl = vl[k]!;
      let fr = rightValue[sig]!;
      if (swapped) [fl, fr] = [fr, fl];
      let [value, keep] = elemOp(node.op, fl, fr);
      if (node.returnBool) value = keep ? 1 : 0;
      else if (!keep) continue;
      const res = resultMetric(pl[k]!, rightAt[sig]!);
      if (m.card === 'one-to-one') {
        if (matchStamp[sig] === i) throw new QueryExecutionError('multiple matches for labels: many-to-one matching must be explicit (group_left/group_right)');
        matchStamp[sig] = i;
      } else {
        let inserted = insertedForSig.get(sig);
        if (matchStamp[sig] !== i || !inserted) {
          matchStamp[sig] = i;
          insertedForSig.set(sig, (inserted = new Set()));
        } else if (inserted.has(res.key)) {
          throw new QueryExecutionError('multiple matches for labels: grouping labels must ensure unique matches');
        }
        inserted.add(res.key);
      }
      out.add(res.key, res.labels, i, value);
    }
  }
  return { type: 'vector', series: out.order };
}
