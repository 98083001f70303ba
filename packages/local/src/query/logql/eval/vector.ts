import type { Labels } from '../../../model/labels.js';
import { fullLabelsKey } from './labels-builder.js';

/** One sample of an instant vector at a step. `key` identifies the label set. */
export interface Sample {
  readonly labels: Labels;
  readonly key: string;
  readonly v: number;
}

/** The steps a metric query is evaluated at: `start + i * step` for `i < steps` (ns). */
export interface StepGrid {
  readonly startNs: bigint;
  readonly stepNs: bigint;
  readonly steps: number;
}

/** A metric expression evaluated at every step of the grid. */
export type StepVectors = Sample[][];

export function stepTimeNs(grid: StepGrid, i: number): bigint {
  return grid.startNs + BigInt(i) * grid.stepNs;
}

export function sample(labels: Labels, v: number, key?: string): Sample {
  return { labels, key: key ?? fullLabelsKey(labels), v };
}

/** Prometheus' `labels.Compare`: pairwise by name then value, then by length. */
export function compareLabels(a: Labels, b: Labels): number {
  const ka = Object.keys(a).sort();
  const kb = Object.keys(b).sort();
  const n = Math.min(ka.length, kb.length);
  for (let i = 0; i < n; i++) {
    if (ka[i] !== kb[i]) return ka[i]! < kb[i]! ? -1 : 1;
    const va = a[ka[i]!]!;
    const vb = b[kb[i]!]!;
    if (va !== vb) return va < vb ? -1 : 1;
  }
  return ka.length - kb.length;
}
