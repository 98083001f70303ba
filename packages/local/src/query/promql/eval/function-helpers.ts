import type { Call } from '../syntax/ast.js';
import { formatFloatG } from '../syntax/go-float.js';
import type { EvalContext } from './context.js';
import { dropMetricName } from './label-ops.js';
import { WINDOW_FUNCTIONS } from './range-functions.js';
import { mergeSameLabels } from './series-merge.js';
import { stepTime, type EvalRange, type EvalValue, type MatrixValue, type ScalarValue, type StepSeries, type VectorValue } from './values.js';
import { decreaseCounts, forEachWindow } from './windows.js';

/** What a function implementation gets: its evaluated arguments over all steps. */
export interface FunctionCall {
  readonly ctx: EvalContext;
  readonly call: Call;
  readonly range: EvalRange;
  readonly args: readonly EvalValue[];
}

/** The one call signature every PromQL function implementation has. */
export type FunctionImpl = (f: FunctionCall) => EvalValue;

/** Argument `i` as an instant vector (the type checker guarantees it). */
export function vectorArg(f: FunctionCall, i: number): VectorValue {
  return f.args[i] as VectorValue;
}

/** Argument `i` as a scalar: one value per step. */
export function scalarArg(f: FunctionCall, i: number): Float64Array {
  return (f.args[i] as ScalarValue).values;
}

/** Argument `i` as a string literal's value. */
export function stringArg(f: FunctionCall, i: number): string {
  const a = f.args[i];
  return a?.type === 'string' ? a.value : '';
}

/** Wraps series as an instant-vector value. */
export function vector(series: StepSeries[]): VectorValue {
  return { type: 'vector', series };
}

/** Prometheus warns once when a quantile argument leaves [0, 1] at some step. */
export function warnOnBadQuantile(f: FunctionCall, q: Float64Array): void {
  for (const v of q) {
    if (Number.isNaN(v) || v < 0 || v > 1) {
      f.ctx.annotations.warn(`quantile value should be between 0 and 1, got ${formatFloatG(v)}`, f.call.args[0]!.pos);
      return;
    }
  }
}

const COUNTER_SUFFIXES = ['_total', '_sum', '_count', '_bucket'];

/**
 * A function over the windows of its range-vector argument (`rate`, `*_over_time`, ...): one
 * output series per input series, `__name__` dropped unless `keepName`, and, as in Prometheus,
 * two outputs with the same labels are an error even at different steps.
 */
export function windowed(name: string, keepName = false): FunctionImpl {
  const fn = WINDOW_FUNCTIONS.get(name)!;
  return (f) => {
    const mIdx = f.args.findIndex((a) => a.type === 'matrix');
    const m = f.args[mIdx] as MatrixValue;
    const scalarIdx = f.args.map((a, i) => (a.type === 'scalar' ? i : -1)).filter((i) => i >= 0);
    const scalars: number[] = new Array<number>(scalarIdx.length).fill(0);
    if (name === 'quantile_over_time') warnOnBadQuantile(f, scalarArg(f, 0));
    const out: StepSeries[] = [];
    const counter = name === 'rate' || name === 'increase';
    for (const s of m.series) {
      const steps: number[] = [];
      const values: number[] = [];
      const decreases = counter && f.range.steps > 1 ? decreaseCounts(s.v) : undefined;
      forEachWindow(m, s, f.range, (i, w) => {
        f.ctx.limits.tick();
        for (let k = 0; k < scalarIdx.length; k++) scalars[k] = (f.args[scalarIdx[k]!] as ScalarValue).values[i]!;
        const r = fn(w, scalars);
        if (r !== undefined) {
          steps.push(i);
          values.push(r);
        }
      }, decreases);
      if (steps.length === 0) continue;
      if ((name === 'rate' || name === 'increase') && f.call.args[0]?.kind === 'matrixSelector') {
        const metric = s.labels['__name__'] ?? '';
        if (metric !== '' && !COUNTER_SUFFIXES.some((x) => metric.endsWith(x))) {
          f.ctx.annotations.info(`metric might not be a counter, name does not end in _total/_sum/_count/_bucket: ${JSON.stringify(metric)}`, f.call.args[0].pos);
        }
      }
      out.push({ labels: keepName ? s.labels : dropMetricName(s.labels), steps, values, sourceName: keepName ? '' : (s.labels['__name__'] ?? '') });
    }
    return vector(mergeSameLabels(out));
  };
}

/**
 * A function applied to each sample of its instant-vector argument (`abs`, `clamp`, ...), with
 * the call's scalar arguments at that step; `undefined` drops the sample.
 */
export function elementwise(fn: (v: number, scalars: readonly number[], ts: number) => number | undefined, keepName = false): FunctionImpl {
  return (f) => {
    const input = vectorArg(f, 0);
    const scalarArgs = f.args.slice(1).map((a) => (a as ScalarValue).values);
    const scalars: number[] = new Array<number>(scalarArgs.length).fill(0);
    const out: StepSeries[] = [];
    for (const s of input.series) {
      const steps: number[] = [];
      const values: number[] = [];
      for (let k = 0; k < s.steps.length; k++) {
        const i = s.steps[k]!;
        for (let a = 0; a < scalarArgs.length; a++) scalars[a] = scalarArgs[a]![i]!;
        const r = fn(s.values[k]!, scalars, stepTime(f.range, i));
        if (r !== undefined) {
          steps.push(i);
          values.push(r);
        }
      }
      if (steps.length > 0) out.push({ labels: keepName ? s.labels : dropMetricName(s.labels), steps, values, sourceName: keepName ? '' : (s.labels['__name__'] ?? '') });
    }
    return vector(mergeSameLabels(out));
  };
}

/** A scalar per step, computed from the step time. */
export function perStepScalar(fn: (ts: number, i: number) => number): FunctionImpl {
  return (f) => {
    const values = new Float64Array(f.range.steps);
    for (let i = 0; i < f.range.steps; i++) values[i] = fn(stepTime(f.range, i), i);
    return { type: 'scalar', values };
  };
}
