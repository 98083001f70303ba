import type { LogReader, MetricReader, TraceReader } from '../../model/store.js';

/** What a job module gets to build its jobs: the store's readers and its slice of the runner options. */
export interface JobContext {
  readonly metrics: MetricReader;
  readonly logs: LogReader;
  readonly traces: TraceReader;
  /** Options for the module (e.g. the PromQL engine's limits), as given to the runner; structured-cloneable. */
  readonly options: Readonly<Record<string, unknown>>;
}

/** A job: parameters in, a structured-cloneable result out (a JSON string is cheapest to move between threads). */
export type Job = (params: never) => unknown;

/**
 * A module of jobs (PromQL's, later LogQL's and TraceQL's). The runner imports it in every
 * worker thread by URL, so it must export `createJobs` and nothing it needs may come from the
 * main thread.
 */
export interface JobModule {
  createJobs(ctx: JobContext): Readonly<Record<string, Job>>;
}
