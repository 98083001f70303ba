/**
 * One number a benchmark measured. Benchmarks compare side by side in one run: where a real
 * server (Prometheus) or an uninstrumented service is the reference, `baseline` holds its number
 * from the same run and the goal is usually on the ratio.
 */
export interface Measurement {
  /** What was measured, e.g. `metrics ingest (remote write)`. */
  readonly name: string;
  /** e.g. `samples/s`, `bytes/sample`, `ms`, `MB`. */
  readonly unit: string;
  readonly value: number;
  /** The reference measured in the same run, e.g. `{ label: 'prometheus 2.42', value: 8.1 }`. */
  readonly baseline?: { readonly label: string; readonly value: number };
  /** The goal from the issue. `subject: 'ratio'` compares value / baseline. */
  readonly goal?: { readonly op: '>=' | '<='; readonly value: number; readonly subject: 'value' | 'ratio' };
  /** Why a goal was missed, or what the number depends on. */
  readonly note?: string;
}

/** What one benchmark module returns. */
export interface BenchResult {
  readonly benchmark: string;
  readonly measurements: readonly Measurement[];
  /** How it was measured: data sizes, durations, anything a reader needs to reproduce it. */
  readonly notes?: readonly string[];
  /** Wall seconds the benchmark took (set by the runner). */
  readonly durationSeconds?: number;
}

/** Options every benchmark receives. */
export interface BenchContext {
  /** `--quick`: smaller data, for a smoke run; numbers are not comparable with a full run. */
  readonly quick: boolean;
  /** A scratch folder, removed after the run. */
  readonly workDir: string;
  /** Progress for the person waiting: one line at a time, to stderr. */
  progress(message: string): void;
}

/** A benchmark module's export. */
export interface Benchmark {
  readonly name: string;
  readonly description: string;
  run(context: BenchContext): Promise<BenchResult>;
}
