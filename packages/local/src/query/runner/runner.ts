import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { QueryTimeoutError } from '../../model/errors.js';
import type { LogReader, MetricReader, TraceReader } from '../../model/store.js';
import { reviveError, type SerializedError } from './error-transport.js';
import { QueryWorkerError } from './errors.js';
import type { Job, JobModule } from './jobs.js';
import type { JobModuleSpec, WorkerData, WorkerRequest, WorkerResponse } from './worker-main.js';

/** The PromQL jobs (`promql.query`, `promql.query_range`, `promql.series`, ...). */
export const PROMQL_JOB_MODULE: string = new URL('../promql/jobs.js', import.meta.url).href;
const WORKER_URL = new URL('./worker-main.js', import.meta.url);

/** Options of {@link createQueryRunner}. */
export interface QueryRunnerOptions {
  /** The SQLite store's data folder: jobs then run in worker threads on read-only connections. */
  readonly dataDir?: string;
  /** Readers to run jobs on the calling thread instead (the in-memory store, tests). */
  readonly readers?: { readonly metrics: MetricReader; readonly logs: LogReader; readonly traces: TraceReader };
  /** Job modules and their options. Default: PromQL's, without options. */
  readonly modules?: readonly JobModuleSpec[];
  /** Worker threads. Default: 2 when the machine has more than 2 cores, else 1. */
  readonly workers?: number;
  /** A job's time limit when `run` is not given one (ms). Default 2m, Prometheus' query timeout. */
  readonly timeoutMs?: number;
  /** How long past its limit a job may run (a stuck cooperative check) before its worker is terminated and replaced. Default 5s. */
  readonly terminateGraceMs?: number;
}

type ResolvedRunnerOptions = Required<Omit<QueryRunnerOptions, 'dataDir' | 'readers'>> & Pick<QueryRunnerOptions, 'dataDir' | 'readers'>;

/** Fills in the defaults of {@link QueryRunnerOptions}. */
export function applyRunnerDefaults(o: QueryRunnerOptions): ResolvedRunnerOptions {
  return {
    dataDir: o.dataDir,
    readers: o.readers,
    modules: o.modules ?? [{ url: PROMQL_JOB_MODULE }],
    workers: o.workers ?? (availableParallelism() > 2 ? 2 : 1),
    timeoutMs: o.timeoutMs ?? 120_000,
    terminateGraceMs: o.terminateGraceMs ?? 5_000,
  };
}

/** Per-run options. */
export interface RunOptions {
  /** This job's time limit (ms); also counts time spent waiting for a free worker. */
  readonly timeoutMs?: number;
  /** Aborting drops the job if it has not started yet. */
  readonly signal?: AbortSignal;
}

/** Counters about the runner, for `/metrics`. */
export interface QueryRunnerStats {
  readonly workers: number;
  readonly busy: number;
  readonly queued: number;
  /** Workers terminated for running past their limit, or that died. */
  readonly restarts: number;
}

/**
 * Runs query jobs (a name and parameters in, a JSON-able result out) off the ingest thread. Query
 * languages plug in as job modules; the HTTP routes only name jobs.
 */
export interface QueryRunner {
  run<T = unknown>(job: string, params: Readonly<Record<string, unknown>>, options?: RunOptions): Promise<T>;
  stats(): QueryRunnerStats;
  /** Stops every worker; pending jobs fail. Idempotent. */
  close(): Promise<void>;
}

interface Pending {
  readonly id: number;
  readonly job: string;
  readonly params: unknown;
  readonly deadline: number;
  resolve(v: unknown): void;
  reject(e: unknown): void;
  timer?: NodeJS.Timeout;
}

interface Slot {
  worker: Worker;
  ready: boolean;
  current: Pending | undefined;
}

class WorkerPoolRunner implements QueryRunner {
  private readonly slots: Slot[] = [];
  private readonly queue: Pending[] = [];
  private nextId = 1;
  private restarts = 0;
  private closed = false;
  private fatal: Error | undefined;

  constructor(private readonly o: ResolvedRunnerOptions & { dataDir: string }) {
    for (let i = 0; i < o.workers; i++) this.slots.push(this.spawn());
  }

  private spawn(): Slot {
    const data: WorkerData = { dataDir: this.o.dataDir, modules: this.o.modules };
    const slot: Slot = { worker: new Worker(WORKER_URL, { workerData: data }), ready: false, current: undefined };
    slot.worker.on('message', (msg: WorkerResponse | 'ready' | { fatal: SerializedError }) => {
      if (msg === 'ready') {
        slot.ready = true;
        this.fatal = undefined;
        this.dispatch();
        return;
      }
      if ('fatal' in msg) {
        this.fatal = new QueryWorkerError(`the query worker could not start: ${msg.fatal.message}`);
        this.failAll(this.fatal);
        return;
      }
      const p = slot.current;
      if (!p || p.id !== msg.id) return;
      slot.current = undefined;
      clearTimeout(p.timer);
      if (msg.ok) p.resolve(msg.result);
      else p.reject(reviveError(msg.error));
      this.dispatch();
    });
    slot.worker.on('error', (error) => this.replace(slot, new QueryWorkerError(`a query worker failed: ${error.message}`, { cause: error })));
    slot.worker.on('exit', () => {
      if (!this.closed) this.replace(slot, new QueryWorkerError('a query worker exited unexpectedly'));
    });
    return slot;
  }

  /** Fails the slot's job, if any, and puts a fresh worker in its place. */
  private replace(slot: Slot, error: Error): void {
    const i = this.slots.indexOf(slot);
    if (i < 0 || this.closed) return;
    const p = slot.current;
    slot.current = undefined;
    if (p) {
      clearTimeout(p.timer);
      p.reject(error);
    }
    slot.worker.removeAllListeners();
    void slot.worker.terminate();
    this.restarts++;
    this.slots[i] = this.spawn();
  }

  private failAll(error: Error): void {
    for (const p of this.queue.splice(0)) {
      clearTimeout(p.timer);
      p.reject(error);
    }
  }

  run<T>(job: string, params: Readonly<Record<string, unknown>>, options: RunOptions = {}): Promise<T> {
    if (this.closed) return Promise.reject(new QueryWorkerError('the query runner is closed'));
    if (this.fatal) return Promise.reject(this.fatal);
    const timeoutMs = options.timeoutMs ?? this.o.timeoutMs;
    return new Promise<T>((resolve, reject) => {
      const p: Pending = { id: this.nextId++, job, params, deadline: Date.now() + timeoutMs, resolve: resolve as (v: unknown) => void, reject };
      // A job still queued at its deadline fails then, not when a worker frees up (a stuck one may take the grace period too).
      p.timer = setTimeout(() => {
        const at = this.queue.indexOf(p);
        if (at < 0) return;
        this.queue.splice(at, 1);
        reject(new QueryTimeoutError('query timed out in query queue'));
      }, timeoutMs);
      options.signal?.addEventListener('abort', () => {
        const at = this.queue.indexOf(p);
        if (at >= 0) {
          this.queue.splice(at, 1);
          clearTimeout(p.timer);
          reject(options.signal!.reason);
        }
      });
      this.queue.push(p);
      this.dispatch();
    });
  }

  private dispatch(): void {
    for (const slot of this.slots) {
      if (!slot.ready || slot.current) continue;
      let p = this.queue.shift();
      while (p && Date.now() > p.deadline) {
        p.reject(new QueryTimeoutError('query timed out in query queue'));
        p = this.queue.shift();
      }
      if (!p) return;
      clearTimeout(p.timer);
      slot.current = p;
      // Last resort: the job checks its own deadline; one that does not (a stuck read) loses its worker.
      p.timer = setTimeout(() => this.replace(slot, new QueryTimeoutError('query timed out in expression evaluation')), Math.max(0, p.deadline - Date.now()) + this.o.terminateGraceMs);
      const req: WorkerRequest = { id: p.id, job: p.job, params: p.params };
      slot.worker.postMessage(req);
    }
  }

  stats(): QueryRunnerStats {
    return { workers: this.slots.length, busy: this.slots.filter((s) => s.current).length, queued: this.queue.length, restarts: this.restarts };
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.failAll(new QueryWorkerError('the query runner is closed'));
    await Promise.all(
      this.slots.map(async (s) => {
        s.current?.reject(new QueryWorkerError('the query runner is closed'));
        clearTimeout(s.current?.timer);
        s.worker.removeAllListeners();
        await s.worker.terminate();
      }),
    );
  }
}

/** Runs jobs on the calling thread, for the in-memory store: same interface, no isolation. */
class InlineRunner implements QueryRunner {
  private jobs: Map<string, Job> | undefined;
  private closed = false;

  constructor(private readonly o: ResolvedRunnerOptions & { readers: NonNullable<QueryRunnerOptions['readers']> }) {}

  private async load(): Promise<Map<string, Job>> {
    if (this.jobs) return this.jobs;
    const jobs = new Map<string, Job>();
    for (const spec of this.o.modules) {
      const mod = (await import(spec.url)) as JobModule;
      for (const [name, job] of Object.entries(mod.createJobs({ ...this.o.readers, options: spec.options ?? {} }))) jobs.set(name, job);
    }
    return (this.jobs = jobs);
  }

  async run<T>(job: string, params: Readonly<Record<string, unknown>>, options: RunOptions = {}): Promise<T> {
    if (this.closed) throw new QueryWorkerError('the query runner is closed');
    const jobs = await this.load();
    options.signal?.throwIfAborted();
    const fn = jobs.get(job);
    if (!fn) throw new Error(`unknown query job ${JSON.stringify(job)}`);
    return fn(params as never) as T;
  }

  stats(): QueryRunnerStats {
    return { workers: 0, busy: 0, queued: 0, restarts: 0 };
  }

  async close(): Promise<void> {
    this.closed = true;
  }
}

/**
 * Creates a query runner: a pool of worker threads on the SQLite store (`dataDir`), so queries
 * never block ingest and a runaway query is cut off, or an inline runner over given readers.
 *
 * @example
 * ```ts
 * const runner = createQueryRunner({ dataDir: store.dataDir });
 * const answer = await runner.run('promql.query', { query: 'up', time: Date.now() });
 * ```
 */
export function createQueryRunner(options: QueryRunnerOptions): QueryRunner {
  const o = applyRunnerDefaults(options);
  if (o.dataDir !== undefined) return new WorkerPoolRunner({ ...o, dataDir: o.dataDir });
  if (o.readers) return new InlineRunner({ ...o, readers: o.readers });
  throw new QueryWorkerError('createQueryRunner needs a dataDir (SQLite store) or readers (in-memory store)');
}
