/**
 * Merging samples from several sources (chunks of a series, write-ahead rows) into one ascending
 * run with last-write-wins on equal timestamps. Values stay in Float64Arrays end to end: V8
 * canonicalises NaN payloads stored in plain JS arrays, which would turn the staleness marker into
 * an ordinary NaN.
 */

/** Samples in arrival order; a later sample at the same timestamp wins. */
export class SampleRuns {
  t = new Float64Array(16);
  v = new Float64Array(16);
  length = 0;
  /** True while every pushed timestamp is greater than the previous one. */
  ascending = true;

  push(t: number, v: number): void {
    if (this.length === this.t.length) {
      const nt = new Float64Array(this.length * 2);
      nt.set(this.t);
      this.t = nt;
      const nv = new Float64Array(this.length * 2);
      nv.set(this.v);
      this.v = nv;
    }
    if (this.length > 0 && t <= this.t[this.length - 1]!) this.ascending = false;
    this.t[this.length] = t;
    this.v[this.length] = v;
    this.length++;
  }

  clear(): void {
    this.length = 0;
    this.ascending = true;
  }
}

/** Sorted, de-duplicated samples. */
export interface MergedSamples {
  readonly timestamps: Float64Array;
  readonly values: Float64Array;
}

/** Samples in arrival order, as SampleRuns and the range decoder's SampleBuffer hold them. */
export interface SampleSource {
  readonly t: Float64Array;
  readonly v: Float64Array;
  readonly length: number;
  /** True when every timestamp is greater than the previous one. */
  readonly ascending: boolean;
}

/** Sorts by time, keeping the last pushed value of each timestamp. */
export function mergeSamples(runs: SampleSource): MergedSamples {
  const n = runs.length;
  if (runs.ascending) return { timestamps: runs.t.slice(0, n), values: runs.v.slice(0, n) };
  const idx = new Uint32Array(n);
  for (let i = 0; i < n; i++) idx[i] = i;
  const t = runs.t;
  // Stable by index, so among equal timestamps the last pushed sorts last.
  idx.sort((a, b) => t[a]! - t[b]! || a - b);
  const outT = new Float64Array(n);
  const outV = new Float64Array(n);
  let m = 0;
  for (let k = 0; k < n; k++) {
    const i = idx[k]!;
    if (m > 0 && outT[m - 1] === t[i]) outV[m - 1] = runs.v[i]!;
    else {
      outT[m] = t[i]!;
      outV[m] = runs.v[i]!;
      m++;
    }
  }
  return { timestamps: outT.slice(0, m), values: outV.slice(0, m) };
}
