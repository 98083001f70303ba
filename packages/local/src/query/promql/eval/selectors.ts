import { isStaleNaN } from '../../../model/metrics.js';
import type { AtModifier, MatrixSelector, VectorSelector } from '../syntax/ast.js';
import { guardedRead, type EvalContext } from './context.js';
import { sortByLabels } from './label-ops.js';
import { stepTime, type EvalRange, type MatrixValue, type RawSeries, type StepSeries, type VectorValue } from './values.js';

/** The fixed time an `@` modifier pins a selector to, or undefined. */
export function resolveAt(ctx: EvalContext, at: AtModifier | undefined): number | undefined {
  if (!at) return undefined;
  if (at.kind === 'time') return at.ms;
  return at.kind === 'start' ? ctx.queryStart : ctx.queryEnd;
}

/**
 * An instant vector selector at every step: at step time `ts` each series contributes its latest
 * sample at or before `ts - offset` (or `@ - offset`), if that sample is newer than the lookback
 * delta (left-open: a sample exactly `lookback` old no longer counts, as in Prometheus 3) and is
 * not a staleness marker, which ends the series at once.
 */
export function selectVector(ctx: EvalContext, vs: VectorSelector, range: EvalRange, withSampleTimes = false): VectorValue {
  const atMs = resolveAt(ctx, vs.at);
  const refStart = (atMs ?? range.start) - vs.offsetMs;
  const refEnd = (atMs ?? stepTime(range, range.steps - 1)) - vs.offsetMs;
  const lookback = ctx.lookbackDeltaMs;
  const data = guardedRead(() => ctx.reader.select(vs.matchers, refStart - lookback + 1, refEnd, ctx.limits.readHints()));
  const out: StepSeries[] = [];
  for (const s of data) {
    ctx.limits.tick();
    const t = s.timestamps;
    const v = s.values;
    const steps: number[] = [];
    const values: number[] = [];
    const times: number[] | undefined = withSampleTimes ? [] : undefined;
    let j = -1; // index of the last sample at or before the reference time
    for (let i = 0; i < range.steps; i++) {
      const ref = (atMs ?? stepTime(range, i)) - vs.offsetMs;
      while (j + 1 < t.length && t[j + 1]! <= ref) j++;
      if (j < 0 || t[j]! <= ref - lookback) continue;
      const value = v[j]!;
      if (Number.isNaN(value) && isStaleNaN(value)) continue;
      steps.push(i);
      values.push(value);
      times?.push(t[j]!);
    }
    if (steps.length > 0) out.push(times ? { labels: s.labels, steps, values, sampleTimes: times } : { labels: s.labels, steps, values });
  }
  return { type: 'vector', series: sortByLabels(out) };
}

/**
 * The raw samples a range selector needs for every step's window, staleness markers removed
 * (Prometheus drops them from range vectors).
 */
export function selectMatrix(ctx: EvalContext, ms: MatrixSelector, range: EvalRange): MatrixValue {
  const vs = ms.selector;
  const atMs = resolveAt(ctx, vs.at);
  const endFirst = (atMs ?? range.start) - vs.offsetMs;
  const endLast = (atMs ?? stepTime(range, range.steps - 1)) - vs.offsetMs;
  const data = guardedRead(() => ctx.reader.select(vs.matchers, endFirst - ms.rangeMs + 1, endLast, ctx.limits.readHints()));
  const series: RawSeries[] = [];
  for (const s of data) {
    ctx.limits.tick();
    let stale = 0;
    for (let k = 0; k < s.values.length; k++) if (Number.isNaN(s.values[k]!) && isStaleNaN(s.values[k]!)) stale++;
    if (stale === 0) {
      series.push({ labels: s.labels, t: s.timestamps, v: s.values });
      continue;
    }
    const n = s.values.length - stale;
    if (n === 0) continue;
    const t = new Float64Array(n);
    const v = new Float64Array(n);
    let w = 0;
    for (let k = 0; k < s.values.length; k++) {
      const x = s.values[k]!;
      if (Number.isNaN(x) && isStaleNaN(x)) continue;
      t[w] = s.timestamps[k]!;
      v[w++] = x;
    }
    series.push({ labels: s.labels, t, v });
  }
  return { type: 'matrix', series: sortByLabels(series), rangeMs: ms.rangeMs, offsetMs: vs.offsetMs, atMs, metricName: vs.name };
}
