import type { Labels } from '../../../model/labels.js';
import { isComparison, type BinaryOp, type VectorMatching } from '../syntax/ast.js';
import { applyBinaryOp } from '../syntax/operators.js';
import { LogQLBadRequestError } from './errors.js';
import { fullLabelsKey } from './labels-builder.js';
import { sample, type Sample } from './vector.js';

/**
 * A vector and a literal (Loki's `LiteralStepEvaluator`): arithmetic keeps the vector's labels;
 * a comparison keeps the vector's sample when it holds (or gives 1/0 with `bool`).
 */
export function vectorLiteralStep(op: BinaryOp, vec: readonly Sample[], lit: number, literalOnLeft: boolean, bool: boolean): Sample[] {
  const out: Sample[] = [];
  const cmp = isComparison(op);
  for (const s of vec) {
    const [a, b] = literalOnLeft ? [lit, s.v] : [s.v, lit];
    const r = applyBinaryOp(op, a, b);
    if (cmp && !bool) {
      if (r === 1) out.push(s);
      continue;
    }
    out.push(sample(s.labels, r, s.key));
  }
  return out;
}

function signature(labels: Labels, m: VectorMatching | undefined): string {
  if (!m) return fullLabelsKey(labels);
  const keep: Record<string, string> = {};
  for (const k of Object.keys(labels)) if (m.on === m.labels.includes(k)) keep[k] = labels[k]!;
  return fullLabelsKey(keep);
}

/** `resultMetric`: the left side's labels, reduced by `on`/`ignoring`, plus `group_x` includes. */
function resultLabels(lhs: Labels, rhs: Labels, m: VectorMatching | undefined): Labels {
  if (!m) return lhs;
  const out: Record<string, string> = { ...lhs };
  if (m.card === 'one-to-one') {
    for (const k of Object.keys(out)) if (m.on ? !m.labels.includes(k) : m.labels.includes(k)) delete out[k];
  }
  for (const name of m.include) {
    const v = rhs[name];
    if (v !== undefined && v !== '') out[name] = v;
    else delete out[name];
  }
  const sorted: Record<string, string> = {};
  for (const k of Object.keys(out).sort()) sorted[k] = out[k]!;
  return sorted;
}

/** Two vectors (Loki's `BinOpStepEvaluator`): set operators, then matched arithmetic and comparisons. */
export function vectorVectorStep(op: BinaryOp, bool: boolean, m: VectorMatching | undefined, lhs: readonly Sample[], rhs: readonly Sample[]): Sample[] {
  const lsigs = lhs.map((s) => signature(s.labels, m));
  const rsigs = rhs.map((s) => signature(s.labels, m));
  if (op === 'and') {
    if (lhs.length === 0 || rhs.length === 0) return [];
    const right = new Set(rsigs);
    return lhs.filter((_s, i) => right.has(lsigs[i]!));
  }
  if (op === 'or') {
    if (lhs.length === 0) return [...rhs];
    if (rhs.length === 0) return [...lhs];
    const left = new Set(lsigs);
    return [...lhs, ...rhs.filter((_s, i) => !left.has(rsigs[i]!))];
  }
  if (op === 'unless') {
    if (lhs.length === 0 || rhs.length === 0) return [...lhs];
    const right = new Set(rsigs);
    return lhs.filter((_s, i) => !right.has(lsigs[i]!));
  }
  const oneToMany = m?.card === 'one-to-many';
  const [many, one, manySigs, oneSigs] = oneToMany ? [rhs, lhs, rsigs, lsigs] : [lhs, rhs, lsigs, rsigs];
  const bySig = new Map<string, Sample>();
  one.forEach((s, i) => {
    if (bySig.has(oneSigs[i]!)) {
      throw new LogQLBadRequestError(`found duplicate series on the ${oneToMany ? 'left' : 'right'} hand-side;many-to-many matching not allowed: matching labels must be unique on one side`);
    }
    bySig.set(oneSigs[i]!, s);
  });
  const matched = new Map<string, Set<string>>();
  const out: Sample[] = [];
  const cmp = isComparison(op);
  many.forEach((s, i) => {
    const sig = manySigs[i]!;
    const other = bySig.get(sig);
    if (!other) return;
    const labels = resultLabels(s.labels, other.labels, m);
    const seen = matched.get(sig);
    if (!m || m.card === 'one-to-one') {
      if (seen) throw new LogQLBadRequestError('multiple matches for labels: many-to-one matching must be explicit (group_left/group_right)');
      matched.set(sig, new Set());
    } else {
      const k = fullLabelsKey(labels);
      if (seen?.has(k)) throw new LogQLBadRequestError('multiple matches for labels: grouping labels must ensure unique matches');
      if (seen) seen.add(k);
      else matched.set(sig, new Set([k]));
    }
    const [l, r] = oneToMany ? [other, s] : [s, other];
    const v = applyBinaryOp(op, l.v, r.v);
    if (cmp && !bool) {
      if (v === 1) out.push(sample(labels, l.v));
      return;
    }
    out.push(sample(labels, v));
  });
  return out;
}
