// Metric results (PromQL's, and LogQL's metric queries, which Loki answers in Prometheus' shapes)
// compared as Prometheus' promqltest compares them: its float tolerance, its label and value
// printing, and its check of an instant query against the middle step of a range query.
import { labelsKey, type Labels } from '../../model/labels.js';
import { labelsString } from '../promql/eval/label-ops.js';
import { almostEqual } from '../promql/eval/math.js';
import { formatFloatF } from '../promql/syntax/go-float.js';
import { ExpectationError } from './errors.js';
import type { EvalCommand } from './script.js';
import { sampleValue, type SeriesDescription } from './series-notation.js';

/** Relative tolerance for sample values, as Prometheus' promqltest (`defaultEpsilon`). */
const EPSILON = 1e-6;

/** The range query an instant eval is re-run as: one step either side of the instant. */
export const RANGE_CHECK_STEP_MS = 60_000;

/** Whether a value meets an expected one: relative difference under {@link EPSILON}; NaN meets NaN. */
function sameFloat(expected: number, got: number): boolean {
  return almostEqual(expected, got, EPSILON);
}

/** One series of a result with its `[ms, value]` points (one point in a vector). */
export interface MetricSeries {
  readonly labels: Labels;
  readonly points: ReadonlyArray<readonly [number, number]>;
}

/** A metric result as the harness compares it, whatever the engine's own shape. */
export type MetricValue = { readonly kind: 'scalar'; readonly v: number } | { readonly kind: 'vector' | 'matrix'; readonly series: readonly MetricSeries[] };

/** What an eval expects of a metric result. */
export interface MetricExpectation {
  readonly instant: boolean;
  readonly startMs: number;
  readonly stepMs: number;
  readonly ordered: boolean;
  /** Expected series (instant: one value each; range: one position per step). */
  readonly series: readonly SeriesDescription[];
  /** Expected scalar, when a line is a bare number. */
  readonly scalar: number | undefined;
}

/** An expected metric result line: a series in the notation, or a bare scalar. */
export type MetricResultLine = { readonly kind: 'series'; readonly series: SeriesDescription } | { readonly kind: 'scalar'; readonly v: number };

const fmt = formatFloatF;

/** Script times are nanoseconds; metric results count milliseconds. */
export function msOf(ns: bigint): number {
  return Number(ns / 1_000_000n);
}

/** A vector of `{ metric, t, v }` samples (PromQL's and Loki's API shape) as the harness compares it. */
export function vectorValue(samples: ReadonlyArray<{ readonly metric: Labels; readonly t: number; readonly v: number }>): MetricValue {
  return { kind: 'vector', series: samples.map((s) => ({ labels: s.metric, points: [[s.t, s.v]] })) };
}

/** What an eval expects of a metric result: its series lines and its (last) scalar line; other lines do not count. */
export function metricExpectation(cmd: EvalCommand<{ readonly kind: string }>): MetricExpectation {
  const lines = cmd.results as ReadonlyArray<MetricResultLine | { readonly kind: 'other' }>;
  return {
    instant: cmd.instant,
    startMs: msOf(cmd.startNs),
    stepMs: msOf(cmd.stepNs),
    ordered: cmd.ordered,
    series: lines.flatMap((r) => (r.kind === 'series' ? [r.series] : [])),
    scalar: lines.flatMap((r) => (r.kind === 'scalar' ? [r.v] : [])).at(-1),
  };
}

/** Reads an expected scalar line (`3`, `-1.5`, `Inf`, `NaN`); undefined when the line is not one. */
export function parseScalarLine(text: string): number | undefined {
  if (!/^[+-]?(?:\d|\.\d|inf$|nan$)/i.test(text) || /\s/.test(text)) return undefined;
  return Number(text.replace(/^\+?inf$/i, 'Infinity').replace(/^-inf$/i, '-Infinity').replace(/^[+-]?nan$/i, 'NaN'));
}

/** Compares a metric result with what the eval expects; throws {@link ExpectationError} saying how they differ. */
export function checkMetric(exp: MetricExpectation, value: MetricValue): void {
  if (value.kind === 'scalar') {
    if (exp.scalar === undefined) throw new ExpectationError(`got scalar ${fmt(value.v)}, but the script expects ${exp.series.length} series`);
    if (!sameFloat(exp.scalar, value.v)) throw new ExpectationError(`expected scalar ${fmt(exp.scalar)}, got ${fmt(value.v)}`);
    return;
  }
  if (exp.scalar !== undefined) throw new ExpectationError(`expected scalar ${fmt(exp.scalar)}, got a ${value.kind}`);
  const got = value.series;
  const names = (): string => got.map((s) => labelsString(s.labels)).join(', ');
  if (got.length !== exp.series.length) throw new ExpectationError(`expected ${exp.series.length} series, got ${got.length}: ${names() || 'none'}`);
  const byKey = new Map(got.map((s, i) => [labelsKey(s.labels), { s, i }]));
  exp.series.forEach((want, position) => {
    const name = labelsString(want.labels);
    const found = byKey.get(labelsKey(want.labels));
    if (!found) throw new ExpectationError(`expected series ${name} is missing; got ${names()}`);
    if (exp.ordered && found.i !== position) throw new ExpectationError(`expected ${name} at position ${position + 1}, got it at ${found.i + 1}`);
    const points = found.s.points;
    if (exp.instant && value.kind === 'vector') {
      const ev = sampleValue(want.values[0]!);
      if (ev === undefined || !sameFloat(ev, points[0]![1])) throw new ExpectationError(`expected ${ev === undefined ? 'no value' : fmt(ev)} for ${name}, got ${fmt(points[0]![1])}`);
      return;
    }
    // An instant eval of a range selector lists the values without their times; a range eval's
    // k-th position is the point at start + k * step.
    const wanted = want.values.flatMap((sv, k) => {
      const v = sampleValue(sv);
      return v === undefined ? [] : [[exp.startMs + k * exp.stepMs, v] as const];
    });
    const show = (ps: ReadonlyArray<readonly [number, number]>): string => ps.map(([t, v]) => `${fmt(v)}@${t / 1000}s`).join(' ');
    if (wanted.length !== points.length) throw new ExpectationError(`expected ${wanted.length} points for ${name}, got ${points.length}: ${show(points)}`);
    points.forEach(([t, v], k) => {
      const [wt, wv] = wanted[k]!;
      if (!exp.instant && wt !== t) throw new ExpectationError(`expected a point at ${wt / 1000}s for ${name}, got ${show(points)}`);
      if (!sameFloat(wv, v)) throw new ExpectationError(`expected ${fmt(wv)} at ${t / 1000}s for ${name}, got ${fmt(v)}`);
    });
  });
}

/**
 * The step at `tMs` of a range result, shaped as the instant result it must equal: a vector, or
 * for a scalar the one series' value. Throws when the range result has no such step.
 */
export function middleStep(ranged: MetricValue, tMs: number, as: 'vector' | 'scalar'): MetricValue {
  if (ranged.kind !== 'matrix') throw new ExpectationError(`expected a matrix, got ${ranged.kind}`);
  const series = ranged.series.flatMap((s) => s.points.filter(([t]) => t === tMs).map((p) => ({ labels: s.labels, points: [p] })));
  if (as === 'vector') return { kind: 'vector', series };
  const first = series[0];
  if (!first) throw new ExpectationError('no value at the middle step');
  return { kind: 'scalar', v: first.points[0]![1] };
}
