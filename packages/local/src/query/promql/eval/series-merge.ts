import { keyOf } from './label-ops.js';
import { QueryExecutionError } from './errors.js';
import type { StepSeries } from './values.js';

const SAME_LABELSET = 'vector cannot contain metrics with the same labelset';

/**
 * Combines series that ended up with the same labels (after `__name__` was dropped, say). As in
 * Prometheus' per-step evaluation, two of them may share a label set as long as they never have
 * a value at the same step; a clash at one step is an error.
 */
export function mergeSameLabels(series: StepSeries[]): StepSeries[] {
  if (series.length < 2) return series;
  // The usual case: labels were unique and only __name__ was dropped from series of one metric.
  if (!hasDifferentNames(series)) return series;
  const byKey = new Map<string, number>();
  let collided = false;
  const keys = series.map((s) => keyOf(s.labels));
  for (let i = 0; i < keys.length; i++) {
    if (byKey.has(keys[i]!)) collided = true;
    else byKey.set(keys[i]!, i);
  }
  if (!collided) return series;
  const groups = new Map<string, StepSeries[]>();
  for (let i = 0; i < series.length; i++) {
    const g = groups.get(keys[i]!);
    if (g) g.push(series[i]!);
    else groups.set(keys[i]!, [series[i]!]);
  }
  const out: StepSeries[] = [];
  for (const group of groups.values()) {
    if (group.length === 1) {
      out.push(group[0]!);
      continue;
    }
    const points: Array<[number, number]> = [];
    for (const s of group) for (let k = 0; k < s.steps.length; k++) points.push([s.steps[k]!, s.values[k]!]);
    points.sort((a, b) => a[0] - b[0]);
    for (let k = 1; k < points.length; k++) if (points[k]![0] === points[k - 1]![0]) throw new QueryExecutionError(SAME_LABELSET);
    out.push({ labels: group[0]!.labels, steps: points.map((p) => p[0]), values: points.map((p) => p[1]) });
  }
  return out;
}

/**
 * False when every series had the same metric name (or none) before it was dropped: unique
 * label sets stay unique, so there is nothing to merge. Callers pass their outputs, whose
 * `sourceName` says what was dropped.
 */
function hasDifferentNames(series: readonly StepSeries[]): boolean {
  const first = series[0]!.sourceName;
  if (first === undefined) return true;
  for (const s of series) if (s.sourceName !== first) return true;
  return false;
}

/** The error Prometheus raises for duplicate output label sets. */
export function sameLabelsetError(): QueryExecutionError {
  return new QueryExecutionError(SAME_LABELSET);
}
