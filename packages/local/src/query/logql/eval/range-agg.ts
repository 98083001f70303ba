import { formatLabels, type Labels } from '../../../model/labels.js';
import type { LogReader } from '../../../model/store.js';
import type { Grouping, LabelFilterExpr, MetricExpr, RangeOp, Unwrap } from '../syntax/ast.js';
import { GoValueError, parseGoDuration, parseGoFloat, parseHumanBytes } from '../syntax/literals.js';
import type { QueryContext } from './context.js';
import { LogQLPipelineError } from './errors.js';
import { compileLabelFilter, type LabelTest } from './label-filter.js';
import { ERROR_LABEL, streamBase, type LabelsBuilder } from './labels-builder.js';
import { Pipeline } from './pipeline.js';
import { windowFunction } from './range-functions.js';
import { ERR_SAMPLE_EXTRACTION } from './stage.js';
import { sample, type StepGrid, type StepVectors } from './vector.js';

type RangeAggExpr = Extract<MetricExpr, { kind: 'range_agg' }>;

/** Operations whose per-window value is a sum of per-line values: evaluated by step buckets, without keeping lines. */
const ADDITIVE = new Set<RangeOp>(['count_over_time', 'rate', 'bytes_over_time', 'bytes_rate', 'absent_over_time']);

/** Range operations a `sum` may push its grouping into (Loki's `canInjectVectorGrouping`). */
export const PUSHDOWN_OPS = new Set<RangeOp>(['bytes_over_time', 'bytes_rate', 'sum_over_time', 'rate', 'count_over_time']);

type Extract1 = (lbs: LabelsBuilder, line: string) => number | undefined;

function convertUnwrapped(conv: Unwrap['conversion'], text: string): number {
  switch (conv) {
    case 'float':
      return parseGoFloat(text);
    case 'duration':
    case 'duration_seconds':
      return parseGoDuration(text) / 1e9;
    case 'bytes':
      return parseHumanBytes(text);
  }
}

/** Loki's `labelSampleExtractor`: the label's value, converted; a failed conversion sets `__error__`. */
function unwrapExtractor(u: Unwrap): Extract1 {
  const post: LabelTest[] = u.postFilters.map((f: LabelFilterExpr) => compileLabelFilter(f));
  return (lbs) => {
    const text = lbs.get(u.label);
    if (text === undefined || text === '') return undefined;
    let v = 0;
    try {
      v = convertUnwrapped(u.conversion, text);
    } catch (error) {
      if (!(error instanceof GoValueError)) throw error;
      lbs.setErr(ERR_SAMPLE_EXTRACTION, error.message);
    }
    for (const f of post) if (!f(lbs)) return undefined;
    return v;
  };
}

/** The groups a sample's labels are reduced to (Loki's extractor grouping rules). */
function extractorGrouping(expr: RangeAggExpr, pushdown: Grouping | undefined): { groups: string[] | undefined; without: boolean } {
  const g = expr.grouping ?? pushdown;
  if (expr.range.unwrap) {
    if (!g || g.labels.length === 0 || g.without) return { groups: [...(g?.labels ?? []), expr.range.unwrap.label].sort(), without: true };
    return { groups: [...new Set(g.labels)].sort(), without: false };
  }
  if (!g || (g.labels.length === 0 && !g.without)) return { groups: undefined, without: false };
  return { groups: [...new Set(g.labels)].sort(), without: g.without };
}

interface SeriesAcc {
  readonly labels: Labels;
  /** Additive: per-step difference arrays of line counts and values. */
  counts?: Float64Array;
  sums?: Float64Array;
  /** Windowed: sample times (ns from the read base) and values, in arrival order. */
  t?: Float64Array;
  v?: Float64Array;
  n: number;
  sorted: boolean;
}

function grow(a: Float64Array, n: number): Float64Array {
  if (n < a.length) return a;
  const b = new Float64Array(a.length * 2);
  b.set(a);
  return b;
}

/**
 * Evaluates a range aggregation at every step: windows `(t - range - offset, t - offset]` per
 * step (Loki's range vector iterator), the pipeline on every line, samples grouped by their
 * labels. Counting operations add into per-step buckets as lines stream by; the others keep the
 * samples and evaluate each window. A series that carries `__error__` fails the query with
 * Loki's pipeline error.
 */
export function evalRangeAgg(ctx: QueryContext, reader: LogReader, expr: RangeAggExpr, grid: StepGrid, pushdown?: Grouping): StepVectors {
  const r = expr.range;
  const pipeline = new Pipeline(r.selector.stages, ctx.query);
  const { groups, without } = extractorGrouping(expr, pushdown);
  const additive = ADDITIVE.has(expr.op) && !r.unwrap;
  const bytes = expr.op === 'bytes_over_time' || expr.op === 'bytes_rate';
  const unwrap = r.unwrap ? unwrapExtractor(r.unwrap) : undefined;
  const offset = BigInt(r.offsetNs);
  const range = BigInt(r.rangeNs);
  // All times become numbers of nanoseconds after `base`; windows are then (i*step, i*step + range].
  const base = grid.startNs - offset - range;
  const step = Number(grid.stepNs);
  const rangeN = r.rangeNs;
  const readStart = base + 1n;
  const readEnd = grid.startNs + BigInt(grid.steps - 1) * grid.stepNs - offset + 1n;
  const series = new Map<string, SeriesAcc>();
  const refs = ctx.read(() => reader.streams(r.selector.matchers, readStart, readEnd));
  ctx.stats.streams += refs.length;
  const steps = grid.steps;

  const firstStep = (rel: number): number => (steps === 1 ? 0 : Math.max(0, Math.ceil((rel - rangeN) / step)));
  const lastStep = (rel: number): number => (steps === 1 ? 0 : Math.min(steps - 1, Math.ceil(rel / step) - 1));

  const hint = ctx.entryFilter(pipeline.literals);
  for (const ref of refs) {
    const sb = streamBase(ref.labels);
    const entries = ctx.read(() => reader.entries(ref.id, readStart, readEnd, 'forward', hint));
    ctx.read(() => {
      for (const e of entries) {
        let mdBytes = 0;
        if (e.metadata) for (const k in e.metadata) mdBytes += k.length + e.metadata[k]!.length;
        ctx.countLine(Buffer.byteLength(e.line), mdBytes);
        const state = pipeline.process(sb, e);
        if (!state) continue;
        let value: number;
        if (unwrap) {
          const v = unwrap(state.lbs, state.line);
          if (v === undefined) continue;
          value = v;
        } else value = bytes ? Buffer.byteLength(state.line) : 1;
        ctx.stats.postFilterLines++;
        const rel = Number(e.tsNs - base);
        const res = state.lbs.grouped(groups, without);
        let acc = series.get(res.key);
        if (!acc) {
          acc = additive ? { labels: res.labels, counts: new Float64Array(steps + 1), ...(bytes ? { sums: new Float64Array(steps + 1) } : {}), n: 0, sorted: true } : { labels: res.labels, t: new Float64Array(16), v: new Float64Array(16), n: 0, sorted: true };
          series.set(res.key, acc);
        }
        if (additive) {
          const a = firstStep(rel);
          const b = lastStep(rel);
          if (steps === 1 ? rel <= 0 || rel > rangeN : a > b) continue;
          acc.counts![a]! += 1;
          acc.counts![b + 1]! -= 1;
          if (acc.sums) {
            acc.sums[a]! += value;
            acc.sums[b + 1]! -= value;
          }
          acc.n++;
        } else {
          acc.t = grow(acc.t!, acc.n);
          acc.v = grow(acc.v!, acc.n);
          if (acc.n > 0 && acc.t[acc.n - 1]! > rel) acc.sorted = false;
          acc.t[acc.n] = rel;
          acc.v[acc.n] = value;
          acc.n++;
        }
      }
    });
  }
  return additive ? additiveSteps(expr, series, steps, rangeN) : windowSteps(expr, series, steps, step, rangeN);
}

function failOnError(labels: Labels): void {
  const err = labels[ERROR_LABEL];
  if (err !== undefined) throw new LogQLPipelineError(err, formatLabels(labels));
}

function additiveSteps(expr: RangeAggExpr, series: Map<string, SeriesAcc>, steps: number, rangeN: number): StepVectors {
  const out: StepVectors = Array.from({ length: steps }, () => []);
  const seconds = rangeN / 1e9;
  for (const [key, acc] of series) {
    if (acc.n === 0) continue;
    failOnError(acc.labels);
    let count = 0;
    let total = 0;
    for (let i = 0; i < steps; i++) {
      count += acc.counts![i]!;
      if (acc.sums) total += acc.sums[i]!;
      if (count <= 0) continue;
      let v: number;
      switch (expr.op) {
        case 'count_over_time':
          v = count;
          break;
        case 'rate':
          v = count / seconds;
          break;
        case 'bytes_over_time':
          v = total;
          break;
        case 'bytes_rate':
          v = total / seconds;
          break;
        default:
          v = 1;
      }
      out[i]!.push(sample(acc.labels, v, key));
    }
  }
  return out;
}

function sortSeries(acc: SeriesAcc): void {
  if (acc.sorted) return;
  const idx = Array.from({ length: acc.n }, (_x, i) => i).sort((a, b) => acc.t![a]! - acc.t![b]! || a - b);
  const t = Float64Array.from(idx, (i) => acc.t![i]!);
  const v = Float64Array.from(idx, (i) => acc.v![i]!);
  acc.t = t;
  acc.v = v;
  acc.sorted = true;
}

function windowSteps(expr: RangeAggExpr, series: Map<string, SeriesAcc>, steps: number, step: number, rangeN: number): StepVectors {
  const out: StepVectors = Array.from({ length: steps }, () => []);
  const fn = windowFunction(expr.op, rangeN, expr.param);
  for (const [key, acc] of series) {
    sortSeries(acc);
    const t = acc.t!.subarray(0, acc.n);
    const v = acc.v!.subarray(0, acc.n);
    let lo = 0;
    let hi = 0;
    for (let i = 0; i < steps; i++) {
      const start = i * step;
      const end = start + rangeN;
      while (lo < t.length && t[lo]! <= start) lo++;
      if (hi < lo) hi = lo;
      while (hi < t.length && t[hi]! <= end) hi++;
      if (hi <= lo) continue;
      failOnError(acc.labels);
      out[i]!.push(sample(acc.labels, fn(t, v, lo, hi), key));
    }
  }
  return out;
}

/**
 * `absent_over_time`: 1 with the selector's equality labels at each step where the inner range
 * aggregation has no series (Loki's `AbsentRangeVectorEvaluator` and `absentLabels`).
 */
export function absentSteps(expr: RangeAggExpr, present: StepVectors): StepVectors {
  const labels: Record<string, string> = {};
  const dropped = new Set<string>();
  for (const m of expr.range.selector.matchers) {
    if (m.op === '=' && labels[m.name] === undefined && !dropped.has(m.name)) labels[m.name] = m.value;
    else dropped.add(m.name);
  }
  for (const d of dropped) delete labels[d];
  const sorted: Record<string, string> = {};
  for (const k of Object.keys(labels).sort()) sorted[k] = labels[k]!;
  return present.map((vec) => (vec.length > 0 ? [] : [sample(sorted, 1)]));
}
